package dev.tandem.validation;

/** The two streams being compared. */
public enum Side {
    /** What the legacy WebSocket broadcaster delivered. */
    LEGACY,
    /** What the realtime path (Postgres publication, or Supabase Realtime) delivered. */
    REALTIME;

    public Side other() {
        return this == LEGACY ? REALTIME : LEGACY;
    }
}
