package dev.tandem.realtimebridge.supabase;

import static dev.tandem.realtimebridge.supabase.ConfigChecks.requireBackoff;
import static dev.tandem.realtimebridge.supabase.ConfigChecks.requireBetween;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/** Settings of a {@link RealtimeClient}; immutable, built with {@link #builder()} and validated in {@code build()}. */
public final class RealtimeClientConfig {
    /** realtime-js's default since 2.91.0: what current dashboards speak. */
    public static final ProtocolVersion DEFAULT_PROTOCOL = ProtocolVersion.V2;
    /** The protocol doc: a heartbeat "at least every 25 seconds"; realtime-js' HEARTBEAT_INTERVAL. */
    public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(25);
    /** Phoenix drops a socket silent for 60 s, so a heartbeat must come more often than that. */
    public static final Duration MAX_HEARTBEAT_INTERVAL = Duration.ofSeconds(55);
    /** realtime-js' RECONNECT_INTERVALS; the last step repeats. Also the rejoin schedule of a channel. */
    public static final List<Duration> DEFAULT_BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(5), Duration.ofSeconds(10));
    public static final Duration MAX_BACKOFF_STEP = Duration.ofMinutes(10);
    public static final int MAX_BACKOFF_STEPS = 20;
    /** realtime-js' DEFAULT_TIMEOUT for a join reply. */
    public static final Duration DEFAULT_JOIN_TIMEOUT = Duration.ofSeconds(10);
    /** How long before its exp a token is replaced; the server checks tokens at least every 5 minutes. */
    public static final Duration DEFAULT_TOKEN_REFRESH_MARGIN = Duration.ofSeconds(60);
    public static final int DEFAULT_INBOUND_QUEUE_CAPACITY = 10_000;
    public static final int MAX_INBOUND_QUEUE_CAPACITY = 1_000_000;
    /** TENANT_MAX_CHANNELS_PER_CLIENT's default: the server refuses more. */
    public static final int MAX_CHANNELS = 100;
    public static final QueueFullPolicy DEFAULT_QUEUE_FULL_POLICY = QueueFullPolicy.BLOCK;

    /** What the socket reader does when the listener has fallen {@code inboundQueueCapacity} events behind. */
    public enum QueueFullPolicy {
        /**
         * The reader waits, so the socket stops being read and TCP pushes back on the server, as with a slow
         * dashboard; if that outlasts a heartbeat interval the socket counts as dead and is reconnected.
         */
        BLOCK,
        /** The new event is dropped and counted ({@link RealtimeStats#dropped()}); the reader never waits. */
        DROP_NEWEST
    }

    private final HttpUrl endpoint;
    private final String apiKey;
    private final ProtocolVersion protocol;
    private final List<ChannelSpec> channels;
    private final Duration heartbeatInterval;
    private final List<Duration> backoff;
    private final Duration joinTimeout;
    private final Supplier<String> tokenSupplier;
    private final Duration tokenRefreshMargin;
    private final int inboundQueueCapacity;
    private final QueueFullPolicy queueFullPolicy;

    private RealtimeClientConfig(Builder b, HttpUrl endpoint) {
        this.endpoint = endpoint;
        this.apiKey = b.apiKey;
        this.protocol = b.protocol;
        this.channels = List.copyOf(b.channels);
        this.heartbeatInterval = b.heartbeatInterval;
        this.backoff = List.copyOf(b.backoff);
        this.joinTimeout = b.joinTimeout;
        this.tokenSupplier = b.tokenSupplier != null ? b.tokenSupplier : () -> b.apiKey;
        this.tokenRefreshMargin = b.tokenRefreshMargin;
        this.inboundQueueCapacity = b.inboundQueueCapacity;
        this.queueFullPolicy = b.queueFullPolicy;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The WebSocket URL with {@code apikey} and {@code vsn} (as http/https, which OkHttp upgrades). */
    public HttpUrl socketUrl() {
        return SocketUrls.withKey(endpoint, apiKey, protocol);
    }

    /** The URL without the key, for logs. */
    public HttpUrl endpoint() {
        return endpoint;
    }

    public String apiKey() {
        return apiKey;
    }

    public ProtocolVersion protocol() {
        return protocol;
    }

    public List<ChannelSpec> channels() {
        return channels;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public List<Duration> backoff() {
        return backoff;
    }

    /** The delay before attempt {@code attempt} (0-based); the last step repeats. */
    public Duration backoff(int attempt) {
        return backoff.get(Math.min(attempt, backoff.size() - 1));
    }

    public Duration joinTimeout() {
        return joinTimeout;
    }

    public Supplier<String> tokenSupplier() {
        return tokenSupplier;
    }

    public Duration tokenRefreshMargin() {
        return tokenRefreshMargin;
    }

    public int inboundQueueCapacity() {
        return inboundQueueCapacity;
    }

    public QueueFullPolicy queueFullPolicy() {
        return queueFullPolicy;
    }

    @Override
    public String toString() { // no key, no token
        return "RealtimeClientConfig[endpoint=" + endpoint + ", protocol=" + protocol.vsn() + ", channels="
                + channels.stream().map(ChannelSpec::topic).toList() + ", heartbeatInterval=" + heartbeatInterval
                + ", backoff=" + backoff + ", joinTimeout=" + joinTimeout + ", tokenRefreshMargin=" + tokenRefreshMargin
                + ", inboundQueueCapacity=" + inboundQueueCapacity + ", queueFullPolicy=" + queueFullPolicy + "]";
    }

    public static final class Builder {
        private String url;
        private String apiKey;
        private ProtocolVersion protocol = DEFAULT_PROTOCOL;
        private List<ChannelSpec> channels = List.of();
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private List<Duration> backoff = DEFAULT_BACKOFF;
        private Duration joinTimeout = DEFAULT_JOIN_TIMEOUT;
        private Supplier<String> tokenSupplier;
        private Duration tokenRefreshMargin = DEFAULT_TOKEN_REFRESH_MARGIN;
        private int inboundQueueCapacity = DEFAULT_INBOUND_QUEUE_CAPACITY;
        private QueueFullPolicy queueFullPolicy = DEFAULT_QUEUE_FULL_POLICY;

        private Builder() {
        }

        /**
         * The project URL ({@code https://<ref>.supabase.co}, to which {@code /realtime/v1/websocket} is added) or
         * the full socket URL (ending in {@code /websocket}, e.g. a self-hosted {@code ws://host:4000/socket/websocket}).
         * http, https, ws and wss are accepted.
         */
        public Builder url(String url) {
            this.url = url;
            return this;
        }

        /** The project's API key, sent as the {@code apikey} query parameter (never logged). */
        public Builder apiKey(String apiKey) {
            this.apiKey = apiKey;
            return this;
        }

        public Builder protocol(ProtocolVersion protocol) {
            this.protocol = protocol;
            return this;
        }

        public Builder channels(ChannelSpec... channels) {
            this.channels = List.of(channels);
            return this;
        }

        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = interval;
            return this;
        }

        /** Delays before reconnect (and rejoin) attempts 1, 2, ...; the last repeats. */
        public Builder backoff(List<Duration> backoff) {
            this.backoff = backoff;
            return this;
        }

        public Builder joinTimeout(Duration timeout) {
            this.joinTimeout = timeout;
            return this;
        }

        /**
         * Where user tokens come from, for {@code access_token}; called at start, before a JWT's exp, and when the
         * server says the token expired. Default: the API key itself.
         */
        public Builder tokenSupplier(Supplier<String> supplier) {
            this.tokenSupplier = supplier;
            return this;
        }

        public Builder tokenRefreshMargin(Duration margin) {
            this.tokenRefreshMargin = margin;
            return this;
        }

        public Builder inboundQueueCapacity(int capacity) {
            this.inboundQueueCapacity = capacity;
            return this;
        }

        public Builder queueFullPolicy(QueueFullPolicy policy) {
            this.queueFullPolicy = policy;
            return this;
        }

        public RealtimeClientConfig build() {
            HttpUrl endpoint = SocketUrls.endpoint(url);
            if (apiKey == null || apiKey.isBlank()) {
                throw new IllegalArgumentException("apiKey must be set: Realtime refuses a connection without one");
            }
            Objects.requireNonNull(protocol, "protocol must be set (1.0.0 or 2.0.0)");
            if (channels == null || channels.isEmpty() || channels.size() > MAX_CHANNELS) {
                throw new IllegalArgumentException("channels must hold 1 to " + MAX_CHANNELS + " channels, got "
                        + (channels == null ? "none" : channels.size()));
            }
            if (new HashSet<>(channels.stream().map(ChannelSpec::topic).toList()).size() != channels.size()) {
                throw new IllegalArgumentException("channels must have distinct names, got "
                        + channels.stream().map(ChannelSpec::name).toList());
            }
            requireBetween("heartbeatInterval", heartbeatInterval, Duration.ofMillis(10), MAX_HEARTBEAT_INTERVAL);
            requireBackoff(backoff, MAX_BACKOFF_STEPS, MAX_BACKOFF_STEP);
            requireBetween("joinTimeout", joinTimeout, Duration.ofMillis(10), Duration.ofMinutes(5));
            requireBetween("tokenRefreshMargin", tokenRefreshMargin, Duration.ZERO, Duration.ofHours(1));
            if (inboundQueueCapacity < 1 || inboundQueueCapacity > MAX_INBOUND_QUEUE_CAPACITY) {
                throw new IllegalArgumentException("inboundQueueCapacity must be between 1 and "
                        + MAX_INBOUND_QUEUE_CAPACITY + ", got: " + inboundQueueCapacity);
            }
            Objects.requireNonNull(queueFullPolicy, "queueFullPolicy must be set (BLOCK or DROP_NEWEST)");
            return new RealtimeClientConfig(this, endpoint);
        }
    }
}
