package dev.tandem.adapter.config;

import dev.tandem.migrations.RealtimeMode;
import dev.tandem.migrations.RealtimeOptions;
import java.net.InetAddress;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Tandem's validated settings. Each value comes from its flag when given, else its environment variable,
 * else its default ({@link Setting}); {@link #resolve} checks every value and fails on the first bad one
 * with a message naming the setting and what it accepts.
 */
public record TandemConfig(String dbUrl, String dbUser, String dbPassword, String host, int httpPort, int wsPort,
                           String wsPath, LegacyAuthSettings wsAuth, String adminToken, String instanceId, TapMode tap,
                           String tapSlot, RealtimeOptions realtime, int retentionDays, int retentionBatch,
                           OutageSettings outage, int validationRunMinutes, RolloutConfig rollout,
                           SupabaseSettings supabase, DashboardSettings dashboard) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern SLOT = Pattern.compile("[a-z0-9_]{1,63}");
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9_.~/-]*");
    public static final int MIN_ADMIN_TOKEN_CHARS = 16;
    public static final int MIN_WS_TOKEN_CHARS = 16;
    /** HS256 needs a 256-bit key. */
    public static final int MIN_JWT_SECRET_CHARS = 32;
    public static final int MAX_VALIDATION_RUN_MINUTES = 7 * 24 * 60;

    /** Resolves flags over environment over defaults. {@code flags} holds only the flags actually given. */
    public static TandemConfig resolve(Map<Setting, String> flags, Function<String, String> env) {
        Map<Setting, String> raw = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String v = flags.get(s);
            if (v == null) {
                v = env.apply(s.env());
            }
            raw.put(s, v == null ? s.defaultValue() : v.trim());
        }
        String dbUrl = raw.get(Setting.DB_URL);
        if (!dbUrl.startsWith("jdbc:postgresql://")) {
            throw bad(Setting.DB_URL, "a JDBC URL starting with jdbc:postgresql://, such as "
                    + Setting.DB_URL.defaultValue(), redacted(dbUrl));
        }
        int httpPort = port(Setting.HTTP_PORT, raw.get(Setting.HTTP_PORT));
        int wsPort = port(Setting.WS_PORT, raw.get(Setting.WS_PORT));
        if (httpPort != 0 && httpPort == wsPort) {
            throw new ConfigException(Setting.WS_PORT.label() + " must differ from " + Setting.HTTP_PORT.label()
                    + ": both are " + wsPort);
        }
        String wsPath = raw.get(Setting.WS_PATH);
        if (!PATH.matcher(wsPath).matches()) {
            throw bad(Setting.WS_PATH, "a path starting with '/' of letters, digits and _ . ~ / -", wsPath);
        }
        String token = raw.get(Setting.ADMIN_TOKEN);
        if (!token.isEmpty() && token.length() < MIN_ADMIN_TOKEN_CHARS) {
            // The token itself is never echoed.
            throw new ConfigException(Setting.ADMIN_TOKEN.label() + " must be empty or at least "
                    + MIN_ADMIN_TOKEN_CHARS + " characters, got " + token.length());
        }
        LegacyAuthSettings wsAuth = new LegacyAuthSettings(tokens(raw, Setting.WS_VIEWER_TOKENS),
                tokens(raw, Setting.WS_PRODUCER_TOKENS), jwtSecret(raw.get(Setting.WS_JWT_SECRET)),
                list(raw.get(Setting.WS_ALLOWED_ORIGINS)));
        String instanceId = raw.get(Setting.INSTANCE_ID).isEmpty() ? defaultInstanceId() : raw.get(Setting.INSTANCE_ID);
        if (!IDENTIFIER.matcher(instanceId).matches()) {
            throw bad(Setting.INSTANCE_ID, "1 to 64 characters of A-Z, a-z, 0-9, _ . : -", instanceId);
        }
        TapMode tap;
        try {
            tap = TapMode.valueOf(raw.get(Setting.TAP).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(Setting.TAP, "one of auto, on, off", raw.get(Setting.TAP));
        }
        String slot = raw.get(Setting.TAP_SLOT);
        if (!SLOT.matcher(slot).matches()) {
            throw bad(Setting.TAP_SLOT, "1 to 63 characters of a-z, 0-9, _", slot);
        }
        RealtimeOptions realtime = realtime(raw);
        int retentionDays = intIn(Setting.RETENTION_DAYS, raw.get(Setting.RETENTION_DAYS), 0, 36_500,
                "an integer from 0 (keep forever) to 36500");
        int retentionBatch = intIn(Setting.RETENTION_BATCH, raw.get(Setting.RETENTION_BATCH), 1, 1_000_000,
                "an integer from 1 to 1000000");
        int validationRunMinutes = intIn(Setting.VALIDATION_RUN_MINUTES, raw.get(Setting.VALIDATION_RUN_MINUTES), 1,
                MAX_VALIDATION_RUN_MINUTES, "an integer from 1 to " + MAX_VALIDATION_RUN_MINUTES + " (a week)");
        String host = raw.get(Setting.HOST);
        if (host.isEmpty()) {
            throw bad(Setting.HOST, "an IP address or host name such as 0.0.0.0 or 127.0.0.1", host);
        }
        return new TandemConfig(dbUrl, raw.get(Setting.DB_USER), raw.get(Setting.DB_PASSWORD), host, httpPort, wsPort,
                wsPath, wsAuth, token.isEmpty() ? null : token, instanceId, tap, slot, realtime,
                retentionDays, retentionBatch,
                OutageSettings.resolve(raw.get(Setting.OUTAGE_DIR), raw.get(Setting.OUTAGE_MAX_BYTES), instanceId),
                validationRunMinutes, rollout(raw), SupabaseSettings.resolve(raw, realtime),
                DashboardSettings.resolve(raw.get(Setting.DASHBOARD_SUPABASE_JS)));
    }

    private static RolloutConfig rollout(Map<Setting, String> raw) {
        int canary;
        try {
            canary = dev.tandem.adapter.rollout.RolloutParameters.basisPoints(Setting.ROLLOUT_CANARY_PERCENT.label(),
                    raw.get(Setting.ROLLOUT_CANARY_PERCENT));
        } catch (IllegalArgumentException e) {
            canary = -1; // reported below, with the setting's own rule
        }
        if (canary < 1 || canary >= dev.tandem.adapter.rollout.RolloutStrategy.BUCKETS) {
            throw bad(Setting.ROLLOUT_CANARY_PERCENT, "a number more than 0 and less than 100 in steps of 0.01",
                    raw.get(Setting.ROLLOUT_CANARY_PERCENT));
        }
        int window = intIn(Setting.ROLLOUT_GO_WINDOW_MINUTES, raw.get(Setting.ROLLOUT_GO_WINDOW_MINUTES), 1, 43_200,
                "an integer from 1 to 43200 (30 days)");
        String ws = raw.get(Setting.PUBLIC_WS_URL);
        if (!ws.isEmpty() && !ws.matches("wss?://[^\\s]+")) {
            throw bad(Setting.PUBLIC_WS_URL, "empty or a ws:// or wss:// URL", ws);
        }
        String rt = raw.get(Setting.DASHBOARD_REALTIME_URL);
        if (!rt.isEmpty() && !rt.matches("(https?|wss?)://[^\\s]+")) {
            throw bad(Setting.DASHBOARD_REALTIME_URL, "empty or an http(s):// or ws(s):// URL", rt);
        }
        String key = raw.get(Setting.DASHBOARD_ANON_KEY);
        return new RolloutConfig(new dev.tandem.adapter.rollout.RolloutSettings(canary,
                java.time.Duration.ofMinutes(window)), ws.isEmpty() ? null : ws, rt.isEmpty() ? null : rt,
                key.isEmpty() ? null : key);
    }

    private static RealtimeOptions realtime(Map<Setting, String> raw) {
        RealtimeMode mode = RealtimeMode.fromSetting(raw.get(Setting.REALTIME_MODE))
                .orElseThrow(() -> bad(Setting.REALTIME_MODE, "one of postgres_changes, broadcast", raw.get(Setting.REALTIME_MODE)));
        String topic = raw.get(Setting.REALTIME_TOPIC);
        if (!RealtimeOptions.TOPIC.matcher(topic).matches()) {
            throw bad(Setting.REALTIME_TOPIC, RealtimeOptions.TOPIC_RULE, topic);
        }
        String anonRead = raw.get(Setting.REALTIME_ANON_READ).toLowerCase(Locale.ROOT);
        if (!anonRead.equals("true") && !anonRead.equals("false")) {
            throw bad(Setting.REALTIME_ANON_READ, "true or false", raw.get(Setting.REALTIME_ANON_READ));
        }
        return new RealtimeOptions(mode, topic, Boolean.parseBoolean(anonRead));
    }

    private static int intIn(Setting s, String value, int min, int max, String accepts) {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw bad(s, accepts, value);
    }

    private static java.util.List<String> list(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    private static java.util.List<String> tokens(Map<Setting, String> raw, Setting s) {
        java.util.List<String> tokens = list(raw.get(s));
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).length() < MIN_WS_TOKEN_CHARS) {
                // Which one and how long, never the token itself.
                throw new ConfigException(s.label() + " must hold tokens of at least " + MIN_WS_TOKEN_CHARS
                        + " characters; token " + (i + 1) + " has " + tokens.get(i).length());
            }
        }
        return tokens;
    }

    private static String jwtSecret(String secret) {
        if (!secret.isEmpty() && secret.length() < MIN_JWT_SECRET_CHARS) {
            throw new ConfigException(Setting.WS_JWT_SECRET.label() + " must be empty or at least "
                    + MIN_JWT_SECRET_CHARS + " characters (HS256 needs a 256-bit key), got " + secret.length());
        }
        return secret.isEmpty() ? null : secret;
    }

    private static int port(Setting s, String value) {
        return intIn(s, value, 0, 65_535, "an integer from 0 to 65535 (0: any free port)");
    }

    private static ConfigException bad(Setting s, String accepts, String got) {
        return new ConfigException(s.label() + " must be " + accepts + ", got '" + got + "'");
    }

    static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        String id = "tandem-" + host.replaceAll("[^A-Za-z0-9_.:-]", "-");
        return id.length() > 64 ? id.substring(0, 64) : id;
    }

    /** A database URL fit for logs and errors: a password in its query or its user-info part is masked. */
    public static String redacted(String url) {
        return url.replaceAll("(?i)([?&]password=)[^&]*", "$1***").replaceAll("(://[^:/@]+):[^@/]*@", "$1:***@");
    }

    /** The settings as text for a startup log line; secrets are shown only as set or not. */
    @Override
    public String toString() {
        return "TandemConfig[dbUrl=" + redacted(dbUrl) + ", dbUser=" + dbUser + ", dbPassword=" + (dbPassword.isEmpty() ? "" : "***")
                + ", host=" + host + ", httpPort=" + httpPort + ", wsPort=" + wsPort + ", wsPath=" + wsPath + ", wsAuth=" + wsAuth
                + ", adminToken=" + (adminToken == null ? "unset" : "set") + ", instanceId=" + instanceId
                + ", tap=" + tap + ", tapSlot=" + tapSlot + ", realtime=" + realtime.describe()
                + ", retentionDays=" + retentionDays + ", retentionBatch=" + retentionBatch
                + ", outageDir=" + outage.dir() + ", outageMaxBytes=" + outage.maxBytes()
                + ", validationRunMinutes=" + validationRunMinutes
                + ", rolloutCanaryPercent=" + rollout.settings().canaryBasisPoints() / 100.0
                + ", rolloutGoWindow=" + rollout.settings().goWindow() + ", realtimeSource=" + supabase
                + ", dashboard=" + dashboard + "]";
    }
}
