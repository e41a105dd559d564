package dev.tandem.realtimebridge.writer;

/**
 * The writer's full-policy, REJECT: {@link EventWriter#reserve(int)} refuses a reservation that does not fit,
 * and nothing is queued, so the caller can refuse its whole request. {@link OutageFullException}, the same
 * refusal when the outage buffer has no room, is a kind of this.
 */
public class WriterFullException extends RuntimeException {
    private final int capacity;
    private final int queued;
    private final int requested;

    WriterFullException(int capacity, int queued, int requested) {
        this("event writer queue is full (policy REJECT): capacity " + capacity + " rows, " + queued
                + " already queued, " + requested + " requested", capacity, queued, requested);
    }

    WriterFullException(String message, int capacity, int queued, int requested) {
        super(message);
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
