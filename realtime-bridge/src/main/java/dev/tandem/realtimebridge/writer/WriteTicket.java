package dev.tandem.realtimebridge.writer;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Room for a known number of rows, reserved in the writer's queue by {@link EventWriter#reserve(int)}.
 * Exactly one of {@link #submit(List)} or {@link #cancel()} should follow; until then the room stays taken.
 */
public final class WriteTicket {
    private enum State { OPEN, SUBMITTED, CANCELLED }

    private final EventWriter writer;
    private final PendingRows pending;
    private final int count;
    private final AtomicReference<State> state = new AtomicReference<>(State.OPEN);

    WriteTicket(EventWriter writer, PendingRows pending, int count) {
        this.writer = writer;
        this.pending = pending;
        this.count = count;
    }

    /** How many rows this ticket holds room for. */
    public int count() {
        return count;
    }

    /**
     * Queues exactly {@link #count()} rows. The future completes once every row is durable: committed in
     * Postgres (a row whose event_id already exists counts as committed) or forced to disk in the outage buffer,
     * from which it is replayed. It fails with {@link WriterClosedException} if the writer closes first.
     *
     * @throws OutageFullException if the rows can only go to the outage buffer now and do not fit (nothing is
     *                             queued; the ticket stays open)
     * @throws IllegalArgumentException if {@code rows.size() != count()} (the ticket stays open)
     * @throws IllegalStateException if the ticket was already submitted or cancelled
     */
    public CompletableFuture<Void> submit(List<EventRow> rows) {
        Objects.requireNonNull(rows, "rows");
        if (rows.size() != count) {
            throw new IllegalArgumentException("ticket reserved room for " + count + " rows but " + rows.size()
                    + " were submitted");
        }
        List<EventRow> copy = List.copyOf(rows); // rejects null rows before anything is queued
        if (state.get() != State.OPEN) {
            throw new IllegalStateException("ticket already " + state.get().name().toLowerCase(java.util.Locale.ROOT));
        }
        Submission submission = writer.admit(copy, count);
        if (!state.compareAndSet(State.OPEN, State.SUBMITTED)) {
            writer.unadmit(submission);
            throw new IllegalStateException("ticket already " + state.get().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (!pending.enqueue(submission)) {
            pending.release(count);
            writer.unadmit(submission);
            submission.fail(new WriterClosedException("event writer closed before these " + count + " rows were queued"));
        }
        // A copy, so a caller cancelling or completing its future cannot disturb the writer's bookkeeping.
        return submission.done().copy();
    }

    /** Gives the room back. No-op if already cancelled. @throws IllegalStateException if already submitted */
    public void cancel() {
        if (state.compareAndSet(State.OPEN, State.CANCELLED)) {
            pending.release(count);
        } else if (state.get() == State.SUBMITTED) {
            throw new IllegalStateException("ticket already submitted; its rows cannot be taken back");
        }
    }
}
