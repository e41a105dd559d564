package dev.tandem.realtimebridge.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes {@code monitoring_events} rows ingested longer than {@code keep} ago, at most {@code batchSize} rows
 * per transaction, oldest first, so it never holds one long transaction: each batch's locks, WAL and decoded
 * changes (the replication tap and Supabase Realtime read every delete) stay bounded, and ingest goes on
 * between batches. Rows are picked with {@code SKIP LOCKED}, so instances sharing the database split the work.
 */
public final class EventRetention {
    private static final Logger log = LoggerFactory.getLogger(EventRetention.class);
    private static final String DELETE_BATCH = """
            DELETE FROM monitoring_events WHERE event_id IN (
                SELECT event_id FROM monitoring_events WHERE ingested_at < ?
                ORDER BY ingested_at LIMIT ? FOR UPDATE SKIP LOCKED)""";
    /** How long close() waits for a batch in progress. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final DataSource dataSource;
    private final Duration keep;
    private final int batchSize;
    private final Clock clock;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong rowsDeleted = new AtomicLong();
    private volatile String lastError;

    /**
     * @param keep      how long a row is kept after its {@code ingested_at}; positive
     * @param batchSize rows deleted per transaction; at least 1
     */
    public EventRetention(DataSource dataSource, Duration keep, int batchSize, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (keep == null || keep.isNegative() || keep.isZero()) {
            throw new IllegalArgumentException("keep must be positive, got " + keep);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
        }
        this.keep = keep;
        this.batchSize = batchSize;
    }

    /**
     * Deletes, batch after batch, every row ingested before now minus {@code keep}; returns how many it deleted.
     * A batch smaller than {@code batchSize} is the last. An interrupted thread stops after the batch in
     * progress, which is committed.
     */
    public long runOnce() throws SQLException {
        Instant cutoff = clock.instant().minus(keep);
        long total = 0;
        int deleted;
        do {
            deleted = deleteBatch(cutoff);
            total += deleted;
            rowsDeleted.addAndGet(deleted);
        } while (deleted == batchSize && !Thread.currentThread().isInterrupted());
        runs.incrementAndGet();
        return total;
    }

    private int deleteBatch(Instant cutoff) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(DELETE_BATCH)) {
                ps.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                ps.setInt(2, batchSize);
                int deleted = ps.executeUpdate();
                c.commit();
                return deleted;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Runs {@link #runOnce()} after {@code initialDelay} and then {@code period} after each run ends, on a daemon
     * thread of its own. What a run deleted is logged; a failed run is logged and simply tried again a period
     * later. Closing the returned handle stops it (a run in progress finishes its batch first).
     */
    public AutoCloseable schedule(Duration initialDelay, Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + period);
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "event-retention");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::runLogged, initialDelay.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> {
            executor.shutdownNow();
            if (!executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("retention: still deleting a batch {} after being stopped; leaving it", STOP_WAIT);
            }
        };
    }

    private void runLogged() {
        long started = System.nanoTime();
        try {
            long deleted = runOnce();
            lastError = null;
            if (deleted > 0) {
                log.info("retention: deleted {} monitoring_events row(s) ingested over {} ago, in batches of at most {}, in {} ms",
                        deleted, keep, batchSize, (System.nanoTime() - started) / 1_000_000);
            }
        } catch (SQLException | RuntimeException e) {
            lastError = e.getMessage();
            log.warn("retention: deleting old monitoring_events rows failed, will try again next period: {}", e.getMessage());
        }
    }

    /** What retention has done since this instance was made. */
    public Stats stats() {
        return new Stats(runs.get(), rowsDeleted.get(), lastError);
    }

    /**
     * @param runs        completed {@link #runOnce()} calls
     * @param rowsDeleted rows deleted, including those of runs that later failed
     * @param lastError   why the last scheduled run failed; null when it succeeded or none ran
     */
    public record Stats(long runs, long rowsDeleted, String lastError) {
    }
}
