package dev.tandem.realtimebridge.writer;

import dev.tandem.realtimebridge.ExponentialBackoff;
import dev.tandem.realtimebridge.outage.OutageBuffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes {@link EventRow}s durable from one thread: it takes up to {@code maxBatchSize} rows (waiting at most
 * {@code linger} for a batch to fill), so the I/O cost is paid once per batch however many callers contributed.
 *
 * <p>Durable means committed to Postgres or, while Postgres is unreachable, forced to disk in the outage buffer
 * ({@link OutageBuffer}, when {@link WriterConfig#outageDir()} is set):
 * <ul>
 *   <li>A failed batch is retried with backoff; after {@code breakerFailureThreshold} consecutive failures the
 *       {@link CircuitBreaker} opens and batches go straight to the outage buffer (one append and one fsync per
 *       batch) instead of waiting on retries.</li>
 *   <li>While the buffer holds rows, new batches are appended behind them, and the buffer is replayed to Postgres
 *       head first, a batch per transaction: so rows reach the table in the order they were submitted. The
 *       breaker's half-open probe is a replay attempt, made on a helper thread so that new batches keep going
 *       into the buffer meanwhile; its success closes the breaker. A drained buffer has no segment files, and
 *       batches go to Postgres directly again.</li>
 *   <li>While the buffer is in use, room for submitted rows is reserved in it at {@link WriteTicket#submit}, which
 *       refuses rows that do not fit ({@link OutageFullException}, policy refuse_new) before anything is queued.</li>
 *   <li>Rows left in the buffer when the writer closes are replayed by the next writer on the same directory.</li>
 * </ul>
 * Writes are idempotent on event_id, so a retry or a replay of rows whose commit outcome was unknown never
 * duplicates a row. Without an outage buffer, batches wait in memory while the breaker is open and are retried at
 * each probe.
 *
 * <p>Callers {@link #reserve(int)} room first (rejected at once when full), then {@link WriteTicket#submit}.
 */
public final class EventWriter {
    private static final Logger log = LoggerFactory.getLogger(EventWriter.class);
    /** How long close() waits, after the drain deadline, for a writer stuck in a database call. */
    private static final Duration ABANDON_GRACE = Duration.ofSeconds(2);
    /** Shortest wait for an open breaker's probe, so a due probe never turns into a busy loop. */
    private static final long MIN_PROBE_WAIT_NANOS = 1_000_000;

    private final DataSource dataSource;
    private final WriterConfig config;
    private final PendingRows pending;
    private final EventInsert insert;
    private final CircuitBreaker breaker;
    /** Null when the writer has no outage buffer. */
    private final OutageBuffer outage;
    /** Highest seq per source among the rows the outage buffer held when opened. */
    private final Map<String, Long> bufferedMaxSeq;
    /** Used by the writer thread only. */
    private final ExponentialBackoff backoff;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong rowsWritten = new AtomicLong();
    private final AtomicLong batchesWritten = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rowsSpilled = new AtomicLong();
    private final AtomicLong rowsReplayed = new AtomicLong();
    private final AtomicLong rowsRefused = new AtomicLong();
    private volatile String lastError;
    /** A batch waits for room in the outage buffer; until it is in, new rows are refused. */
    private volatile boolean waitingForRoom;
    /** Set when close()'s drain deadline has passed: stop retrying, the rows left are failed. */
    private volatile boolean abandoned;
    private volatile Batch inFlight;
    private volatile Thread thread;
    /** The breaker's half-open probe while it runs; writer thread only. */
    private Probe probe;

    /**
     * A half-open probe: the head of the outage buffer being replayed on a helper thread, so that the writer
     * thread keeps putting new batches into the buffer however long the attempt takes (an unreachable database
     * costs a whole connection timeout).
     */
    private record Probe(OutageBuffer.Chunk chunk, int rows, CompletableFuture<Void> result) {
    }

    /**
     * Opens the outage buffer when one is configured (replaying it starts with {@link #start()}).
     *
     * @throws UncheckedIOException if the outage buffer cannot be opened, read or locked
     * @throws IllegalStateException if it holds a record this version cannot read
     */
    public EventWriter(DataSource dataSource, WriterConfig config) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.config = Objects.requireNonNull(config, "config");
        this.pending = new PendingRows(config.queueCapacity());
        this.insert = new EventInsert(config.table(), config.copy());
        this.breaker = new CircuitBreaker(config.breakerFailureThreshold(), config.breakerOpenFor(), System::nanoTime);
        this.backoff = new ExponentialBackoff(config.retryInitialBackoff(), config.retryMaxBackoff());
        if (config.outageDir() == null) {
            this.outage = null;
            this.bufferedMaxSeq = Map.of();
        } else {
            this.outage = openOutage(config);
            this.bufferedMaxSeq = scanOutage(outage);
        }
    }

    private static OutageBuffer openOutage(WriterConfig config) {
        try {
            return OutageBuffer.open(config.outageDir(), config.outageMaxBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the outage buffer in " + config.outageDir().toAbsolutePath()
                    + ": " + e.getMessage(), e);
        }
    }

    /** Reads every buffered row once, so a bad record stops the start and the callers learn the seqs in it. */
    private static Map<String, Long> scanOutage(OutageBuffer outage) {
        Map<String, Long> maxSeq = new HashMap<>();
        try {
            outage.forEach(record -> {
                EventRow row = RowCodec.decode(record);
                maxSeq.merge(row.source(), row.seq(), Math::max);
            });
            return Map.copyOf(maxSeq);
        } catch (IOException | IllegalArgumentException e) {
            closeQuietly(outage);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot read the outage buffer in " + outage.dir().toAbsolutePath()
                        + ": " + io.getMessage(), io);
            }
            throw new IllegalStateException("the outage buffer in " + outage.dir().toAbsolutePath() + " holds a record"
                    + " this version cannot read (" + e.getMessage() + "); move the directory aside to start", e);
        }
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
        if (outage != null && !outage.isEmpty()) {
            log.info("outage buffer holds {} rows from an earlier run; replaying them before new rows", outage.records());
        }
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
        return new WriteTicket(this, pending, count);
    }

    /**
     * The highest seq of {@code source} among the rows the outage buffer held when this writer opened it, or 0:
     * a source numbering its rows must continue after these too, since they are not in the table yet.
     */
    public long maxBufferedSeq(String source) {
        return bufferedMaxSeq.getOrDefault(source, 0L);
    }

    /**
     * Stops accepting rows and flushes what is queued (to Postgres, or to the outage buffer while the breaker is
     * open), waiting at most {@code drain}. Rows still not durable at the deadline fail with
     * {@link WriterClosedException}. A batch the database was still working on may yet commit after its future
     * failed; being idempotent, a retry of those rows is harmless. Rows in the outage buffer stay there for the
     * next writer on the same directory.
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
        int failed = failRemaining(new WriterClosedException("event writer closed before these rows were durable"
                + " (drain deadline " + drain + (lastError == null ? "" : "; last write error: " + lastError) + ")"));
        if (outage != null) {
            log.info("outage buffer left with {} rows for the next start", outage.records());
            closeQuietly(outage);
        }
        log.info("event writer closed: {} rows written in {} batches ({} by COPY, {} by INSERT after COPY refused"
                + " them), {} rows to the outage buffer, {} replayed, {} rows failed unwritten", rowsWritten.get(),
                batchesWritten.get(), insert.batchesCopied(), insert.copyFallbacks(), rowsSpilled.get(),
                rowsReplayed.get(), failed);
    }

    public WriterStats stats() {
        return new WriterStats(rowsWritten.get(), batchesWritten.get(), retries.get(), pending.occupied(), lastError,
                breaker.state(), breaker.opens(), rowsSpilled.get(), rowsReplayed.get(), rowsRefused.get(),
                outage == null ? null : outage.stats(), insert.batchesCopied(), insert.copyFallbacks());
    }

    /**
     * Called by {@link WriteTicket#submit} before queuing: while the outage buffer is in use, the rows are encoded
     * and room for them is reserved there, or they are refused.
     */
    Submission admit(List<EventRow> rows, int count) {
        if (outage == null || !outageInUse()) {
            return new Submission(rows, null);
        }
        byte[][] records = new byte[rows.size()][];
        long need = 0;
        for (int i = 0; i < records.length; i++) {
            records[i] = RowCodec.encode(rows.get(i));
            need += OutageBuffer.recordBytes(records[i].length);
        }
        if (!outage.tryReserve(need)) {
            rowsRefused.addAndGet(rows.size());
            throw new OutageFullException(outage.stats(), need, retryAfterSeconds(), pending.capacity(),
                    pending.occupied(), count);
        }
        return new Submission(rows, records);
    }

    /** Gives back what {@link #admit} reserved, for a submission that was not queued after all. */
    void unadmit(Submission submission) {
        if (outage != null) {
            outage.release(submission.reservedBytes(0, submission.rows().size()));
        }
    }

    /** Rows can only become durable in the outage buffer now: Postgres is failing, or older rows are buffered. */
    private boolean outageInUse() {
        return breaker.state() != CircuitBreaker.State.CLOSED || !outage.isEmpty() || waitingForRoom;
    }

    private long retryAfterSeconds() {
        return Math.max(1, TimeUnit.NANOSECONDS.toSeconds(breaker.nanosUntilProbe() + 999_999_999L));
    }

    private int failRemaining(WriterClosedException cause) {
        int failed = 0;
        Batch batch = inFlight;
        if (batch != null && batch.fail(cause)) {
            failed += batch.size();
            pending.release(batch.size());
            releaseOutageRoom(batch.reservedBytes());
        }
        for (Submission s : pending.drainAll()) {
            failed += s.untaken();
            releaseOutageRoom(s.reservedBytes(s.taken(), s.rows().size()));
            s.fail(cause);
        }
        return failed;
    }

    private void releaseOutageRoom(long bytes) {
        if (outage != null && bytes > 0) {
            outage.release(bytes);
        }
    }

    private void runLoop() {
        long lingerNanos = config.linger().toNanos();
        Batch held = null;
        while (!abandoned) {
            try {
                if (held == null) {
                    long wait = idleWaitNanos();
                    held = pending.take(config.maxBatchSize(), wait == 0 ? 0 : lingerNanos, wait);
                    if (held == null && pending.closedAndEmpty()) {
                        return; // closed and flushed; rows in the outage buffer wait for the next start
                    }
                    inFlight = held;
                }
                boolean progress = false;
                if (held != null && deliver(held)) {
                    held = null;
                    inFlight = null;
                    progress = true;
                }
                if (!abandoned && replayStep()) {
                    progress = true;
                }
                if (!progress && held != null && breaker.state() != CircuitBreaker.State.CLOSED && !abandoned) {
                    // Stuck until the breaker lets an attempt through, or a running probe wakes us.
                    long wait = probe != null ? config.breakerOpenFor().toNanos() : breaker.nanosUntilProbe();
                    LockSupport.parkNanos(this, Math.max(wait, MIN_PROBE_WAIT_NANOS));
                }
            } catch (InterruptedException e) {
                // Only close() interrupts, after setting abandoned; the loop condition ends the thread.
            } catch (RuntimeException e) {
                log.error("event writer loop failed unexpectedly; continuing", e);
            }
        }
    }

    /**
     * How long to wait for new rows when holding none: for ever (or until a running probe is done), unless the
     * outage buffer has rows to replay now or at the breaker's next probe.
     */
    private long idleWaitNanos() {
        if (outage == null || outage.isEmpty() || probe != null) {
            return -1;
        }
        return breaker.nanosUntilProbe(); // 0: replay now
    }

    /**
     * Makes the batch durable if it can now: into the outage buffer while that is in use, else into Postgres
     * (one attempt). False if it is still held: after a failed attempt (retried after a backoff) or while it
     * waits for the breaker's probe or for room in the buffer.
     */
    private boolean deliver(Batch batch) {
        if (outage != null && (breaker.state() != CircuitBreaker.State.CLOSED || !outage.isEmpty())) {
            if (spill(batch)) {
                return true;
            }
            if (!outage.isEmpty()) {
                return false; // it must stay behind the buffered rows; the replay makes room
            }
            // An empty buffer that cannot take it: only Postgres can.
        }
        if (abandoned || !breaker.tryAcquire()) {
            return false;
        }
        try {
            insert.write(dataSource, batch.rows());
        } catch (Throwable e) { // whatever the driver or pool throws, the batch is kept
            failed(e, "writing a batch of " + batch.size() + " rows");
            return outage != null && breaker.state() == CircuitBreaker.State.OPEN && spill(batch);
        }
        succeeded();
        if (batch.complete()) {
            rowsWritten.addAndGet(batch.size());
            batchesWritten.incrementAndGet();
            pending.release(batch.size());
            releaseOutageRoom(batch.reservedBytes());
        }
        waitingForRoom = false;
        return true;
    }

    /** Appends the batch to the outage buffer (one fsync); false if it has no room yet or the disk failed. */
    private boolean spill(Batch batch) {
        if (abandoned) {
            return false;
        }
        try {
            long missing = batch.unreservedBytes();
            if (missing > 0) {
                outage.forceReserve(missing); // accepted rows go first: nothing new is admitted until they are in
                batch.claimed(missing);
            }
            if (!outage.append(batch.records(), batch.reservedBytes())) {
                if (!waitingForRoom) {
                    log.warn("the outage buffer is full ({} of {} bytes): a batch of {} rows waits for the replay to"
                            + " make room, new rows are refused", outage.stats().bytes(), outage.maxBytes(), batch.size());
                }
                waitingForRoom = true;
                return false;
            }
        } catch (IOException | RuntimeException e) {
            lastError = "outage buffer: " + e;
            log.error("writing {} rows to the outage buffer in {} failed: {}", batch.size(), outage.dir(), e.toString());
            pauseUnlessAbandoned(backoff.next().toNanos());
            return false;
        }
        waitingForRoom = false;
        if (batch.complete()) {
            rowsSpilled.addAndGet(batch.size());
            pending.release(batch.size());
        }
        return true;
    }

    /**
     * Replays one batch from the head of the outage buffer, when it has rows and the breaker lets an attempt
     * through: inline while the breaker is closed; as a probe on a helper thread when it is half-open. True if
     * rows were replayed (by this call or by a probe that has just finished).
     */
    private boolean replayStep() {
        if (outage == null || outage.isEmpty()) {
            return false;
        }
        if (probe != null) {
            return finishProbe();
        }
        if (breaker.nanosUntilProbe() > 0 || breaker.state() == CircuitBreaker.State.HALF_OPEN) {
            return false;
        }
        OutageBuffer.Chunk chunk;
        List<EventRow> rows;
        try {
            chunk = outage.peek(config.maxBatchSize());
            rows = chunk.records().stream().map(RowCodec::decode).toList();
        } catch (IOException | IllegalArgumentException e) {
            lastError = "outage buffer: " + e;
            log.error("reading the outage buffer in {} failed: {}", outage.dir(), e.toString());
            pauseUnlessAbandoned(backoff.next().toNanos());
            return false;
        }
        if (rows.isEmpty()) {
            log.error("the outage buffer in {} counts {} rows but none could be read", outage.dir(), outage.records());
            pauseUnlessAbandoned(backoff.next().toNanos());
            return false;
        }
        if (!breaker.tryAcquire()) {
            return false;
        }
        if (breaker.state() == CircuitBreaker.State.HALF_OPEN) {
            startProbe(chunk, rows);
            return false;
        }
        try {
            insert.write(dataSource, rows);
        } catch (Throwable e) { // whatever the driver or pool throws, the rows stay buffered
            failed(e, "replaying " + rows.size() + " buffered rows");
            return false;
        }
        replayed(chunk, rows.size());
        return true;
    }

    private void startProbe(OutageBuffer.Chunk chunk, List<EventRow> rows) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        probe = new Probe(chunk, rows.size(), result);
        Thread writerThread = Thread.currentThread();
        Thread.ofPlatform().daemon().name("event-writer-probe").start(() -> {
            try {
                insert.write(dataSource, rows);
                result.complete(null);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
            pending.nudge();
            LockSupport.unpark(writerThread);
        });
    }

    /** Settles a finished probe: closes the breaker and removes the replayed rows, or opens it again. */
    private boolean finishProbe() {
        Probe p = probe;
        if (!p.result().isDone()) {
            return false;
        }
        probe = null;
        try {
            p.result().join();
        } catch (CompletionException e) {
            failed(e.getCause(), "probing Postgres by replaying " + p.rows() + " buffered rows");
            return false;
        }
        replayed(p.chunk(), p.rows());
        return true;
    }

    /** The rows of {@code chunk} are committed: count them and remove them from the buffer. */
    private void replayed(OutageBuffer.Chunk chunk, int rows) {
        succeeded();
        batchesWritten.incrementAndGet();
        rowsReplayed.addAndGet(rows);
        try {
            outage.consume(chunk);
        } catch (IOException e) {
            lastError = "outage buffer: " + e;
            log.error("removing replayed rows from the outage buffer in {} failed: {}", outage.dir(), e.toString());
        }
        if (outage.isEmpty()) {
            log.info("outage buffer drained: {} rows replayed in all; writing to Postgres directly again",
                    rowsReplayed.get());
        }
    }

    private void succeeded() {
        CircuitBreaker.State before = breaker.state();
        breaker.onSuccess();
        backoff.reset();
        if (before != CircuitBreaker.State.CLOSED) {
            log.info("circuit breaker closed: Postgres accepts writes again{}", outage == null || outage.isEmpty()
                    ? "" : "; replaying " + outage.records() + " buffered rows first");
        }
    }

    /** Counts a failed attempt; below the breaker's threshold, waits a backoff before the next one. */
    private void failed(Throwable e, String attempt) {
        retries.incrementAndGet();
        lastError = describe(e);
        CircuitBreaker.State before = breaker.state();
        breaker.onFailure();
        if (breaker.state() != CircuitBreaker.State.OPEN) {
            Duration delay = backoff.next();
            log.warn("{} failed, retrying in {} ms: {}", attempt, delay.toMillis(), lastError);
            pauseUnlessAbandoned(delay.toNanos());
        } else if (before == CircuitBreaker.State.CLOSED) {
            log.warn("{} failed; circuit breaker OPEN after {} consecutive failures, {}, probing Postgres every {} ms: {}",
                    attempt, breaker.consecutiveFailures(), outage == null ? "rows wait in memory"
                            : "rows go to the outage buffer in " + outage.dir(), config.breakerOpenFor().toMillis(), lastError);
        } else {
            log.warn("probe failed ({}), circuit breaker stays open: {}", attempt, lastError);
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

    private void pauseUnlessAbandoned(long nanos) {
        long deadline = System.nanoTime() + nanos;
        long left;
        while (!abandoned && (left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(this, left);
        }
    }

    private static void closeQuietly(OutageBuffer outage) {
        try {
            outage.close();
        } catch (IOException e) {
            log.warn("closing the outage buffer in {} failed: {}", outage.dir(), e.toString());
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
