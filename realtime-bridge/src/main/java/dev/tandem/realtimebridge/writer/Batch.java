package dev.tandem.realtimebridge.writer;

import dev.tandem.realtimebridge.outage.OutageBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Rows made durable together, in one transaction or one outage-buffer append: slices of one or more submissions
 * (a large submission may span batches). Settled exactly once, by the writer thread or by {@code close} giving
 * up on it, whichever comes first.
 */
final class Batch {
    record Part(Submission submission, int from, int to) {
    }

    private final List<Part> parts;
    private final int size;
    private final AtomicBoolean settled = new AtomicBoolean();
    private List<EventRow> rows;
    private List<byte[]> records;
    /** Outage-buffer room the writer claimed for rows that had none reserved at submit. */
    private long claimed;

    Batch(List<Part> parts) {
        this.parts = List.copyOf(parts);
        this.size = parts.stream().mapToInt(p -> p.to() - p.from()).sum();
    }

    int size() {
        return size;
    }

    List<EventRow> rows() {
        if (rows == null) {
            List<EventRow> all = new ArrayList<>(size);
            for (Part p : parts) {
                all.addAll(p.submission().rows().subList(p.from(), p.to()));
            }
            rows = all;
        }
        return rows;
    }

    /** The rows as outage-buffer records: as encoded at submit where they were, else encoded now (once). */
    List<byte[]> records() {
        if (records == null) {
            List<byte[]> all = new ArrayList<>(size);
            for (Part p : parts) {
                for (int i = p.from(); i < p.to(); i++) {
                    byte[] r = p.submission().record(i);
                    all.add(r != null ? r : RowCodec.encode(p.submission().rows().get(i)));
                }
            }
            records = all;
        }
        return records;
    }

    /** Bytes the records take in the outage buffer. */
    long recordBytes() {
        long sum = 0;
        for (byte[] r : records()) {
            sum += OutageBuffer.recordBytes(r.length);
        }
        return sum;
    }

    /** Outage-buffer room held for these rows: reserved at submit plus claimed by the writer. */
    long reservedBytes() {
        long sum = claimed;
        for (Part p : parts) {
            sum += p.submission().reservedBytes(p.from(), p.to());
        }
        return sum;
    }

    /** Bytes the records need beyond what is held for them (0 once claimed). */
    long unreservedBytes() {
        return Math.max(0, recordBytes() - reservedBytes());
    }

    void claimed(long bytes) {
        claimed += bytes;
    }

    /** Marks the rows durable; false if the batch was already settled. */
    boolean complete() {
        if (!settled.compareAndSet(false, true)) {
            return false;
        }
        for (Part p : parts) {
            p.submission().durable(p.to() - p.from());
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
