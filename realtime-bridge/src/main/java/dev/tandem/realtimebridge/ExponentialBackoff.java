package dev.tandem.realtimebridge;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays for retrying against a database: the ceiling doubles per attempt from {@code initial} up to
 * {@code max}, and each delay is drawn from the upper half of the ceiling so that many writers or taps that
 * failed together do not retry in lockstep. Not thread-safe: one instance per retrying loop.
 */
public final class ExponentialBackoff {
    private final long initialNanos;
    private final long maxNanos;
    private long ceilingNanos;

    public ExponentialBackoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, got initial=" + initial + " max=" + max);
        }
        this.initialNanos = initial.toNanos();
        this.maxNanos = max.toNanos();
        this.ceilingNanos = initialNanos;
    }

    /** The delay before the next attempt; each call doubles the ceiling for the one after (capped at max). */
    public Duration next() {
        long ceiling = ceilingNanos;
        ceilingNanos = ceiling >= maxNanos / 2 ? maxNanos : ceiling * 2;
        long half = ceiling / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }

    /** Back to the initial delay, after an attempt succeeded. */
    public void reset() {
        ceilingNanos = initialNanos;
    }
}
