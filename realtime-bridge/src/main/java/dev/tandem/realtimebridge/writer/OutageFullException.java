package dev.tandem.realtimebridge.writer;

import dev.tandem.realtimebridge.outage.OutageBuffer;

/**
 * The outage buffer's full-policy, {@value OutageBuffer#FULL_POLICY}: while Postgres is unreachable (or the buffer
 * is still being replayed) rows can only be made durable on disk, and these do not fit. Thrown by
 * {@link WriteTicket#submit} before anything is queued; the ticket stays open for the caller to cancel.
 */
public final class OutageFullException extends WriterFullException {
    private final long maxBytes;
    private final long storedBytes;
    private final long reservedBytes;
    private final long neededBytes;
    private final long retryAfterSeconds;

    OutageFullException(OutageBuffer.Stats buffer, long neededBytes, long retryAfterSeconds, int queueCapacity,
                        int queued, int requested) {
        super("the outage buffer is full (policy " + OutageBuffer.FULL_POLICY + "): " + buffer.bytes() + " of at most "
                + buffer.maxBytes() + " bytes stored and " + buffer.reservedBytes() + " promised, these " + requested
                + " rows need " + neededBytes + " more; Postgres is unreachable or still catching up",
                queueCapacity, queued, requested);
        this.maxBytes = buffer.maxBytes();
        this.storedBytes = buffer.bytes();
        this.reservedBytes = buffer.reservedBytes();
        this.neededBytes = neededBytes;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** The buffer's bound. */
    public long maxBytes() {
        return maxBytes;
    }

    public long storedBytes() {
        return storedBytes;
    }

    public long reservedBytes() {
        return reservedBytes;
    }

    public long neededBytes() {
        return neededBytes;
    }

    /** When a retry has a chance: the breaker's next probe of Postgres, at least one second away. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
