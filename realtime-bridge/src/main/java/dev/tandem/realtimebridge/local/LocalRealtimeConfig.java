package dev.tandem.realtimebridge.local;

import java.time.Duration;

/**
 * Settings of a {@link LocalRealtimeServer}; immutable, built with {@link #builder()} and validated in
 * {@code build()}. The limits default to a self-hosted Supabase Realtime's tenant defaults, so that a dashboard
 * tested here meets the same ceilings it will meet there.
 */
public final class LocalRealtimeConfig {
    /** Supabase Realtime's own port. */
    public static final int DEFAULT_PORT = 4000;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final String DEFAULT_PUBLICATION = "supabase_realtime";
    /** Phoenix's websocket {@code :timeout}: a socket that sent nothing for this long is closed. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** {@code TENANT_MAX_CONCURRENT_USERS}. */
    public static final int DEFAULT_MAX_CONCURRENT_USERS = 200;
    /** {@code TENANT_MAX_EVENTS_PER_SECOND}, averaged over {@link RateWindow#WINDOW} like the real counter. */
    public static final int DEFAULT_MAX_EVENTS_PER_SECOND = 100;
    /** {@code TENANT_MAX_JOINS_PER_SECOND}. */
    public static final int DEFAULT_MAX_JOINS_PER_SECOND = 100;
    /** {@code TENANT_MAX_CHANNELS_PER_CLIENT}. */
    public static final int DEFAULT_MAX_CHANNELS_PER_CLIENT = 100;
    /** Frames queued to one socket before it is closed as too slow (the real server drops such processes too). */
    public static final int DEFAULT_MAX_QUEUED_FRAMES = 10_000;
    /** The real endpoint's websocket {@code max_frame_size}. */
    public static final int MAX_FRAME_BYTES = 5_000_000;
    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private final String host;
    private final int port;
    private final String jwtSecret;
    private final boolean acceptAnyKey;
    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String publication;
    private final Duration idleTimeout;
    private final int maxConcurrentUsers;
    private final int maxEventsPerSecond;
    private final int maxJoinsPerSecond;
    private final int maxChannelsPerClient;
    private final int maxQueuedFrames;

