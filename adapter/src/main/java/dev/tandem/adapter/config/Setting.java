package dev.tandem.adapter.config;

/**
 * Every setting Tandem reads: its environment variable, the flag that overrides it, its default and what
 * it means. The README's configuration table is this enum.
 */
public enum Setting {
    DB_URL("TANDEM_DB_URL", "--db-url", "jdbc:postgresql://127.0.0.1:5432/tandem",
            "JDBC URL of Tandem's PostgreSQL database; created when absent (the server must be reachable)"),
    DB_USER("TANDEM_DB_USER", "--db-user", "postgres", "database user"),
    DB_PASSWORD("TANDEM_DB_PASSWORD", "--db-password", "", "database password (never logged)"),
    HOST("TANDEM_HOST", "--host", "0.0.0.0", "address the HTTP API and the legacy WebSocket bind to"),
    HTTP_PORT("TANDEM_HTTP_PORT", "--http-port", "8081", "HTTP API port (0: any free port)"),
    WS_PORT("TANDEM_WS_PORT", "--ws-port", "8080", "legacy WebSocket port (0: any free port)"),
    WS_PATH("TANDEM_WS_PATH", "--ws-path", "/ws", "legacy WebSocket path"),
    WS_VIEWER_TOKENS("TANDEM_WS_VIEWER_TOKENS", "--ws-viewer-tokens", "",
            "comma-separated tokens (16+ characters each) dashboards may connect with; any token or JWT secret"
            + " turns legacy auth on (never logged)"),
    WS_PRODUCER_TOKENS("TANDEM_WS_PRODUCER_TOKENS", "--ws-producer-tokens", "",
            "comma-separated tokens (16+ characters each) that may also `ingest` over the legacy socket (never logged)"),
    WS_JWT_SECRET("TANDEM_WS_JWT_SECRET", "--ws-jwt-secret", "",
            "HS256 secret (32+ characters) for JWTs with a role claim of viewer or producer (never logged)"),
    WS_ALLOWED_ORIGINS("TANDEM_WS_ALLOWED_ORIGINS", "--ws-allowed-origins", "",
            "comma-separated Origin values the legacy socket accepts; empty: any"),
    ADMIN_TOKEN("TANDEM_ADMIN_TOKEN", "--admin-token", "",
            "token for admin endpoints, at least 16 characters; empty: admin endpoints disabled (never logged)"),
    INSTANCE_ID("TANDEM_INSTANCE_ID", "--instance-id", "",
            "this instance's id, the `source` of its events; empty: tandem-<hostname>"),
    TAP("TANDEM_TAP", "--tap", "auto",
            "replication tap: auto (on when PostgreSQL allows it, else off with the reason), on (required), off"),
    TAP_SLOT("TANDEM_TAP_SLOT", "--tap-slot", "tandem_tap", "logical replication slot the tap reads"),
    REALTIME_MODE("TANDEM_REALTIME_MODE", "--realtime-mode", "postgres_changes",
            "how Supabase Realtime carries events: postgres_changes (the tables' publication) or broadcast (a trigger"
            + " sends each new event with realtime.send; needs Supabase's realtime schema)"),
    REALTIME_TOPIC("TANDEM_REALTIME_TOPIC", "--realtime-topic", "monitoring:events",
            "private broadcast topic new events go to in broadcast mode"),
    REALTIME_ANON_READ("TANDEM_REALTIME_ANON_READ", "--realtime-anon-read", "false",
            "true lets the anon role (a Supabase anon key) read events, stats and the broadcast topic; false: only"
            + " authenticated and service_role"),
    RETENTION_DAYS("TANDEM_RETENTION_DAYS", "--retention-days", "30",
            "days monitoring_events rows are kept after ingest; older ones are deleted in batches (0: keep forever)"),
    RETENTION_BATCH("TANDEM_RETENTION_BATCH", "--retention-batch", "5000", "rows retention deletes per transaction"),
    OUTAGE_DIR("TANDEM_OUTAGE_DIR", "--outage-dir", "",
            "directory of the outage buffer, where events wait on local disk while PostgreSQL is unreachable;"
            + " empty: ~/.tandem/outage/<instance id>"),
    OUTAGE_MAX_BYTES("TANDEM_OUTAGE_MAX_BYTES", "--outage-max-bytes", "1GiB",
            "most disk the outage buffer may take (64KiB to 1TiB; bytes, or with KiB, MiB, GiB, TiB); when it is"
            + " full, ingest answers 503 with Retry-After"),
    VALIDATION_RUN_MINUTES("TANDEM_VALIDATION_RUN_MINUTES", "--validation-run-minutes", "60",
            "minutes after which a validation run is closed and its report kept in validation_runs (1 to 10080);"
            + " the next run starts at once"),
    ROLLOUT_CANARY_PERCENT("TANDEM_ROLLOUT_CANARY_PERCENT", "--rollout-canary-percent", "5",
            "share of dashboards a step to the CANARY stage puts on Realtime unless a percentage is given"
            + " (more than 0 and less than 100, steps of 0.01)"),
    ROLLOUT_GO_WINDOW_MINUTES("TANDEM_ROLLOUT_GO_WINDOW_MINUTES", "--rollout-go-window-minutes", "1440",
            "minutes over which every validation run must be GO before the LEGACY_OFF stage (1 to 43200)"),
    PUBLIC_WS_URL("TANDEM_PUBLIC_WS_URL", "--public-ws-url", "",
            "legacy WebSocket URL GET /api/transport gives dashboards; empty: ws://<the host the request named>:<ws"
            + " port><ws path>"),
    DASHBOARD_REALTIME_URL("TANDEM_DASHBOARD_REALTIME_URL", "--dashboard-realtime-url", "",
            "Supabase project URL dashboards on Realtime connect to (https://<project>.supabase.co), given by"
            + " GET /api/transport; empty: none yet"),
    DASHBOARD_ANON_KEY("TANDEM_DASHBOARD_ANON_KEY", "--dashboard-anon-key", "",
            "Supabase anon (public) key GET /api/transport gives dashboards on Realtime"),

