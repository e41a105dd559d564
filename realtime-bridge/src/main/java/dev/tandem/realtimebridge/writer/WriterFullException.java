package dev.tandem.realtimebridge.writer;

/**
 * The writer's full-policy, REJECT: {@link EventWriter#reserve(int)} refuses a reservation that does not fit,
 * and nothing is queued, so the caller can refuse its whole request.
 */
public final class WriterFullException extends RuntimeException {
    private final int capacity;
    private final int queued;
    private final int requested;

    WriterFullException(int capacity, int queued, int requested) {
        super("event writer queue is full (policy REJECT): capacity " + capacity + " rows, " + queued
                + " already queued, " + requested + " requested");
        this.capacity = capacity;
        this.queued = queued;
        this.requested = requested;
    }

    public int capacity() {
        return capacity;
    }

    public int queued() {
        return queued;
    }

    public int requested() {
        return requested;
    }
}
