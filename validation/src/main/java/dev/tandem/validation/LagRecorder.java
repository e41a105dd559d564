package dev.tandem.validation;

import org.HdrHistogram.Histogram;

/**
 * A lag distribution in microseconds that may go below zero (realtime minus legacy does whenever the realtime
 * side is first, and a lag across two hosts' clocks can), as two HdrHistograms: one for values at or above
 * zero, one for the magnitude of those below. Fixed size whatever is recorded: values beyond a day are
 * counted as a day. Optionally also counts per fixed millisecond bucket, exactly, for the report's histogram.
 */
final class LagRecorder {
    private static final long HIGHEST_MICROS = 86_400_000_000L;
    /** Upper bounds, in milliseconds, of the report's lag histogram buckets; one more bucket holds the rest. */
    static final long[] BUCKET_UPPER_MS = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000};
    private static final long[] BUCKET_UPPER_MICROS = new long[BUCKET_UPPER_MS.length];

    static {
        for (int i = 0; i < BUCKET_UPPER_MS.length; i++) {
            BUCKET_UPPER_MICROS[i] = BUCKET_UPPER_MS[i] * 1_000;
        }
    }

    private final Histogram atOrAboveZero;
    private final Histogram belowZero;
    private final long[] buckets;

    LagRecorder(int significantDigits, boolean withBuckets) {
        this.atOrAboveZero = new Histogram(HIGHEST_MICROS, significantDigits);
        this.belowZero = new Histogram(HIGHEST_MICROS, significantDigits);
        this.buckets = withBuckets ? new long[BUCKET_UPPER_MS.length + 1] : null;
    }

    void record(long micros) {
        if (micros >= 0) {
            atOrAboveZero.recordValue(Math.min(micros, HIGHEST_MICROS));
        } else {
            belowZero.recordValue(micros == Long.MIN_VALUE ? HIGHEST_MICROS : Math.min(-micros, HIGHEST_MICROS));
        }
        if (buckets != null) {
            int i = 0;
            while (i < BUCKET_UPPER_MICROS.length && micros > BUCKET_UPPER_MICROS[i]) {
                i++;
            }
            buckets[i]++;
        }
    }

    long count() {
        return atOrAboveZero.getTotalCount() + belowZero.getTotalCount();
    }

    /** The value at this percentile, in milliseconds; 0 with nothing recorded. */
    double percentileMs(double percentile) {
        long below = belowZero.getTotalCount();
        long above = atOrAboveZero.getTotalCount();
        long total = below + above;
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        if (rank <= below) {
            // The rank-th smallest overall is the (below - rank + 1)-th smallest magnitude below zero, from the top.
            long fromTop = below - rank + 1;
            return -belowZero.getValueAtPercentile(100.0 * fromTop / below) / 1_000.0;
        }
        return atOrAboveZero.getValueAtPercentile(100.0 * (rank - below) / above) / 1_000.0;
    }

    double maxMs() {
        if (atOrAboveZero.getTotalCount() > 0) {
            return atOrAboveZero.getMaxValue() / 1_000.0;
        }
        return belowZero.getTotalCount() > 0 ? -belowZero.getMinValue() / 1_000.0 : 0;
    }

    /** Counts per bucket of {@link #BUCKET_UPPER_MS}, the last one above the largest bound. */
    long[] buckets() {
        return buckets.clone();
    }

    void reset() {
        atOrAboveZero.reset();
        belowZero.reset();
        if (buckets != null) {
            java.util.Arrays.fill(buckets, 0);
        }
    }
}
