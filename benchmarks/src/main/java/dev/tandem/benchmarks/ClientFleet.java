package dev.tandem.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * N WebSocket clients on loopback, served by a few selector threads ({@link FleetReader}) rather than a thread
 * each, so 5,000 clients fit on the one core the client JVM is pinned to (it kept 15-70% idle in trials while
 * the server's core was saturated, so the figures are the server's, not the clients').
 */
final class ClientFleet implements AutoCloseable {
    /**
     * Handshakes in flight at once. Java-WebSocket listens with the JDK's default backlog of 50; a connect
     * storm past it makes the kernel drop SYNs, which costs a 1 s retransmit each.
     */
    private static final int MAX_CONCURRENT_HANDSHAKES = 32;
    static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

    private final InetSocketAddress server;
    private final String path;
    private final boolean tcpNoDelay;
    private final List<FleetReader> readers = new ArrayList<>();
    private final Semaphore handshakeSlots = new Semaphore(MAX_CONCURRENT_HANDSHAKES);
    private final AtomicInteger upgraded = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    final LongAdder deliveries = new LongAdder();
    final LongAdder payloadBytes = new LongAdder();
    final AtomicInteger disconnects = new AtomicInteger();
    /** Latency in microseconds; recorders take concurrent writers, and interval snapshots reset them. */
    final Recorder latency = new Recorder(MAX_LATENCY_MICROS, 3);

    ClientFleet(InetSocketAddress server, String path, boolean tcpNoDelay, int readerThreads) throws IOException {
        this.server = server;
        this.path = path;
        this.tcpNoDelay = tcpNoDelay;
        for (int i = 0; i < readerThreads; i++) {
            FleetReader reader = new FleetReader(this, "bench-client-" + i);
            readers.add(reader);
            reader.start();
        }
    }

    /** Opens {@code count} clients and waits until every handshake is done; throws if some failed or timed out. */
    void connect(int count, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] request = ClientConnection.handshake(server.getHostString(), server.getPort(), path);
        for (int i = 0; i < count; i++) {
            if (!handshakeSlots.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("connecting client " + i + " of " + count + " timed out");
            }
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, tcpNoDelay);
            ch.connect(server);
            readers.get(i % readers.size()).add(new ClientConnection(ch), request);
        }
        if (!handshakeSlots.tryAcquire(MAX_CONCURRENT_HANDSHAKES, Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS)) {
            throw new IllegalStateException("handshakes still pending after " + timeout);
        }
        handshakeSlots.release(MAX_CONCURRENT_HANDSHAKES);
        if (upgraded.get() != count || failed.get() > 0) {
            throw new IllegalStateException(upgraded.get() + " of " + count + " clients connected, "
                    + failed.get() + " failed");
        }
    }

    long deliveries() {
        return deliveries.sum();
    }

    /** The latency recorded since the last call, which starts a new interval. */
    Histogram takeLatency() {
        return latency.getIntervalHistogram();
    }

    void handshakeDone(boolean ok) {
        (ok ? upgraded : failed).incrementAndGet();
        handshakeSlots.release();
    }

    @Override
    public void close() throws InterruptedException {
        for (FleetReader reader : readers) {
            reader.shutdown();
        }
    }
}
