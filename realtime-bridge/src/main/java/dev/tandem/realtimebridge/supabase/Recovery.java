package dev.tandem.realtimebridge.supabase;

/** What the client does after a join error or a channel-closing {@code system} error. */
public enum Recovery {
    /** Ask the token supplier for a new token, then rejoin (after the first backoff step). */
    REFRESH_TOKEN,
    /** Rejoin after the next step of the backoff schedule (rate limits, database not ready yet). */
    BACK_OFF,
    /** Rejoin after the first backoff step, without escalating (the server is restarting). */
    RETRY,
    /** Do not rejoin: retrying cannot help (bad credentials, unknown tenant). The channel stays closed. */
    STOP
}
