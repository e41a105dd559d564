package dev.tandem.realtimebridge.local;

import java.time.Duration;

/**
 * A rolling average rate, like Realtime's RateCounter: counts in fixed buckets, averaged over the whole window.
 * Thread-safe (synchronized: it is touched once per delivered message, far from the hot loop's cost).
 */
final class RateWindow {
    /** Realtime's events-per-second counter: 5 s ticks × 12 buckets, averaged. */
    static final Duration WINDOW = Duration.ofSeconds(60);

    private final long bucketNanos;
    private final long[] buckets;
    private long currentBucket;

    RateWindow(Duration bucket, int bucketCount) {
        this.bucketNanos = bucket.toNanos();
        this.buckets = new long[bucketCount];
        this.currentBucket = System.nanoTime() / bucketNanos;
    }

    /** Realtime's events-per-second window. */
    static RateWindow events() {
        return new RateWindow(Duration.ofSeconds(5), 12);
    }

    /** A one-second window for joins per second. */
    static RateWindow perSecond() {
        return new RateWindow(Duration.ofSeconds(1), 1);
    }

    synchronized void add(long n) {
        advance();
        buckets[(int) (currentBucket % buckets.length)] += n;
    }

    /** Whether one more event would take the average over the window above {@code max} per second. */
    synchronized boolean wouldExceed(double max) {
        advance();
        long sum = 1;
        for (long b : buckets) {
            sum += b;
        }
        return sum / (buckets.length * bucketNanos / 1e9) > max;
    }

    private void advance() {
        long now = System.nanoTime() / bucketNanos;
        long steps = Math.min(now - currentBucket, buckets.length);
        for (long i = 1; i <= steps; i++) {
            buckets[(int) ((currentBucket + i) % buckets.length)] = 0;
        }
        currentBucket = now;
    }
}
