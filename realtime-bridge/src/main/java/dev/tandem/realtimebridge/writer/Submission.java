package dev.tandem.realtimebridge.writer;

import dev.tandem.realtimebridge.outage.OutageBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** The rows of one submitted ticket and the future that completes once all of them are durable. */
final class Submission {
    private final List<EventRow> rows;
    /**
     * Each row's outage-buffer record, when the rows were submitted while the buffer was in use and room for
     * them was reserved there; null otherwise.
     */
    private final byte[][] records;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger durable = new AtomicInteger();
    /** How many rows have been taken into batches; guarded by {@link PendingRows}' lock. */
    private int taken;

    Submission(List<EventRow> rows, byte[][] records) {
        this.rows = rows;
        this.records = records;
    }

    List<EventRow> rows() {
        return rows;
    }

    /** Row {@code i}'s record as encoded at submit, or null if it was not. */
    byte[] record(int i) {
        return records == null ? null : records[i];
    }

    /** Outage-buffer room reserved at submit for rows {@code from} (inclusive) to {@code to} (exclusive). */
    long reservedBytes(int from, int to) {
        if (records == null) {
            return 0;
        }
        long sum = 0;
        for (int i = from; i < to; i++) {
            sum += OutageBuffer.recordBytes(records[i].length);
        }
        return sum;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    int taken() {
        return taken;
    }

    void take(int count) {
        taken += count;
    }

    int untaken() {
        return rows.size() - taken;
    }

    /** A batch holding {@code count} of these rows is durable; the last one completes the future. */
    void durable(int count) {
        if (durable.addAndGet(count) == rows.size()) {
            done.complete(null);
        }
    }

    void fail(Throwable cause) {
        done.completeExceptionally(cause);
    }
}
