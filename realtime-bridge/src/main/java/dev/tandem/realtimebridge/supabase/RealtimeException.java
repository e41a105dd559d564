package dev.tandem.realtimebridge.supabase;

/** The client cannot deliver what it was asked for, and retrying will not help (e.g. the join was unauthorized). */
public final class RealtimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RealtimeException(String message) {
        super(message);
    }
}
