package dev.tandem.realtimebridge.supabase;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded queue between the socket reader and the listener, and the one thread that drains it in order.
 * Decouples a slow listener from heartbeat replies; when full, applies the configured policy.
 */
final class Delivery implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    /** How long close() lets the queue drain before giving up on what is left. */
    static final long DRAIN_MILLIS = 2_000;

    private final BlockingQueue<RealtimeEvent> queue;
    private final RealtimeClientConfig.QueueFullPolicy policy;
    private final RealtimeListener listener;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    Delivery(int capacity, RealtimeClientConfig.QueueFullPolicy policy, RealtimeListener listener) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.policy = policy;
        this.listener = listener;
        this.thread = new Thread(this::run, "realtime-delivery");
        thread.setDaemon(true);
        thread.start();
    }

    void offer(RealtimeEvent e) {
        if (closed) {
            return;
        }
        if (policy == RealtimeClientConfig.QueueFullPolicy.DROP_NEWEST) {
            if (!queue.offer(e) && dropped.incrementAndGet() % 1_000 == 1) {
                log.warn("realtime inbound queue full ({} events): dropping new events, {} so far (policy DROP_NEWEST)",
                        queue.size(), dropped.get());
            }
            return;
        }
        try {
            queue.put(e);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            dropped.incrementAndGet();
        }
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            RealtimeEvent e;
            try {
                e = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ie) {
                return;
            }
            if (e == null) {
                continue;
            }
            try {
                listener.onEvent(e);
            } catch (Exception | AssertionError ex) {
                failures.incrementAndGet();
                log.warn("realtime listener failed on {}: {}", e.getClass().getSimpleName(), ex.toString());
            }
        }
    }

    long dropped() {
        return dropped.get();
    }

    long failures() {
        return failures.get();
    }

    /** Delivers what is queued (for up to {@link #DRAIN_MILLIS}), then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }
}
