package dev.tandem.adapter.config;

/** What the validator observes on the realtime side. */
public enum RealtimeSource {
    /** A logical replication slot on Tandem's database: what Postgres publishes. */
    TAP,
    /** A Supabase Realtime client: what a subscribed dashboard actually receives. */
    SUPABASE
}
