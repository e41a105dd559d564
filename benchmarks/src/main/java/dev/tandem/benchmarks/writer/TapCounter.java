package dev.tandem.benchmarks.writer;

import dev.tandem.realtimebridge.tap.TapChange;
import dev.tandem.realtimebridge.tap.TapListener;
import dev.tandem.realtimebridge.tap.TapTransaction;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The replication tap's listener in the benchmark: counts the inserted rows it is handed and, during the
 * latency run, records for each one how long after its ingest stamp the tap emitted it.
 */
final class TapCounter implements TapListener {
    private final AtomicLong rows = new AtomicLong();
    private final Recorder latencyMicros = new Recorder(3);
    /** Ingest stamps (System.nanoTime) by seq while a latency run is on; 0 = not measured (warm-up). */
    private volatile long[] stamps;

    @Override
    public void onTransaction(TapTransaction tx) {
        long now = System.nanoTime();
        long[] s = stamps;
        long inserted = 0;
        for (TapChange c : tx.changes()) {
            if (c.op() != TapChange.Op.INSERT) {
                continue;
            }
            inserted++;
            if (s != null) {
                int seq = Integer.parseInt(c.columns().get("seq"));
                if (seq < s.length && s[seq] != 0) {
                    latencyMicros.recordValue(Math.max(0, (now - s[seq]) / 1_000));
                }
            }
        }
        rows.addAndGet(inserted);
    }

    long rows() {
        return rows.get();
    }

    /** Starts recording latency against these stamps, with a clean histogram. */
    void measure(long[] ingestStamps) {
        latencyMicros.reset();
        stamps = ingestStamps;
    }

    /** Stops recording; returns what was recorded since {@link #measure}. */
    Histogram stopMeasuring() {
        stamps = null;
        return latencyMicros.getIntervalHistogram();
    }

    /** Waits until the tap has handed over {@code expected} rows in all; false if it has not within {@code limit}. */
    boolean awaitRows(long expected, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (rows.get() < expected) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return true;
    }
}
