package dev.tandem.legacyws;

import java.util.Objects;

/**
 * What clients may cost the server: each client's unsent backlog, the size of the frames it sends, how fast
 * it may send them, and the SPI requests (ingest, export) running at once. Part of {@link LegacyServerConfig}.
 * Immutable; made with {@link #builder()}, whose {@code build()} checks every setting and names the offending
 * one and its accepted range.
 */
public final class ClientLimits {
    public static final int DEFAULT_MAX_QUEUED_MESSAGES_PER_CLIENT = 10_000;
    public static final long DEFAULT_MAX_QUEUED_BYTES_PER_CLIENT = 16L * 1024 * 1024;
    public static final int DEFAULT_MAX_INBOUND_FRAME_BYTES = 64 * 1024;
    public static final double DEFAULT_RATE_LIMIT_PER_SECOND = 20;
    public static final int DEFAULT_RATE_LIMIT_BURST = 40;
    public static final int DEFAULT_MAX_IN_FLIGHT_REQUESTS = 64;
    public static final int DEFAULT_EXPORT_MAX_ROWS = 10_000;

    /** Upper bounds keep every setting within what one process can hold for every client at once. */
    public static final int MAX_QUEUED_MESSAGES_LIMIT = 1_000_000;
    public static final long MIN_QUEUED_BYTES_LIMIT = 1024;
    public static final long MAX_QUEUED_BYTES_LIMIT = 1024L * 1024 * 1024;
    public static final int MIN_INBOUND_FRAME_BYTES_LIMIT = 1024;
    public static final int MAX_INBOUND_FRAME_BYTES_LIMIT = 16 * 1024 * 1024;

    private static final ClientLimits DEFAULTS = builder().build();

    private final int maxQueuedMessagesPerClient;
    private final long maxQueuedBytesPerClient;
    private final int maxInboundFrameBytes;
    private final double rateLimitPerSecond;
    private final int rateLimitBurst;
    private final int maxInFlightRequests;
    private final int exportMaxRows;

