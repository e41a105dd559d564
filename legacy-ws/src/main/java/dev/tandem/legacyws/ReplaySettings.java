package dev.tandem.legacyws;

import java.time.Duration;
import java.util.Objects;

/**
 * What the server remembers of past traffic, and for how long: the recent events a new client is shown, the
 * replay buffer behind {@code resume} and the default export, the event ids that suppress repeated publishes,
 * and the critical messages kept for absent clients. Part of {@link LegacyServerConfig}. Immutable; made with
 * {@link #builder()}, whose {@code build()} checks every setting and names the offending one and its accepted
 * range.
 */
public final class ReplaySettings {
    public static final int DEFAULT_RECENT_EVENTS_LIMIT = 100;
    /**
     * Half the default per-client message bound, so replaying a full buffer on {@code resume} (which queues it
     * all at once) never makes the resuming client look too slow. Keep replayBufferCapacity below
     * {@link ClientLimits#maxQueuedMessagesPerClient()} when changing either.
     */
    public static final int DEFAULT_REPLAY_BUFFER_CAPACITY = 5_000;
    public static final Duration DEFAULT_REPLAY_BUFFER_TTL = Duration.ofMinutes(5);
    public static final int DEFAULT_DEDUP_WINDOW_SIZE = 10_000;
    public static final Duration DEFAULT_DEDUP_WINDOW_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_CRITICAL_MESSAGE_TTL = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_CRITICAL_MESSAGES_PER_CLIENT = 16;
    public static final int DEFAULT_MAX_CRITICAL_MESSAGES_TOTAL = 1024;

    /** Upper bound: every new client is sent this many events at once. */
    public static final int MAX_RECENT_EVENTS_LIMIT = 100_000;

    private static final ReplaySettings DEFAULTS = builder().build();

    private final int recentEventsLimit;
    private final int replayBufferCapacity;
    private final Duration replayBufferTtl;
    private final int dedupWindowSize;
    private final Duration dedupWindowTtl;
    private final Duration criticalMessageTtl;
    private final int maxCriticalMessagesPerClient;
    private final int maxCriticalMessagesTotal;

    private ReplaySettings(Builder b) {
        this.recentEventsLimit = b.recentEventsLimit;
        this.replayBufferCapacity = b.replayBufferCapacity;
        this.replayBufferTtl = b.replayBufferTtl;
        this.dedupWindowSize = b.dedupWindowSize;
        this.dedupWindowTtl = b.dedupWindowTtl;
        this.criticalMessageTtl = b.criticalMessageTtl;
        this.maxCriticalMessagesPerClient = b.maxCriticalMessagesPerClient;
        this.maxCriticalMessagesTotal = b.maxCriticalMessagesTotal;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Every setting at its DEFAULT_* value. */
    public static ReplaySettings defaults() {
        return DEFAULTS;
    }

    /** A builder holding these values, to derive a variant. */
    public Builder toBuilder() {
        return new Builder().recentEventsLimit(recentEventsLimit).replayBufferCapacity(replayBufferCapacity)
                .replayBufferTtl(replayBufferTtl).dedupWindowSize(dedupWindowSize).dedupWindowTtl(dedupWindowTtl)
                .criticalMessageTtl(criticalMessageTtl).maxCriticalMessagesPerClient(maxCriticalMessagesPerClient)
                .maxCriticalMessagesTotal(maxCriticalMessagesTotal);
    }

    /** How many of the latest {@code event} messages a new client gets in {@code initial_stats}. */
    public int recentEventsLimit() {
        return recentEventsLimit;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplaySettings r && recentEventsLimit == r.recentEventsLimit
                && replayBufferCapacity == r.replayBufferCapacity && replayBufferTtl.equals(r.replayBufferTtl)
                && dedupWindowSize == r.dedupWindowSize && dedupWindowTtl.equals(r.dedupWindowTtl)
                && criticalMessageTtl.equals(r.criticalMessageTtl)
                && maxCriticalMessagesPerClient == r.maxCriticalMessagesPerClient
                && maxCriticalMessagesTotal == r.maxCriticalMessagesTotal;
    }

    @Override
    public int hashCode() {
        return Objects.hash(recentEventsLimit, replayBufferCapacity, replayBufferTtl, dedupWindowSize, dedupWindowTtl,
                criticalMessageTtl, maxCriticalMessagesPerClient, maxCriticalMessagesTotal);
    }

    @Override
    public String toString() {
        return "ReplaySettings[recentEventsLimit=" + recentEventsLimit
                + ", replayBuffer=" + replayBufferCapacity + "/" + replayBufferTtl
                + ", dedup=" + dedupWindowSize + "/" + dedupWindowTtl
                + ", critical=" + maxCriticalMessagesPerClient + "/" + maxCriticalMessagesTotal + "/" + criticalMessageTtl + "]";
    }

    /** Mutable collector of settings; starts from the defaults. */
    public static final class Builder {
        private int recentEventsLimit = DEFAULT_RECENT_EVENTS_LIMIT;
        private int replayBufferCapacity = DEFAULT_REPLAY_BUFFER_CAPACITY;
        private Duration replayBufferTtl = DEFAULT_REPLAY_BUFFER_TTL;
        private int dedupWindowSize = DEFAULT_DEDUP_WINDOW_SIZE;
        private Duration dedupWindowTtl = DEFAULT_DEDUP_WINDOW_TTL;
        private Duration criticalMessageTtl = DEFAULT_CRITICAL_MESSAGE_TTL;
        private int maxCriticalMessagesPerClient = DEFAULT_MAX_CRITICAL_MESSAGES_PER_CLIENT;
        private int maxCriticalMessagesTotal = DEFAULT_MAX_CRITICAL_MESSAGES_TOTAL;

        private Builder() {
        }

        public Builder recentEventsLimit(int recentEventsLimit) {
            this.recentEventsLimit = recentEventsLimit;
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

        /** @throws IllegalArgumentException naming the first invalid setting and its accepted range */
        public ReplaySettings build() {
            Checks.range("recentEventsLimit", recentEventsLimit, 0, MAX_RECENT_EVENTS_LIMIT);
            Checks.range("replayBufferCapacity", replayBufferCapacity, 0, 1_000_000);
            Checks.duration("replayBufferTtl", replayBufferTtl, Duration.ofSeconds(1), Duration.ofDays(1));
            Checks.range("dedupWindowSize", dedupWindowSize, 1, 1_000_000);
            Checks.duration("dedupWindowTtl", dedupWindowTtl, Duration.ofSeconds(1), Duration.ofDays(1));
            Checks.duration("criticalMessageTtl", criticalMessageTtl, Duration.ofMillis(1), Duration.ofHours(1));
            Checks.range("maxCriticalMessagesPerClient", maxCriticalMessagesPerClient, 1, 1000);
            Checks.range("maxCriticalMessagesTotal", maxCriticalMessagesTotal, 1, 100_000);
            return new ReplaySettings(this);
        }
    }
}
