package dev.tandem.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP relay in front of a server (PostgreSQL, typically), to make it "unreachable" on demand without
 * touching the server: {@link #cut()} resets every relayed connection and refuses new ones (accepted, then reset
 * at once), {@link #restore()} relays again. Deterministic where restarting a real server is not.
 *
 * <pre>{@code
 * try (TcpProxy proxy = TcpProxy.inFrontOf(db.jdbcUrl())) {
 *     DataSource pool = pool(proxy.jdbcUrl(db.jdbcUrl()));
 *     proxy.cut();      // every query now fails
 *     proxy.restore();  // new connections work again
 * }
 * }</pre>
 */
public final class TcpProxy implements AutoCloseable {
    private static final String JDBC_PREFIX = "jdbc:postgresql://";
    private static final int POSTGRES_PORT = 5432;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Object lock = new Object();
    /** Both sockets of every relayed connection; guarded by {@link #lock}. */
    private final List<Socket> live = new ArrayList<>();
    private boolean refusing;
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    /** Starts relaying from a free loopback port to {@code host:port}. */
    public TcpProxy(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A relay to the server of a {@code jdbc:postgresql://host[:port]/...} URL (one host). */
    public static TcpProxy inFrontOf(String jdbcUrl) throws IOException {
        URI uri = uriOf(jdbcUrl);
        return new TcpProxy(uri.getHost(), uri.getPort() < 0 ? POSTGRES_PORT : uri.getPort());
    }

    /** {@code jdbcUrl} with its host and port replaced by this relay's. */
    public String jdbcUrl(String jdbcUrl) {
        URI uri = uriOf(jdbcUrl);
        String rest = jdbcUrl.substring(JDBC_PREFIX.length() + uri.getRawAuthority().length());
        return JDBC_PREFIX + "127.0.0.1:" + port() + rest;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Resets every relayed connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        synchronized (lock) {
            refusing = true;
            for (Socket s : live) {
                reset(s);
            }
            live.clear();
        }
    }

    /** Relays new connections again. */
    public void restore() {
        synchronized (lock) {
            refusing = false;
        }
    }

    /** Connections relayed since start. */
    public long relayed() {
        return relayed.get();
    }

    /** Connections refused while cut. */
    public long refused() {
        return refused.get();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cut();
    }

    private static URI uriOf(String jdbcUrl) {
        if (!jdbcUrl.startsWith(JDBC_PREFIX)) {
            throw new IllegalArgumentException("not a " + JDBC_PREFIX + " URL: " + jdbcUrl);
        }
        return URI.create(jdbcUrl.substring("jdbc:".length()));
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            synchronized (lock) {
                if (refusing) {
                    refused.incrementAndGet();
                    reset(client);
                    continue;
                }
                Socket server = new Socket();
                try {
                    server.connect(target, 5_000);
                } catch (IOException e) {
                    reset(client);
                    reset(server);
                    continue;
                }
                live.add(client);
                live.add(server);
                relayed.incrementAndGet();
                pump(client, server);
                pump(server, client);
            }
        }
    }

    /** Copies one direction until either side closes, then closes both. */
    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().name("tcp-proxy-pump").start(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buf = new byte[16 * 1024];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut, or the other direction closed the pair
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                synchronized (lock) {
                    live.remove(from);
                    live.remove(to);
                }
            }
        });
    }

    /** Closes with a TCP reset, as a dropped path looks to the client, not an orderly goodbye. */
    private static void reset(Socket s) {
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (IOException e) {
            // closing is what matters
        }
        closeQuietly(s);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