    private ClientLimits(Builder b) {
        this.maxQueuedMessagesPerClient = b.maxQueuedMessagesPerClient;
        this.maxQueuedBytesPerClient = b.maxQueuedBytesPerClient;
        this.maxInboundFrameBytes = b.maxInboundFrameBytes;
        this.rateLimitPerSecond = b.rateLimitPerSecond;
        this.rateLimitBurst = b.rateLimitBurst;
        this.maxInFlightRequests = b.maxInFlightRequests;
        this.exportMaxRows = b.exportMaxRows;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every limit at its DEFAULT_* value. */
    public static ClientLimits defaults() {
        return DEFAULTS;
    }

    /** A builder holding these values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().maxQueuedMessagesPerClient(maxQueuedMessagesPerClient)
                .maxQueuedBytesPerClient(maxQueuedBytesPerClient).maxInboundFrameBytes(maxInboundFrameBytes)
                .rateLimitPerSecond(rateLimitPerSecond).rateLimitBurst(rateLimitBurst)
                .maxInFlightRequests(maxInFlightRequests).exportMaxRows(exportMaxRows);
    }

    /** A client with this many messages still unsent is too slow and is disconnected (close 1013). */
    public int maxQueuedMessagesPerClient() {
        return maxQueuedMessagesPerClient;
    }

    /** A client with this many bytes still unsent is too slow and is disconnected (close 1013). */
    public long maxQueuedBytesPerClient() {
        return maxQueuedBytesPerClient;
    }

    /** Client frames with a larger payload than this are refused with close 1009. */
    public int maxInboundFrameBytes() {
        return maxInboundFrameBytes;
    }

    /** Per-client token bucket refill: client messages per second over time. */
    public double rateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    /** Per-client token bucket size: messages a client may send at once. */
    public int rateLimitBurst() {
        return rateLimitBurst;
    }

    /** Ingests and exports running at once across all clients; past it the answer is error rate_limited. */
    public int maxInFlightRequests() {
        return maxInFlightRequests;
    }

    /** The most events one export may hold; past it the answer is error too_large. */
    public int exportMaxRows() {
        return exportMaxRows;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientLimits c && maxQueuedMessagesPerClient == c.maxQueuedMessagesPerClient
                && maxQueuedBytesPerClient == c.maxQueuedBytesPerClient && maxInboundFrameBytes == c.maxInboundFrameBytes
                && Double.compare(rateLimitPerSecond, c.rateLimitPerSecond) == 0 && rateLimitBurst == c.rateLimitBurst
                && maxInFlightRequests == c.maxInFlightRequests && exportMaxRows == c.exportMaxRows;
    }

    @Override
    public int hashCode() {
        return Objects.hash(maxQueuedMessagesPerClient, maxQueuedBytesPerClient, maxInboundFrameBytes,
                rateLimitPerSecond, rateLimitBurst, maxInFlightRequests, exportMaxRows);
    }

    @Override
    public String toString() {
        return "ClientLimits[maxQueuedMessagesPerClient=" + maxQueuedMessagesPerClient
                + ", maxQueuedBytesPerClient=" + maxQueuedBytesPerClient + ", maxInboundFrameBytes=" + maxInboundFrameBytes
                + ", rateLimit=" + rateLimitPerSecond + "/s burst " + rateLimitBurst
                + ", maxInFlightRequests=" + maxInFlightRequests + ", exportMaxRows=" + exportMaxRows + "]";
    }

    /** Mutable collector of limits; starts from the defaults. */
    public static final class Builder {
        private int maxQueuedMessagesPerClient = DEFAULT_MAX_QUEUED_MESSAGES_PER_CLIENT;
        private long maxQueuedBytesPerClient = DEFAULT_MAX_QUEUED_BYTES_PER_CLIENT;
        private int maxInboundFrameBytes = DEFAULT_MAX_INBOUND_FRAME_BYTES;
        private double rateLimitPerSecond = DEFAULT_RATE_LIMIT_PER_SECOND;
        private int rateLimitBurst = DEFAULT_RATE_LIMIT_BURST;
        private int maxInFlightRequests = DEFAULT_MAX_IN_FLIGHT_REQUESTS;
        private int exportMaxRows = DEFAULT_EXPORT_MAX_ROWS;

        private Builder() {
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

        public Builder rateLimitPerSecond(double rateLimitPerSecond) {
            this.rateLimitPerSecond = rateLimitPerSecond;
            return this;
        }

        public Builder rateLimitBurst(int rateLimitBurst) {
            this.rateLimitBurst = rateLimitBurst;
            return this;
        }

        public Builder maxInFlightRequests(int maxInFlightRequests) {
            this.maxInFlightRequests = maxInFlightRequests;
            return this;
        }

        public Builder exportMaxRows(int exportMaxRows) {
            this.exportMaxRows = exportMaxRows;
            return this;
        }

        /** @throws IllegalArgumentException naming the first invalid setting and its accepted range */
        public ClientLimits build() {
            Checks.range("maxQueuedMessagesPerClient", maxQueuedMessagesPerClient, 1, MAX_QUEUED_MESSAGES_LIMIT);
            Checks.range("maxQueuedBytesPerClient", maxQueuedBytesPerClient, MIN_QUEUED_BYTES_LIMIT, MAX_QUEUED_BYTES_LIMIT);
            Checks.range("maxInboundFrameBytes", maxInboundFrameBytes, MIN_INBOUND_FRAME_BYTES_LIMIT,
                    MAX_INBOUND_FRAME_BYTES_LIMIT);
            // Written so that NaN fails too.
            if (!(rateLimitPerSecond >= 0.001 && rateLimitPerSecond <= 100_000)) {
                throw new IllegalArgumentException("rateLimitPerSecond must be 0.001..100000, got " + rateLimitPerSecond);
            }
            Checks.range("rateLimitBurst", rateLimitBurst, 1, 100_000);
            Checks.range("maxInFlightRequests", maxInFlightRequests, 1, 100_000);
            Checks.range("exportMaxRows", exportMaxRows, 1, 1_000_000);
            return new ClientLimits(this);
        }
    }
}
