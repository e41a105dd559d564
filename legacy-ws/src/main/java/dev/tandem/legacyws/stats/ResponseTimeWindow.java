package dev.tandem.legacyws.stats;

import java.util.Arrays;

/**
 * The latest response times of one connection type, for a p95 that follows current behaviour while using
 * fixed memory. Full policy: the oldest sample is overwritten. Not thread-safe; its owner synchronises.
 */
final class ResponseTimeWindow {
    private final double[] samples;
    private int next;
    private int size;

    ResponseTimeWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.samples = new double[capacity];
    }

    void add(double value) {
        samples[next] = value;
        next = (next + 1) % samples.length;
        size = Math.min(size + 1, samples.length);
    }

    int size() {
        return size;
    }

    /** The nearest-rank 95th percentile of the window, or 0 when it is empty. */
    double p95() {
        if (size == 0) {
            return 0;
        }
        // Only the filled part counts; sorting a copy leaves the ring's order intact. O(n log n) per stats
        // request, with n at most the capacity: cheap next to rendering the stats message itself.
        double[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(0.95 * size);
        return sorted[rank - 1];
    }
}
