package dev.tandem.realtimebridge.writer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rows written in one transaction: slices of one or more submissions (a large submission may span batches).
 * Settled exactly once, by the writer thread or by {@code close} giving up on it, whichever comes first.
 */
final class Batch {
    record Part(Submission submission, int from, int to) {
    }

    private final List<Part> parts;
    private final int size;
    private final AtomicBoolean settled = new AtomicBoolean();

    Batch(List<Part> parts) {
        this.parts = List.copyOf(parts);
        this.size = parts.stream().mapToInt(p -> p.to() - p.from()).sum();
    }

    int size() {
        return size;
    }

    List<EventRow> rows() {
        List<EventRow> rows = new ArrayList<>(size);
        for (Part p : parts) {
            rows.addAll(p.submission().rows().subList(p.from(), p.to()));
        }
        return rows;
    }

    /** Marks the rows committed; false if the batch was already settled. */
    boolean complete() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        for (Part p : parts) {
            p.submission().committed(p.to() - p.from());
        }
        return true;
    }

    /** Fails every submission with rows in this batch; false if the batch was already settled. */
    boolean fail(Throwable cause) {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        for (Part p : parts) {
            p.submission().fail(cause);
        }
        return true;
    }
}
