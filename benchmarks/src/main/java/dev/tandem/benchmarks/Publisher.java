package dev.tandem.benchmarks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one thread that publishes to the server under test, as the adapter's fan-out would. Two modes:
 * <ul>
 * <li>flood: closed loop. Publishes as fast as the server accepts, but never more than {@code window} events
 * ahead of what the clients have acknowledged (through the control pipe): publish() never blocks, so without
 * this the write queues, not the server, would absorb the difference until the heap ran out.</li>
 * <li>pace: open loop at a fixed rate, on an absolute schedule so a late publish does not shift the rest.</li>
 * </ul>
 */
final class Publisher {
    /** Tandem needs increasing seqs; starting at 10^6 keeps them 7 digits, the width the bare text is sized for. */
    static final long FIRST_SEQ = 1_000_000;
    /** How long the flood waits for acknowledgements before looking again; short next to the feedback period. */
    private static final long FULL_WINDOW_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    private final BenchServer server;
    private volatile long acknowledged; // events every client has received, on average (from the parent)
    private volatile boolean running;
    private Thread thread;
    /** Written by the publishing thread only; volatile for {@link #published()} while it runs. */
    private volatile long published;

    Publisher(BenchServer server) {
        this.server = server;
    }

    void acknowledge(long events) {
        acknowledged = events;
    }

    /** Starts flooding; events published so far count as acknowledged. */
    void flood(long window) {
        acknowledged = published;
        launch(() -> {
            while (running) {
                if (published - acknowledged < window) {
                    publishOne();
                } else {
                    LockSupport.parkNanos(FULL_WINDOW_PARK_NANOS);
                }
            }
        });
    }

    void pace(double eventsPerSecond) {
        long interval = (long) (1e9 / eventsPerSecond);
        launch(() -> {
            long next = System.nanoTime();
            while (running) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                publishOne();
                next += interval;
            }
        });
    }

    /** Events published so far, the publisher still running (the steady-rate search's lag check). */
    long published() {
        return published;
    }

    /** Stops publishing and returns how many events were published in total. */
    long idle() throws InterruptedException {
        if (thread != null) {
            running = false;
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (thread.isAlive()) {
                throw new IllegalStateException("publisher did not stop within 30 s");
            }
            thread = null;
        }
        return published;
    }

    private void publishOne() {
        server.publish(FIRST_SEQ + published, WallClock.micros());
        published++;
    }

    private void launch(Runnable loop) {
        if (thread != null) {
            throw new IllegalStateException("publisher already running; send idle first");
        }
        running = true;
        thread = new Thread(loop, "bench-publisher");
        thread.start();
    }
}
