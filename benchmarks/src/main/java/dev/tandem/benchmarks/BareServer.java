package dev.tandem.benchmarks;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The ceiling: a Java-WebSocket server that does nothing but {@link #broadcast(String)} a ready-made text.
 * Same library, selector and decoder threads, and socket options as Tandem's LegacyEngine (reuse-address,
 * TCP_NODELAY as asked, default buffer sizes), so the gap between the two is Tandem's own work.
 */
final class BareServer extends WebSocketServer implements BenchServer {
    private final EventText events = new EventText();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;

    BareServer(boolean tcpNoDelay) {
        // Default decoder count (one per processor) and draft, as LegacyEngine has.
        super(new InetSocketAddress("127.0.0.1", 0));
        setReuseAddr(true);
        setTcpNoDelay(tcpNoDelay);
        setDaemon(true);
    }

    @Override
    public void start() {
        super.start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("bare server did not start within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting", e);
        }
        if (startFailure != null) {
            throw new IllegalStateException("bare server failed to start", startFailure);
        }
    }

    @Override
    public int port() {
        return getPort();
    }

    @Override
    public String path() {
        return "/ws";
    }

    @Override
    public boolean tcpNoDelay() {
        return isTcpNoDelay();
    }

    @Override
    public int connections() {
        return getConnections().size();
    }

    @Override
    public void publish(long seq, long stampMicros) {
        broadcast(events.bare(stampMicros));
    }

    @Override
    public void stop() throws InterruptedException {
        stop(1_000);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null && started.getCount() > 0) {
            startFailure = ex;
            started.countDown();
        }
    }

    @Override
    public void onStart() {
        started.countDown();
    }
}
