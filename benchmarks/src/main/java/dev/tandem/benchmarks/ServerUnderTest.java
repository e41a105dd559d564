package dev.tandem.benchmarks;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One server JVM of one kind with its N clients connected, kept for all of a (clients, nodelay) cell's
 * measurements: bare and Tandem stay up side by side so that their repeats can alternate without paying a
 * JVM start and thousands of handshakes each time (the idle one costs its core next to nothing). Rates are
 * in deliveries/s (events/s × clients) unless named per event.
 */
final class ServerUnderTest implements AutoCloseable {
    /**
     * What a steady-rate step saw: the rate offered and delivered, how much the backlog (published × clients −
     * delivered) grew over the step, and the deliveries of one event (the granularity of both counts).
     */
    record Step(double offered, double delivered, double lagGrowth, int clients) {
        /**
         * Kept up: delivered ≥ 95% of the offered rate and the backlog grew by < 5% of the step's deliveries,
         * give or take one event's fan-out: at 5,000 clients one event is 5,000 deliveries, and whether one is
         * half sent when the step starts or ends would otherwise decide the verdict.
         */
        boolean keptUp(double seconds) {
            return delivered * seconds >= 0.95 * offered * seconds - clients
                    && lagGrowth <= 0.05 * offered * seconds + clients;
        }
    }

    /**
     * Deliveries in flight during the flood: tens of ms of the server's output, enough that it never idles
     * waiting for the 1 ms feedback. Deeper queues (250,000 and 2,000 events before) put the flood in another
     * regime (second-long backlogs, batched writes) that varied 79k-207k/s between repeats at 100 clients.
     */
    private static final long IN_FLIGHT_DELIVERIES = 50_000;
    private static final long MAX_WINDOW_EVENTS = 200;
    private static final long ACK_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(2);
    private static final int WARM_UP_CLIENTS = 16;
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

    final String kind;
    final int clients;
    private final ServerProcess server;
    private final ClientFleet fleet;
    private final long heapPerConnection;

    ServerUnderTest(String kind, int clients, boolean noDelay, BenchOptions options, Pinning pinning)
            throws Exception {
        this.kind = kind;
        this.clients = clients;
        this.server = new ServerProcess(kind, noDelay, options.serverJvmOptions(), pinning.serverPrefix());
        ClientFleet connected = null;
        try {
            warmUp(noDelay);
            long heapBefore = Long.parseLong(server.call("heap", "heap")[1]);
            connected = new ClientFleet(address(), server.path, noDelay, options.readerThreads());
            connected.connect(clients, CONNECT_TIMEOUT);
            Thread.sleep(1_000); // initial_stats and handshake buffers delivered and released
            String[] heap = server.call("heap", "heap");
            if (Integer.parseInt(heap[2]) != clients) {
                throw new IllegalStateException("server counts " + heap[2] + " connections, not " + clients);
            }
            this.heapPerConnection = (Long.parseLong(heap[1]) - heapBefore) / clients;
            this.fleet = connected;
        } catch (Exception | Error e) {
            if (connected != null) {
                connected.close();
            }
            server.close();
            throw e;
        }
    }

    boolean tcpNoDelay() {
        return server.tcpNoDelay;
    }

    long heapPerConnection() {
        return heapPerConnection;
    }

    double eventBytes() {
        return (double) fleet.payloadBytes.sum() / Math.max(1, fleet.deliveries());
    }

    int disconnects() {
        return fleet.disconnects.get();
    }

    /**
     * Closed loop: publishes as fast as the clients keep up, never more than a window ahead of what they
     * acknowledged; returns the deliveries/s over {@code seconds} after {@code settleSeconds}.
     */
    double flood(double settleSeconds, double seconds) throws Exception {
        long window = Math.max(4, Math.min(MAX_WINDOW_EVENTS, IN_FLIGHT_DELIVERIES / clients));
        server.call("flood " + window, "flooding");
        Thread acks = Thread.ofPlatform().name("bench-acks").daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                server.send("ack " + fleet.deliveries() / clients);
                LockSupport.parkNanos(ACK_PERIOD_NANOS);
            }
        });
        try {
            sleep(settleSeconds);
            long d0 = fleet.deliveries();
            long t0 = System.nanoTime();
            sleep(seconds);
            return (fleet.deliveries() - d0) * 1e9 / (System.nanoTime() - t0);
        } finally {
            acks.interrupt();
            acks.join();
            drain();
        }
    }

    /** Open loop at a fixed rate for {@code seconds} after a settle; drains before returning. */
    Step step(double deliveriesPerSecond, double settleSeconds, double seconds) throws Exception {
        server.call("pace " + deliveriesPerSecond / clients, "pacing");
        try {
            sleep(settleSeconds);
            long p0 = Long.parseLong(server.call("count", "published")[1]);
            long d0 = fleet.deliveries();
            long t0 = System.nanoTime();
            sleep(seconds);
            long p1 = Long.parseLong(server.call("count", "published")[1]);
            long d1 = fleet.deliveries();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double lagGrowth = (p1 - p0) * (double) clients - (d1 - d0);
            return new Step(deliveriesPerSecond, (d1 - d0) / elapsed, lagGrowth, clients);
        } finally {
            drain();
        }
    }

    /**
     * Open loop at a fixed rate: the latency of every delivery of events published in the {@code seconds}
     * after the settle, including those still in flight when publishing stops. Returns the histogram (µs).
     */
    Histogram latency(double deliveriesPerSecond, double settleSeconds, double seconds) throws Exception {
        server.call("pace " + deliveriesPerSecond / clients, "pacing");
        sleep(settleSeconds);
        fleet.takeLatency(); // the settle is not recorded
        sleep(seconds);
        long undelivered = drain();
        if (undelivered > 0) {
            System.out.printf("    (%s: %,d deliveries still missing after the latency run)%n", kind, undelivered);
        }
        return fleet.takeLatency();
    }

    /** Stops publishing and waits for the clients to receive it all; returns the deliveries still missing. */
    long drain() throws InterruptedException {
        long expected = Long.parseLong(server.call("idle", "published")[1]) * (clients - disconnects());
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (fleet.deliveries() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return Math.max(0, expected - fleet.deliveries());
    }

    /**
     * Connects and closes a few clients first, so what the first connection allocates once (classes, caches,
     * buffer pools) is in the heap baseline rather than divided among the N.
     */
    private void warmUp(boolean noDelay) throws Exception {
        try (ClientFleet few = new ClientFleet(address(), server.path, noDelay, 1)) {
            few.connect(WARM_UP_CLIENTS, CONNECT_TIMEOUT);
            Thread.sleep(200);
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (Integer.parseInt(server.call("heap", "heap")[2]) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100); // the server notices the closes asynchronously
        }
    }

    private InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.port);
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    @Override
    public void close() throws InterruptedException {
        try {
            fleet.close();
        } finally {
            server.close();
        }
    }
}
