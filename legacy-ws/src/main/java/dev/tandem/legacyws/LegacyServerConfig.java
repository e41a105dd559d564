package dev.tandem.legacyws;

import java.util.Objects;

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

    private LegacyServerConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.path = b.path;
        this.recentEventsLimit = b.recentEventsLimit;
        this.maxQueuedMessagesPerClient = b.maxQueuedMessagesPerClient;
        this.maxQueuedBytesPerClient = b.maxQueuedBytesPerClient;
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
                .maxQueuedMessagesPerClient(maxQueuedMessagesPerClient).maxQueuedBytesPerClient(maxQueuedBytesPerClient);
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

    @Override
    public String toString() {
        return "LegacyServerConfig[" + host + ":" + port + path + ", recentEventsLimit=" + recentEventsLimit
                + ", maxQueuedMessagesPerClient=" + maxQueuedMessagesPerClient
                + ", maxQueuedBytesPerClient=" + maxQueuedBytesPerClient + "]";
    }

    /** Mutable collector of settings; starts from the defaults. */
    public static final class Builder {
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String path = DEFAULT_PATH;
        private int recentEventsLimit = DEFAULT_RECENT_EVENTS_LIMIT;
        private int maxQueuedMessagesPerClient = DEFAULT_MAX_QUEUED_MESSAGES_PER_CLIENT;
        private long maxQueuedBytesPerClient = DEFAULT_MAX_QUEUED_BYTES_PER_CLIENT;

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
            return new LegacyServerConfig(this);
        }

        private static void checkRange(String name, long value, long min, long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
            }
        }

        private static String quote(String s) {
            return s == null ? "null" : "\"" + s + "\"";
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegacyServerConfig c && host.equals(c.host) && port == c.port && path.equals(c.path)
                && recentEventsLimit == c.recentEventsLimit && maxQueuedMessagesPerClient == c.maxQueuedMessagesPerClient
                && maxQueuedBytesPerClient == c.maxQueuedBytesPerClient;
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, path, recentEventsLimit, maxQueuedMessagesPerClient, maxQueuedBytesPerClient);
    }
}
