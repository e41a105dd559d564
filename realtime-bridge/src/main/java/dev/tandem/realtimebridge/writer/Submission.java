package dev.tandem.realtimebridge.writer;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** The rows of one submitted ticket and the future that completes once all of them are committed. */
final class Submission {
    private final List<EventRow> rows;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger committed = new AtomicInteger();
    /** How many rows have been taken into batches; guarded by {@link PendingRows}' lock. */
    private int taken;

    Submission(List<EventRow> rows) {
        this.rows = rows;
    }

    List<EventRow> rows() {
        return rows;
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

    /** A batch holding {@code count} of these rows committed; the last one completes the future. */
    void committed(int count) {
        if (committed.addAndGet(count) == rows.size()) {
            done.complete(null);
        }
    }

    void fail(Throwable cause) {
        done.completeExceptionally(cause);
    }
}
