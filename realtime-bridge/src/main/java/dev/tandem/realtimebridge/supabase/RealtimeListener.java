package dev.tandem.realtimebridge.supabase;

/**
 * Receives the client's events in order, one at a time, on the client's delivery thread (never on the socket's
 * reader). A slow listener fills the client's bounded inbound queue; what happens then is the configured
 * {@link RealtimeClientConfig.QueueFullPolicy}. A thrown exception is logged and counted; delivery goes on.
 */
@FunctionalInterface
public interface RealtimeListener {
    void onEvent(RealtimeEvent event) throws Exception;
}
