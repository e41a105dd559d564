package dev.tandem.realtimebridge.supabase;

/** A frame the client could not make sense of; counted and reported, never fatal to the connection. */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
