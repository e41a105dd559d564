package dev.tandem.benchmarks.writer;

import dev.tandem.realtimebridge.writer.EventWriter;
import dev.tandem.realtimebridge.writer.WriterFullException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latency at a fixed offered rate, open loop: event {@code i} is due at {@code start + i / rate} and is stamped
 * with that time, not with when the generator got round to it, so a stall anywhere shows as latency instead of
 * quietly lowering the rate. Each event is its own write (one ingest request of one event). Measured: ingest
 * to commit (the writer's ticket completes) and ingest to tap (the replication tap hands the row over).
 */
final class LatencyRun {
    static final int WARM_UP_SECONDS = 2;
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(60);

    /**
     * @param measured events offered after the warm-up
     * @param achievedRate events actually submitted per second over the whole run
     */
    record Result(long measured, double achievedRate, long rejected, long failed, Histogram commitMicros,
                  Histogram tapMicros) {
    }

    private LatencyRun() {
    }

    static Result run(EventWriter writer, TapCounter tap, long tapRowsBefore, int rate, int seconds) {
        int warm = rate * WARM_UP_SECONDS;
        int total = Math.addExact(warm, Math.multiplyExact(rate, seconds));
        long[] stamps = new long[total];
        Recorder commit = new Recorder(3);
        AtomicLong committed = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long rejected = 0;
        tap.measure(stamps);
        double periodNanos = 1e9 / rate;
        long start = System.nanoTime() + 1_000_000L;
        int i = 0;
        while (i < total) {
            long now = System.nanoTime();
            int due = (int) Math.min(total, Math.max(0, (now - start) / periodNanos + 1));
            for (; i < due; i++) {
                long intended = start + (long) (i * periodNanos);
                boolean measured = i >= warm;
                if (measured) {
                    stamps[i] = intended; // before the write: the tap may see the row before submit returns
                }
                try {
                    writer.reserve(1).submit(List.of(BenchRows.row(i, Instant.now()))).whenComplete((v, e) -> {
                        if (e != null) {
                            failed.incrementAndGet();
                        } else if (measured) {
                            commit.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
                        }
                        committed.incrementAndGet();
                    });
                } catch (WriterFullException e) {
                    rejected++;
                    stamps[i] = 0;
                    committed.incrementAndGet(); // nothing will come of it
                }
            }
            LockSupport.parkNanos(100_000L);
        }
        double achieved = total / ((System.nanoTime() - start) / 1e9);
        long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        while (committed.get() < total && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000L);
        }
        long tapTarget = tapRowsBefore + total - rejected - failed.get();
        if (!tap.awaitRows(tapTarget, DRAIN_LIMIT)) {
            System.err.println("bench-writer: the tap had " + (tap.rows() - tapRowsBefore) + " of " + (tapTarget - tapRowsBefore)
                    + " rows " + DRAIN_LIMIT.toSeconds() + " s after the run; its figures cover what arrived");
        }
        return new Result(total - warm, achieved, rejected, failed.get(), commit.getIntervalHistogram(), tap.stopMeasuring());
    }
}
