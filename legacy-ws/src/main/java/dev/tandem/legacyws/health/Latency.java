package dev.tandem.legacyws.health;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * Ping→pong round trips: last, average since start, and p95 over the latest {@link #WINDOW} samples. Fixed
 * memory; full policy: the oldest sample of the window is overwritten. Thread-safe.
 */
public final class Latency {
    public static final int WINDOW = 256;

    private final double[] window = new double[WINDOW];
    private int next;
    private int size;
    private long count;
    private double sum;
    private double last;

    public synchronized void record(double millis) {
        last = millis;
        count++;
        sum += millis;
        window[next] = millis;
        next = (next + 1) % WINDOW;
        size = Math.min(size + 1, WINDOW);
    }

    public synchronized long count() {
        return count;
    }

    /** Writes {@code samples}, {@code last_ms}, {@code avg_ms}, {@code p95_ms} (0 before the first sample). */
    public synchronized void writeTo(ObjectNode n) {
        n.put("samples", count);
        n.put("last_ms", last);
        n.put("avg_ms", count == 0 ? 0.0 : sum / count);
        double p95 = 0;
        if (size > 0) {
            double[] sorted = Arrays.copyOf(window, size);
            Arrays.sort(sorted);
            p95 = sorted[(int) Math.ceil(0.95 * size) - 1];
        }
        n.put("p95_ms", p95);
    }
}
