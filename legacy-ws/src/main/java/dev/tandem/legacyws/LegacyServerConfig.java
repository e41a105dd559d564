package dev.tandem.legacyws;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of one {@link LegacyServer}. Immutable; made with {@link #builder()}, whose {@code build()} checks
 * every setting and names the offending one and its accepted range.
 */
public final class LegacyServerConfig {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_PATH = "/ws";
    public static final int DEFAULT_RECENT_EVENTS_LIMIT = 100;
    public static final int DEFAULT_MAX_QUEUED_MESSAGES_PER_CLIENT = 10_000;
    public static final long DEFAULT_MAX_QUEUED_BYTES_PER_CLIENT = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_INBOUND_FRAME_BYTES = 64 * 1024;
    /**
     * Half the default per-client message bound, so replaying a full buffer on {@code resume} (which queues it
     * all at once) never makes the resuming client look too slow. Keep replayBufferCapacity below
     * maxQueuedMessagesPerClient when changing either.
     */
    public static final int DEFAULT_REPLAY_BUFFER_CAPACITY = 5_000;
    public static final Duration DEFAULT_REPLAY_BUFFER_TTL = Duration.ofMinutes(5);
    public static final int DEFAULT_DEDUP_WINDOW_SIZE = 10_000;
    public static final Duration DEFAULT_DEDUP_WINDOW_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_CRITICAL_MESSAGE_TTL = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CRITICAL_MESSAGES_PER_CLIENT = 16;
    public static final int DEFAULT_MAX_CRITICAL_MESSAGES_TOTAL = 1024;
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    /**
     * Nagle off: events are small and latency is what dashboards and the validator see. Measured with
     * bin/bench-legacy: Nagle on batches more bytes per packet under a flood but adds latency at steady rates.
     */
    public static final boolean DEFAULT_TCP_NO_DELAY = true;
    public static final double DEFAULT_RATE_LIMIT_PER_SECOND = 20;
    public static final int DEFAULT_RATE_LIMIT_BURST = 40;
    public static final int DEFAULT_EXPORT_MAX_ROWS = 10_000;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 64;
    public static final int MIN_JWT_SECRET_BYTES = 32;

    /** Upper bounds keep every setting within what one process can hold for every client at once. */
    public static final int MAX_RECENT_EVENTS_LIMIT = 100_000;
    public static final int MAX_QUEUED_MESSAGES_LIMIT = 1_000_000;
    public static final long MIN_QUEUED_BYTES_LIMIT = 1024;
    public static final long MAX_QUEUED_BYTES_LIMIT = 1024L * 1024 * 1024;

    private final String host;
    private final int port;
    private final String path;
    private final int recentEventsLimit;
    private final int maxQueuedMessagesPerClient;
    private final long maxQueuedBytesPerClient;
    private final int maxInboundFrameBytes;
    private final int replayBufferCapacity;
    private final Duration replayBufferTtl;
    private final int dedupWindowSize;
    private final Duration dedupWindowTtl;
    private final Duration criticalMessageTtl;
    private final int maxCriticalMessagesPerClient;
    private final int maxCriticalMessagesTotal;
    private final Duration pingInterval;
    private final boolean tcpNoDelay;
    private final double rateLimitPerSecond;
    private final int rateLimitBurst;
    private final int exportMaxRows;
    private final int maxInFlightRequests;
    private final Map<String, Set<Role>> tokens;
    private final String jwtSecret;
    private final Set<String> allowedOrigins;
    private final ProducerIngest producerIngest;
    private final ExportSource exportSource;
    private final Clock clock;

    private LegacyServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
        this.recentEventsLimit = b.recentEventsLimit;
        this.maxQueuedMessagesPerClient = b.maxQueuedMessagesPerClient;
        this.maxQueuedBytesPerClient = b.maxQueuedBytesPerClient;
        this.maxInboundFrameBytes = b.maxInboundFrameBytes;
        this.replayBufferCapacity = b.replayBufferCapacity;
        this.replayBufferTtl = b.replayBufferTtl;
        this.dedupWindowSize = b.dedupWindowSize;
        this.dedupWindowTtl = b.dedupWindowTtl;
        this.criticalMessageTtl = b.criticalMessageTtl;
        this.maxCriticalMessagesPerClient = b.maxCriticalMessagesPerClient;
        this.maxCriticalMessagesTotal = b.maxCriticalMessagesTotal;
        this.pingInterval = b.pingInterval;
        this.tcpNoDelay = b.tcpNoDelay;
        this.rateLimitPerSecond = b.rateLimitPerSecond;
        this.rateLimitBurst = b.rateLimitBurst;
        this.exportMaxRows = b.exportMaxRows;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.tokens = b.tokens;
        this.jwtSecret = b.jwtSecret;
        this.allowedOrigins = b.allowedOrigins;
        this.producerIngest = b.producerIngest;
        this.exportSource = b.exportSource;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All defaults: 0.0.0.0:8080/ws. */
    public static LegacyServerConfig defaults() {
        return builder().build();
    }

    /** A builder holding this configuration's values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().host(host).port(port).path(path).recentEventsLimit(recentEventsLimit)
                .maxQueuedMessagesPerClient(maxQueuedMessagesPerClient).maxQueuedBytesPerClient(maxQueuedBytesPerClient)
                .maxInboundFrameBytes(maxInboundFrameBytes).replayBufferCapacity(replayBufferCapacity).replayBufferTtl(replayBufferTtl).dedupWindowSize(dedupWindowSize).dedupWindowTtl(dedupWindowTtl).criticalMessageTtl(criticalMessageTtl).maxCriticalMessagesPerClient(maxCriticalMessagesPerClient).maxCriticalMessagesTotal(maxCriticalMessagesTotal).pingInterval(pingInterval).tcpNoDelay(tcpNoDelay).rateLimitPerSecond(rateLimitPerSecond).rateLimitBurst(rateLimitBurst).exportMaxRows(exportMaxRows).maxInFlightRequests(maxInFlightRequests).tokens(tokens).jwtSecret(jwtSecret).allowedOrigins(allowedOrigins).producerIngest(producerIngest).exportSource(exportSource).clock(clock);
    }

    /** Interface to listen on; "0.0.0.0" means all. */
    public String host() {
        return host;
    }

    /** TCP port; 0 asks the OS for a free one ({@link LegacyServer#port()} tells which). */
    public int port() {
        return port;
    }

    /** The only HTTP path on which the WebSocket handshake is accepted. */
    public String path() {
        return path;
    }

    /** How many of the latest {@code event} messages a new client gets in {@code initial_stats}. */
    public int recentEventsLimit() {
        return recentEventsLimit;
    }

    /** A client with this many messages still unsent is too slow and is disconnected (close 1013). */
    public int maxQueuedMessagesPerClient() {
        return maxQueuedMessagesPerClient;
    }

    /** A client with this many bytes still unsent is too slow and is disconnected (close 1013). */
    public long maxQueuedBytesPerClient() {
        return maxQueuedBytesPerClient;
    }

    /** Client frames larger than this are refused with close 1009. */
    public int maxInboundFrameBytes() {
        return maxInboundFrameBytes;
    }

    /** How many recent events are kept for {@code resume} and the default export; full policy: evict the oldest. */
    public int replayBufferCapacity() {
        return replayBufferCapacity;
    }

    /** Events older than this leave the replay buffer. */
    public Duration replayBufferTtl() {
        return replayBufferTtl;
    }

    /** How many recent event ids publish() remembers to drop repeats; full policy: forget the oldest. */
    public int dedupWindowSize() {
        return dedupWindowSize;
    }

    /** How long publish() remembers an event id. */
    public Duration dedupWindowTtl() {
        return dedupWindowTtl;
    }

    /** How long a critical message waits for its client_id to reconnect before it expires (counted). */
    public Duration criticalMessageTtl() {
        return criticalMessageTtl;
    }

    /** Critical messages kept per absent client; full policy: drop that client's oldest (counted). */
    public int maxCriticalMessagesPerClient() {
        return maxCriticalMessagesPerClient;
    }

    /** Critical messages kept for all absent clients; full policy: refuse the new one (counted as dropped). */
    public int maxCriticalMessagesTotal() {
        return maxCriticalMessagesTotal;
    }

    /** How often every client gets a WebSocket ping; two unanswered in a row close it (a timeout). */
    /** Whether sockets send small frames at once (Nagle off). */
    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    public Duration pingInterval() {
        return pingInterval;
    }

    /** Per-client token bucket refill: client messages per second over time. */
    public double rateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    /** Per-client token bucket size: messages a client may send at once. */
    public int rateLimitBurst() {
        return rateLimitBurst;
    }

    /** The most events one export may hold; past it the answer is error too_large. */
    public int exportMaxRows() {
        return exportMaxRows;
    }

    /** Ingests and exports running at once across all clients; past it the answer is error rate_limited. */
    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    /** Static tokens and their roles; any token or a jwtSecret turns auth on. */
    public Map<String, Set<Role>> tokens() {
        return tokens;
    }

    /** HS256 secret for JWT tokens (at least 32 bytes), or null; turns auth on when set. */
    public String jwtSecret() {
        return jwtSecret;
    }

    /** Origins allowed to connect (exact match, e.g. https://dash.example); empty allows any. */
    public Set<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Handles {@code ingest}; the default refuses with unauthorized. */
    public ProducerIngest producerIngest() {
        return producerIngest;
    }

    /** Handles {@code export}; null (the default) exports from the replay buffer. */
    public ExportSource exportSource() {
        return exportSource;
    }

    /** Time for timestamps, TTLs and rate limiting; replaceable in tests. */
    public Clock clock() {
        return clock;
    }

    /** True when a token or a JWT secret is configured: handshakes then need a valid token. */
    public boolean authEnabled() {
        return !tokens.isEmpty() || jwtSecret != null;
    }

    @Override
    public String toString() {
        return "LegacyServerConfig[" + host + ":" + port + path + ", recentEventsLimit=" + recentEventsLimit
                + ", maxQueuedMessagesPerClient=" + maxQueuedMessagesPerClient
                + ", maxQueuedBytesPerClient=" + maxQueuedBytesPerClient + ", maxInboundFrameBytes=" + maxInboundFrameBytes
                + ", replayBuffer=" + replayBufferCapacity + "/" + replayBufferTtl + ", dedup=" + dedupWindowSize + "/" + dedupWindowTtl
                + ", critical=" + maxCriticalMessagesPerClient + "/" + maxCriticalMessagesTotal + "/" + criticalMessageTtl
                + ", pingInterval=" + pingInterval + ", tcpNoDelay=" + tcpNoDelay + ", rateLimit=" + rateLimitPerSecond + "/s burst " + rateLimitBurst
                + ", exportMaxRows=" + exportMaxRows + ", maxInFlightRequests=" + maxInFlightRequests
                // Secrets are never printed: only how many there are.
                + ", tokens=" + tokens.size() + ", jwt=" + (jwtSecret != null) + ", allowedOrigins=" + allowedOrigins + "]";
    }

    /** Mutable collector of settings; starts from the defaults. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String path = DEFAULT_PATH;
        private int recentEventsLimit = DEFAULT_RECENT_EVENTS_LIMIT;
        private int maxQueuedMessagesPerClient = DEFAULT_MAX_QUEUED_MESSAGES_PER_CLIENT;
        private long maxQueuedBytesPerClient = DEFAULT_MAX_QUEUED_BYTES_PER_CLIENT;
        private int maxInboundFrameBytes = DEFAULT_MAX_INBOUND_FRAME_BYTES;
        private int replayBufferCapacity = DEFAULT_REPLAY_BUFFER_CAPACITY;
        private Duration replayBufferTtl = DEFAULT_REPLAY_BUFFER_TTL;
        private int dedupWindowSize = DEFAULT_DEDUP_WINDOW_SIZE;
        private Duration dedupWindowTtl = DEFAULT_DEDUP_WINDOW_TTL;
        private Duration criticalMessageTtl = DEFAULT_CRITICAL_MESSAGE_TTL;
        private int maxCriticalMessagesPerClient = DEFAULT_MAX_CRITICAL_MESSAGES_PER_CLIENT;
        private int maxCriticalMessagesTotal = DEFAULT_MAX_CRITICAL_MESSAGES_TOTAL;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private boolean tcpNoDelay = DEFAULT_TCP_NO_DELAY;
        private double rateLimitPerSecond = DEFAULT_RATE_LIMIT_PER_SECOND;
        private int rateLimitBurst = DEFAULT_RATE_LIMIT_BURST;
        private int exportMaxRows = DEFAULT_EXPORT_MAX_ROWS;
        private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
        private Map<String, Set<Role>> tokens = Map.of();
        private String jwtSecret = null;
        private Set<String> allowedOrigins = Set.of();
        private ProducerIngest producerIngest = ProducerIngest.REFUSING;
        private ExportSource exportSource = null;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder recentEventsLimit(int recentEventsLimit) {
            this.recentEventsLimit = recentEventsLimit;
            return this;
        }

        public Builder maxQueuedMessagesPerClient(int maxQueuedMessagesPerClient) {
            this.maxQueuedMessagesPerClient = maxQueuedMessagesPerClient;
            return this;
        }

        public Builder maxQueuedBytesPerClient(long maxQueuedBytesPerClient) {
            this.maxQueuedBytesPerClient = maxQueuedBytesPerClient;
            return this;
        }

        public Builder maxInboundFrameBytes(int maxInboundFrameBytes) {
            this.maxInboundFrameBytes = maxInboundFrameBytes;
            return this;
        }

        public Builder replayBufferCapacity(int replayBufferCapacity) {
            this.replayBufferCapacity = replayBufferCapacity;
            return this;
        }

        public Builder replayBufferTtl(Duration replayBufferTtl) {
            this.replayBufferTtl = replayBufferTtl;
            return this;
        }

        public Builder dedupWindowSize(int dedupWindowSize) {
            this.dedupWindowSize = dedupWindowSize;
            return this;
        }

        public Builder dedupWindowTtl(Duration dedupWindowTtl) {
            this.dedupWindowTtl = dedupWindowTtl;
            return this;
        }

        public Builder criticalMessageTtl(Duration criticalMessageTtl) {
            this.criticalMessageTtl = criticalMessageTtl;
            return this;
        }

        public Builder maxCriticalMessagesPerClient(int maxCriticalMessagesPerClient) {
            this.maxCriticalMessagesPerClient = maxCriticalMessagesPerClient;
            return this;
        }

        public Builder maxCriticalMessagesTotal(int maxCriticalMessagesTotal) {
            this.maxCriticalMessagesTotal = maxCriticalMessagesTotal;
            return this;
        }

        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        public Builder rateLimitPerSecond(double rateLimitPerSecond) {
            this.rateLimitPerSecond = rateLimitPerSecond;
            return this;
        }

        public Builder rateLimitBurst(int rateLimitBurst) {
            this.rateLimitBurst = rateLimitBurst;
            return this;
        }

        public Builder exportMaxRows(int exportMaxRows) {
            this.exportMaxRows = exportMaxRows;
            return this;
        }

        public Builder maxInFlightRequests(int maxInFlightRequests) {
            this.maxInFlightRequests = maxInFlightRequests;
            return this;
        }

        public Builder tokens(Map<String, Set<Role>> tokens) {
            this.tokens = tokens;
            return this;
        }

        public Builder jwtSecret(String jwtSecret) {
            this.jwtSecret = jwtSecret;
            return this;
        }

        public Builder allowedOrigins(Set<String> allowedOrigins) {
            this.allowedOrigins = allowedOrigins;
            return this;
        }

        public Builder producerIngest(ProducerIngest producerIngest) {
            this.producerIngest = producerIngest;
            return this;
        }

        public Builder exportSource(ExportSource exportSource) {
            this.exportSource = exportSource;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting and its accepted range */
        public LegacyServerConfig build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must be a host name or IP address, got " + quote(host));
            }
            checkRange("port", port, 0, 65535);
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/', got " + quote(path));
            }
            if (path.chars().anyMatch(c -> c == '?' || c == '#' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("path must not contain '?', '#' or whitespace, got " + quote(path));
            }
            checkRange("recentEventsLimit", recentEventsLimit, 0, MAX_RECENT_EVENTS_LIMIT);
            checkRange("maxQueuedMessagesPerClient", maxQueuedMessagesPerClient, 1, MAX_QUEUED_MESSAGES_LIMIT);
            checkRange("maxQueuedBytesPerClient", maxQueuedBytesPerClient, MIN_QUEUED_BYTES_LIMIT, MAX_QUEUED_BYTES_LIMIT);
            checkRange("maxInboundFrameBytes", maxInboundFrameBytes, 1024, 16L * 1024 * 1024);
            checkRange("replayBufferCapacity", replayBufferCapacity, 0, 1_000_000);
            checkDuration("replayBufferTtl", replayBufferTtl, Duration.ofSeconds(1), Duration.ofDays(1));
            checkRange("dedupWindowSize", dedupWindowSize, 1, 1_000_000);
            checkDuration("dedupWindowTtl", dedupWindowTtl, Duration.ofSeconds(1), Duration.ofDays(1));
            checkDuration("criticalMessageTtl", criticalMessageTtl, Duration.ofMillis(1), Duration.ofHours(1));
            checkRange("maxCriticalMessagesPerClient", maxCriticalMessagesPerClient, 1, 1000);
            checkRange("maxCriticalMessagesTotal", maxCriticalMessagesTotal, 1, 100_000);
            checkDuration("pingInterval", pingInterval, Duration.ofMillis(10), Duration.ofHours(1));
            if (!(rateLimitPerSecond >= 0.001 && rateLimitPerSecond <= 100_000)) {
                throw new IllegalArgumentException("rateLimitPerSecond must be 0.001..100000, got " + rateLimitPerSecond);
            }
            checkRange("rateLimitBurst", rateLimitBurst, 1, 100_000);
            checkRange("exportMaxRows", exportMaxRows, 1, 1_000_000);
            checkRange("maxInFlightRequests", maxInFlightRequests, 1, 100_000);
            tokens = copyTokens(tokens);
            if (jwtSecret != null && jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < MIN_JWT_SECRET_BYTES) {
                throw new IllegalArgumentException("jwtSecret must be at least " + MIN_JWT_SECRET_BYTES + " bytes (HS256), got " + jwtSecret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            }
            allowedOrigins = Set.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins must not be null"));
            Objects.requireNonNull(producerIngest, "producerIngest must not be null");
            Objects.requireNonNull(clock, "clock must not be null");
            return new LegacyServerConfig(this);
        }

        private static void checkRange(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
            }
        }

        private static void checkDuration(String name, Duration value, Duration min, Duration max) {
            if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
            }
        }

        private static Map<String, Set<Role>> copyTokens(Map<String, Set<Role>> tokens) {
            Objects.requireNonNull(tokens, "tokens must not be null");
            Map<String, Set<Role>> copy = new HashMap<>();
            tokens.forEach((token, roles) -> {
                if (token == null || token.isBlank() || roles == null || roles.isEmpty()) {
                    // The token itself is not echoed: it is a secret.
                    throw new IllegalArgumentException("tokens must map non-blank tokens to at least one role");
                }
                copy.put(token, Set.copyOf(roles));
            });
            return Map.copyOf(copy);
        }

        private static String quote(String s) {
            return s == null ? "null" : "\"" + s + "\"";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegacyServerConfig c && values().equals(c.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    private java.util.List<Object> values() {
        return java.util.Arrays.asList(host, port, path, recentEventsLimit, maxQueuedMessagesPerClient, maxQueuedBytesPerClient, maxInboundFrameBytes, replayBufferCapacity, replayBufferTtl, dedupWindowSize, dedupWindowTtl, criticalMessageTtl, maxCriticalMessagesPerClient, maxCriticalMessagesTotal, pingInterval, tcpNoDelay, rateLimitPerSecond, rateLimitBurst, exportMaxRows, maxInFlightRequests, tokens, jwtSecret, allowedOrigins, producerIngest, exportSource, clock);
    }
}