    private LocalRealtimeConfig(Builder b) {
        host = b.host;
        port = b.port;
        jwtSecret = b.jwtSecret;
        acceptAnyKey = b.acceptAnyKey;
        jdbcUrl = b.jdbcUrl;
        user = b.user;
        password = b.password;
        publication = b.publication;
        idleTimeout = b.idleTimeout;
        maxConcurrentUsers = b.maxConcurrentUsers;
        maxEventsPerSecond = b.maxEventsPerSecond;
        maxJoinsPerSecond = b.maxJoinsPerSecond;
        maxChannelsPerClient = b.maxChannelsPerClient;
        maxQueuedFrames = b.maxQueuedFrames;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String host() { return host; }
    public int port() { return port; }
    public String jwtSecret() { return jwtSecret; }
    public boolean acceptAnyKey() { return acceptAnyKey; }
    public String jdbcUrl() { return jdbcUrl; }
    public String user() { return user; }
    /** May be null (trust or peer authentication). */
    public String password() { return password; }
    public String publication() { return publication; }
    public Duration idleTimeout() { return idleTimeout; }
    public int maxConcurrentUsers() { return maxConcurrentUsers; }
    public int maxEventsPerSecond() { return maxEventsPerSecond; }
    public int maxJoinsPerSecond() { return maxJoinsPerSecond; }
    public int maxChannelsPerClient() { return maxChannelsPerClient; }
    public int maxQueuedFrames() { return maxQueuedFrames; }

    @Override
    public String toString() { // no secret, no password
        return "LocalRealtimeConfig[" + host + ":" + port + ", acceptAnyKey=" + acceptAnyKey + ", jdbcUrl=" + jdbcUrl
                + ", user=" + user + ", publication=" + publication + ", idleTimeout=" + idleTimeout
                + ", maxConcurrentUsers=" + maxConcurrentUsers + ", maxEventsPerSecond=" + maxEventsPerSecond
                + ", maxJoinsPerSecond=" + maxJoinsPerSecond + ", maxChannelsPerClient=" + maxChannelsPerClient
                + ", maxQueuedFrames=" + maxQueuedFrames + "]";
    }

    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String jwtSecret;
        private boolean acceptAnyKey;
        private String jdbcUrl;
        private String user;
        private String password;
        private String publication = DEFAULT_PUBLICATION;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxConcurrentUsers = DEFAULT_MAX_CONCURRENT_USERS;
        private int maxEventsPerSecond = DEFAULT_MAX_EVENTS_PER_SECOND;
        private int maxJoinsPerSecond = DEFAULT_MAX_JOINS_PER_SECOND;
        private int maxChannelsPerClient = DEFAULT_MAX_CHANNELS_PER_CLIENT;
        private int maxQueuedFrames = DEFAULT_MAX_QUEUED_FRAMES;

        private Builder() {
        }

        /** The address to bind; loopback by default, as this endpoint is for development and tests only. */
        public Builder host(String host) { this.host = host; return this; }
        /** 0 picks a free port ({@link LocalRealtimeServer#port()} tells which). */
        public Builder port(int port) { this.port = port; return this; }
        /** The project's JWT secret: API keys and access tokens must be HS256 JWTs signed with it. */
        public Builder jwtSecret(String secret) { this.jwtSecret = secret; return this; }
        /**
         * Development only: accept any API key, reading {@code role} from it when it is a JWT (unverified) and
         * using {@code anon} otherwise. Off by default.
         */
        public Builder acceptAnyKey(boolean accept) { this.acceptAnyKey = accept; return this; }
        /** The database whose publication is served, and where each subscriber's row access is checked. */
        public Builder database(String jdbcUrl, String user, String password) {
            this.jdbcUrl = jdbcUrl;
            this.user = user;
            this.password = password;
            return this;
        }
        public Builder publication(String publication) { this.publication = publication; return this; }
        public Builder idleTimeout(Duration timeout) { this.idleTimeout = timeout; return this; }
        public Builder maxConcurrentUsers(int max) { this.maxConcurrentUsers = max; return this; }
        public Builder maxEventsPerSecond(int max) { this.maxEventsPerSecond = max; return this; }
        public Builder maxJoinsPerSecond(int max) { this.maxJoinsPerSecond = max; return this; }
        public Builder maxChannelsPerClient(int max) { this.maxChannelsPerClient = max; return this; }
        public Builder maxQueuedFrames(int max) { this.maxQueuedFrames = max; return this; }

        public LocalRealtimeConfig build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            requireBetween("port", port, 0, 65_535);
            if (!acceptAnyKey && (jwtSecret == null || jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                    < MIN_SECRET_BYTES)) {
                throw new IllegalArgumentException("jwtSecret must be at least " + MIN_SECRET_BYTES
                        + " bytes (HS256), unless acceptAnyKey is on");
            }
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("database jdbcUrl must be a jdbc:postgresql: URL, got: " + jdbcUrl);
            }
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("database user must not be blank");
            }
            if (publication == null || !publication.matches("[A-Za-z0-9_]{1,63}")) {
                throw new IllegalArgumentException("publication must be 1 to 63 characters of [A-Za-z0-9_], got: "
                        + publication);
            }
            if (idleTimeout == null || idleTimeout.toMillis() < 100 || idleTimeout.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("idleTimeout must be between 100 ms and 1 h, got: " + idleTimeout);
            }
            requireBetween("maxConcurrentUsers", maxConcurrentUsers, 1, 1_000_000);
            requireBetween("maxEventsPerSecond", maxEventsPerSecond, 1, 100_000_000);
            requireBetween("maxJoinsPerSecond", maxJoinsPerSecond, 1, 1_000_000);
            requireBetween("maxChannelsPerClient", maxChannelsPerClient, 1, 100_000);
            requireBetween("maxQueuedFrames", maxQueuedFrames, 1, 10_000_000);
            return new LocalRealtimeConfig(this);
        }

        private static void requireBetween(String setting, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(setting + " must be between " + min + " and " + max + ", got: " + value);
            }
        }
    }
}
