package dev.tandem.legacyws;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of one {@link LegacyServer}: where it listens and how it runs, the SPIs it calls, and three groups,
 * each with its own builder and defaults: {@link ClientLimits} (what clients may cost), {@link ReplaySettings}
 * (what is remembered of past traffic) and {@link AuthSettings} (who may connect). Immutable; made with
 * {@link #builder()}. Every setting is checked when the object holding it is built, and a refusal names the
 * setting and its accepted range.
 *
 * <pre>{@code
 * LegacyServerConfig.builder().port(8081)
 *         .clientLimits(ClientLimits.builder().maxInFlightRequests(16).build())
 *         .auth(AuthSettings.builder().jwtSecret(secret).build())
 *         .build();
 * }</pre>
 */
public final class LegacyServerConfig {
    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_PATH = "/ws";
    public static final Duration DEFAULT_PING_INTERVAL = Duration.ofSeconds(30);
    /**
     * Nagle off: events are small and latency is what dashboards and the validator see. Measured with
     * bin/bench-legacy: Nagle on batches more bytes per packet under a flood but adds latency at steady rates.
     */
    public static final boolean DEFAULT_TCP_NO_DELAY = true;

    private final String host;
    private final int port;
    private final String path;
    private final Duration pingInterval;
    private final boolean tcpNoDelay;
    private final ClientLimits clientLimits;
    private final ReplaySettings replay;
    private final AuthSettings auth;
    private final ProducerIngest producerIngest;
    private final ExportSource exportSource;
    private final Clock clock;

    private LegacyServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
        this.pingInterval = b.pingInterval;
        this.tcpNoDelay = b.tcpNoDelay;
        this.clientLimits = b.clientLimits;
        this.replay = b.replay;
        this.auth = b.auth;
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
        return new Builder().host(host).port(port).path(path).pingInterval(pingInterval).tcpNoDelay(tcpNoDelay)
                .clientLimits(clientLimits).replay(replay).auth(auth)
                .producerIngest(producerIngest).exportSource(exportSource).clock(clock);
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

    /** How often every client gets a WebSocket ping; two unanswered in a row close it (a timeout). */
    public Duration pingInterval() {
        return pingInterval;
    }

    /** Whether sockets send small frames at once (Nagle off). */
    public boolean tcpNoDelay() {
        return tcpNoDelay;
    }

    /** Per-client backlog, inbound frame size, rate limit, and in-flight SPI request bounds. */
    public ClientLimits clientLimits() {
        return clientLimits;
    }

    /** Recent events, replay buffer, dedup window and critical-message retention. */
    public ReplaySettings replay() {
        return replay;
    }

    /** Tokens, JWT secret and allowed origins. */
    public AuthSettings auth() {
        return auth;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof LegacyServerConfig c && host.equals(c.host) && port == c.port && path.equals(c.path)
                && pingInterval.equals(c.pingInterval) && tcpNoDelay == c.tcpNoDelay
                && clientLimits.equals(c.clientLimits) && replay.equals(c.replay) && auth.equals(c.auth)
                && producerIngest.equals(c.producerIngest) && Objects.equals(exportSource, c.exportSource)
                && clock.equals(c.clock);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, path, pingInterval, tcpNoDelay, clientLimits, replay, auth, producerIngest,
                exportSource, clock);
    }

    /** Secrets are never printed (see {@link AuthSettings#toString()}). */
    @Override
    public String toString() {
        return "LegacyServerConfig[" + host + ":" + port + path + ", pingInterval=" + pingInterval
                + ", tcpNoDelay=" + tcpNoDelay + ", " + clientLimits + ", " + replay + ", " + auth + "]";
    }

    /** Mutable collector of settings; starts from the defaults. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String path = DEFAULT_PATH;
        private Duration pingInterval = DEFAULT_PING_INTERVAL;
        private boolean tcpNoDelay = DEFAULT_TCP_NO_DELAY;
        private ClientLimits clientLimits = ClientLimits.defaults();
        private ReplaySettings replay = ReplaySettings.defaults();
        private AuthSettings auth = AuthSettings.defaults();
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

        public Builder pingInterval(Duration pingInterval) {
            this.pingInterval = pingInterval;
            return this;
        }

        public Builder tcpNoDelay(boolean tcpNoDelay) {
            this.tcpNoDelay = tcpNoDelay;
            return this;
        }

        public Builder clientLimits(ClientLimits clientLimits) {
            this.clientLimits = clientLimits;
            return this;
        }

        public Builder replay(ReplaySettings replay) {
            this.replay = replay;
            return this;
        }

        public Builder auth(AuthSettings auth) {
            this.auth = auth;
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

        /**
         * @throws IllegalArgumentException naming the first invalid setting and its accepted range
         * @throws NullPointerException     naming a required setting that is null
         */
        public LegacyServerConfig build() {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must be a host name or IP address, got " + Checks.quote(host));
            }
            Checks.range("port", port, 0, 65535);
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("path must start with '/', got " + Checks.quote(path));
            }
            if (path.chars().anyMatch(c -> c == '?' || c == '#' || Character.isWhitespace(c))) {
                throw new IllegalArgumentException("path must not contain '?', '#' or whitespace, got " + Checks.quote(path));
            }
            Checks.duration("pingInterval", pingInterval, Duration.ofMillis(10), Duration.ofHours(1));
            Objects.requireNonNull(clientLimits, "clientLimits must not be null");
            Objects.requireNonNull(replay, "replay must not be null");
            Objects.requireNonNull(auth, "auth must not be null");
            Objects.requireNonNull(producerIngest, "producerIngest must not be null");
            Objects.requireNonNull(clock, "clock must not be null");
            return new LegacyServerConfig(this);
        }
    }
}
