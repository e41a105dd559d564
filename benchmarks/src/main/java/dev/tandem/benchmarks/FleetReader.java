package dev.tandem.benchmarks;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread serving a share of the {@link ClientFleet}'s connections: finishes their connects, sends
 * the handshake, and reads. Counts are kept in plain fields and flushed to the fleet's adders once per
 * selection, so the hot path touches no shared cache line per message.
 */
final class FleetReader extends Thread implements ClientConnection.Sink {
    private final ClientFleet fleet;
    private final Selector selector;
    /** Connections handed over by connect(); bounded by the fleet's handshake slots. */
    private final ConcurrentLinkedQueue<ClientConnection> pending = new ConcurrentLinkedQueue<>();
    private volatile boolean stopping;
    private byte[] request;
    private long deliveries;
    private long bytes;

    FleetReader(ClientFleet fleet, String name) throws IOException {
        super(name);
        setDaemon(true);
        this.fleet = fleet;
        this.selector = Selector.open();
    }

    void add(ClientConnection conn, byte[] handshakeRequest) {
        request = handshakeRequest; // same for every connection; safely published by the queue below
        pending.add(conn);
        selector.wakeup();
    }

    void shutdown() throws InterruptedException {
        stopping = true;
        selector.wakeup();
        join(10_000);
    }

    @Override
    public void delivered(int payloadBytes, long latencyMicros) {
        deliveries++;
        bytes += payloadBytes;
        // Clamped: a clock step must not throw out of the reader thread.
        fleet.latency.recordValue(Math.max(0, Math.min(latencyMicros, ClientFleet.MAX_LATENCY_MICROS)));
    }

    @Override
    public void run() {
        try {
            while (!stopping) {
                for (ClientConnection c; (c = pending.poll()) != null; ) {
                    c.channel.register(selector, SelectionKey.OP_CONNECT, c);
                }
                selector.select();
                long now = WallClock.micros(); // one clock read per wake-up: all its data arrived by now
                for (SelectionKey key : selector.selectedKeys()) {
                    handle(key, now);
                }
                selector.selectedKeys().clear();
                flush();
            }
        } catch (IOException e) {
            System.err.println(getName() + " failed: " + e);
        } finally {
            closeAll();
        }
    }

    private void handle(SelectionKey key, long now) {
        ClientConnection c = (ClientConnection) key.attachment();
        try {
            if (key.isConnectable()) {
                c.channel.finishConnect();
                ByteBuffer req = ByteBuffer.wrap(request);
                while (req.hasRemaining()) {
                    c.channel.write(req); // ~200 bytes into an empty socket buffer
                }
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            boolean wasUpgraded = c.upgraded();
            boolean open = c.read(this, now);
            if (!wasUpgraded && c.upgraded()) {
                fleet.handshakeDone(true);
            }
            if (!open) {
                end(key, c, wasUpgraded);
            }
        } catch (IOException | RuntimeException e) {
            end(key, c, c.upgraded());
        }
    }

    private void end(SelectionKey key, ClientConnection c, boolean wasUpgraded) {
        key.cancel();
        closeQuietly(c);
        if (!wasUpgraded) {
            fleet.handshakeDone(false);
        } else if (!stopping) {
            fleet.disconnects.incrementAndGet();
        }
    }

    private void flush() {
        if (deliveries > 0) {
            fleet.deliveries.add(deliveries);
            fleet.payloadBytes.add(bytes);
            deliveries = 0;
            bytes = 0;
        }
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            closeQuietly((ClientConnection) key.attachment());
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    private static void closeQuietly(ClientConnection c) {
        try {
            // Linger 0: reset rather than FIN, so thousands of closed clients leave no TIME_WAIT ports behind.
            c.channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            c.channel.close();
        } catch (IOException ignored) {
            // Already gone.
        }
    }
}
