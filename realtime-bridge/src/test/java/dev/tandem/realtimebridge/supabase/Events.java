package dev.tandem.realtimebridge.supabase;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A listener that keeps every event, and lets a test wait for the next one of a kind. */
final class Events implements RealtimeListener {
    final List<RealtimeEvent> all = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RealtimeEvent> pending = new LinkedBlockingQueue<>();

    @Override
    public void onEvent(RealtimeEvent event) {
        all.add(event);
        pending.add(event);
    }

    /** The next event of this type (events of other types before it are passed over). */
    <T extends RealtimeEvent> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FakeRealtime.TIMEOUT_SECONDS);
        while (true) {
            RealtimeEvent e = pending.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + FakeRealtime.TIMEOUT_SECONDS
                        + " s; events: " + all);
            }
            if (type.isInstance(e)) {
                return type.cast(e);
            }
        }
    }

    long count(Class<? extends RealtimeEvent> type) {
        return all.stream().filter(type::isInstance).count();
    }
}
