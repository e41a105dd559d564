package dev.tandem.realtimebridge.writer;

import dev.tandem.realtimebridge.ExponentialBackoff;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes {@link EventRow}s to Postgres from one thread, a batch per transaction: it takes up to
 * {@code maxBatchSize} rows (waiting at most {@code linger} for a batch to fill), so the I/O cost is paid once
 * per batch however many callers contributed. A failed batch is kept and retried with backoff until it commits
 * or the writer is closed; writes are idempotent on event_id, so a retry never duplicates a row.
 *
 * <p>Callers {@link #reserve(int)} room first (rejected at once when full), then {@link WriteTicket#submit}.
 */
public final class EventWriter {
    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);
    /** How long close() waits, after the drain deadline, for a writer stuck in a database call. */
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(2);

    private final DataSource dataSource;
    private final WriterConfig config;
    private final PendingRows pending;
    private final EventInsert insert;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong batchesWritten = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile String lastError;
    /** Set when close()'s drain deadline has passed: stop retrying, the rows left are failed. */
    private volatile boolean abandoned;
    private volatile Batch inFlight;
    private volatile Thread thread;

    public EventWriter(DataSource dataSource, WriterConfig config) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.config = Objects.requireNonNull(config, "config");
        this.pending = new PendingRows(config.queueCapacity());
        this.insert = new EventInsert(config.table());
    }

    /** Starts the writer thread. Rows may be reserved and submitted before; they wait in the queue. */
    public void start() {
        if (closed.get()) {
            throw new IllegalStateException("event writer is closed; create a new one");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("event writer already started");
        }
        Thread t = new Thread(this::runLoop, "event-writer-" + config.table());
        t.setDaemon(true);
        thread = t;
        t.start();
        log.info("event writer started: {}", config);
    }

    /**
     * Reserves room for {@code count} rows, all or nothing.
     *
     * @throws WriterFullException if they do not fit (policy REJECT: nothing is reserved)
     * @throws WriterClosedException if the writer is closed
     */
    public WriteTicket reserve(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got: " + count);
        }
        pending.reserve(count);
        return new WriteTicket(pending, count);
    }

    /**
     * Stops accepting rows and flushes what is queued, waiting at most {@code drain}. Rows still unwritten at
     * the deadline fail with {@link WriterClosedException}. A batch the database was still working on may yet
     * commit after its future failed; being idempotent, a retry of those rows is harmless.
     */
    public void close(Duration drain) {
        Objects.requireNonNull(drain, "drain");
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        pending.close();
        Thread t = thread;
        if (t != null) {
            join(t, drain);
            if (t.isAlive()) {
                abandoned = true;
                LockSupport.unpark(t);
                t.interrupt();
                join(t, ABANDON_GRACE);
                if (t.isAlive()) {
                    log.warn("event writer thread still busy {} after the drain deadline (stuck in a database call?)",
                            ABANDON_GRACE);
                }
            }
        }
        int failed = failRemaining(new WriterClosedException("event writer closed before these rows were committed"
                + " (drain deadline " + drain + (lastError == null ? "" : "; last write error: " + lastError) + ")"));
        log.info("event writer closed: {} rows written in {} batches, {} rows failed unwritten",
                rowsWritten.get(), batchesWritten.get(), failed);
    }

    public WriterStats stats() {
        return new WriterStats(rowsWritten.get(), batchesWritten.get(), retries.get(), pending.occupied(), lastError);
    }

    private int failRemaining(WriterClosedException cause) {
        int failed = 0;
        Batch batch = inFlight;
        if (batch != null && batch.fail(cause)) {
            failed += batch.size();
            pending.release(batch.size());
        }
        for (Submission s : pending.drainAll()) {
            failed += s.untaken();
            s.fail(cause);
        }
        return failed;
    }

    private void runLoop() {
        long lingerNanos = config.linger().toNanos();
        while (!abandoned) {
            try {
                Batch batch = pending.take(config.maxBatchSize(), lingerNanos);
                if (batch == null) {
                    return; // closed and fully flushed
                }
                inFlight = batch;
                if (!writeWithRetry(batch)) {
                    return; // abandoned: close() fails this in-flight batch along with everything still queued
                }
                if (batch.complete()) {
                    rowsWritten.addAndGet(batch.size());
                    batchesWritten.incrementAndGet();
                    pending.release(batch.size());
                }
                inFlight = null;
            } catch (InterruptedException e) {
                // Only close() interrupts, after setting abandoned; the loop condition ends the thread.
            } catch (RuntimeException e) {
                log.error("event writer loop failed unexpectedly; continuing", e);
            }
        }
    }

    /** True once the batch is committed; false only when close() gave up on it. */
    private boolean writeWithRetry(Batch batch) {
        ExponentialBackoff backoff = new ExponentialBackoff(config.retryInitialBackoff(), config.retryMaxBackoff());
        var rows = batch.rows();
        for (int attempt = 1; ; attempt++) {
            if (abandoned) {
                return false;
            }
            try {
                insert.write(dataSource, rows);
                return true;
            } catch (Throwable e) { // whatever the driver or pool throws, the batch is kept and retried
                if (abandoned) {
                    return false;
                }
                retries.incrementAndGet();
                lastError = describe(e);
                Duration delay = backoff.next();
                log.warn("writing a batch of {} rows failed (attempt {}), retrying in {} ms: {}",
                        rows.size(), attempt, delay.toMillis(), lastError);
                pauseUnlessAbandoned(delay);
            }
        }
    }

    /**
     * The server's own words. A BatchUpdateException's message quotes the statement with the first row's values;
     * its next exception carries the actual error, which is what an operator needs (and no event data).
     */
    static String describe(Throwable e) {
        Throwable cause = e instanceof SQLException sql && sql.getNextException() != null ? sql.getNextException() : e;
        String state = cause instanceof SQLException sql && sql.getSQLState() != null
                ? " [SQLSTATE " + sql.getSQLState() + "]" : "";
        return cause.getClass().getSimpleName() + state + ": " + cause.getMessage();
    }

    private void pauseUnlessAbandoned(Duration delay) {
        long deadline = System.nanoTime() + delay.toNanos();
        long left;
        while (!abandoned && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    private static void join(Thread t, Duration timeout) {
        try {
            t.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
