package dev.tandem.realtimebridge.tap;

/** A pgoutput message that cannot be decoded: truncated, of an unknown kind, or naming an unknown relation. */
public final class PgOutputException extends RuntimeException {
    public PgOutputException(String message) {
        super(message);
    }

    public PgOutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