    // The validator's realtime-side observer (SupabaseSettings).
    REALTIME_SOURCE("TANDEM_REALTIME_SOURCE", "--realtime-source", "tap",
            "what the validator watches on the realtime side: tap (a replication slot on the database) or supabase"
            + " (a Supabase Realtime client, what dashboards actually receive)"),
    SUPABASE_URL("TANDEM_SUPABASE_URL", "--supabase-url", "",
            "Supabase project URL (https://<ref>.supabase.co) or Realtime socket URL ending in /websocket; required"
            + " with --realtime-source supabase"),
    SUPABASE_KEY("TANDEM_SUPABASE_KEY", "--supabase-key", "",
            "Supabase API key the Realtime client connects and joins with (never logged)"),
    SUPABASE_CHANNEL("TANDEM_SUPABASE_CHANNEL", "--supabase-channel", "tandem-validator",
            "Realtime channel the client joins in postgres_changes mode (broadcast mode joins the realtime topic)"),
    SUPABASE_TABLE("TANDEM_SUPABASE_TABLE", "--supabase-table", "monitoring_events",
            "table (schema public) whose INSERTs the client subscribes to in postgres_changes mode"),
    SUPABASE_VSN("TANDEM_SUPABASE_VSN", "--supabase-vsn", "2.0.0",
            "Realtime protocol version the client speaks: 1.0.0 or 2.0.0 (supabase-js' default since 2.91)"),

    // The dashboard served at / (DashboardSettings).
    DASHBOARD_SUPABASE_JS("TANDEM_DASHBOARD_SUPABASE_JS", "--dashboard-supabase-js", DashboardSettings.DEFAULT_SUPABASE_JS,
            "where the dashboard loads supabase-js (UMD build) from when it is on Realtime: an http(s) URL, or a local"
            + " file the adapter then serves at " + DashboardSettings.LOCAL_SUPABASE_JS_PATH + " (offline use, tests)");

    private final String env;
    private final String flag;
    private final String defaultValue;
    private final String description;

    Setting(String env, String flag, String defaultValue, String description) {
        this.env = env;
        this.flag = flag;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String env() {
        return env;
    }

    public String flag() {
        return flag;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** How an error names this setting: both ways of giving it. */
    public String label() {
        return env + " (" + flag + ")";
    }

    public boolean secret() {
        return this == DB_PASSWORD || this == ADMIN_TOKEN || this == WS_VIEWER_TOKENS || this == WS_PRODUCER_TOKENS
                || this == WS_JWT_SECRET || this == SUPABASE_KEY;
    }
}
