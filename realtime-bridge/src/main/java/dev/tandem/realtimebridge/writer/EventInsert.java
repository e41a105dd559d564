package dev.tandem.realtimebridge.writer;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the writer makes a batch durable: one transaction, all rows or none, idempotent on event_id.
 *
 * <p>Fast path: {@code COPY ... FROM STDIN (FORMAT binary)} of the rows ({@link CopyBinary}), then commit. COPY
 * has no {@code ON CONFLICT}: a batch holding an event_id the table already has (a replay from the outage buffer,
 * a retried batch whose first commit went unconfirmed, a producer sending an event again) fails with
 * unique_violation, nothing of it is kept, and the batch is written again, on the same connection, by the INSERT
 * path: a JDBC batch of {@code INSERT ... ON CONFLICT (event_id) DO NOTHING} (with
 * {@code reWriteBatchedInserts=true} PgJDBC sends it as multi-row INSERTs). So re-inserting an event is a no-op on
 * either path, and retrying a batch whose commit outcome is unknown can never duplicate a row.
 *
 * <p>COPY is only a way to go faster. Whatever else makes it fail while the INSERT of the same rows succeeds (a
 * user that row level security applies to, for which PostgreSQL refuses COPY FROM; a connection that is not
 * PgJDBC's; a table whose column types differ from monitoring_events') makes the writer use INSERT alone for
 * {@link #COPY_PAUSE_NANOS} before it tries COPY again. A batch with rows COPY cannot carry as INSERT would
 * ({@link CopyBinary#carries}) goes by INSERT. A broken connection is not retried here: the writer retries the
 * batch.
 *
 * <p>Thread-safe: the writer thread and its probe thread may both write (never at once in practice).
 */
final class EventInsert {
    static final String COLUMNS = "event_id, seq, source, type, connection_type, direction, script_name,"
            + " function_name, data_size_bytes, response_time_ms, error, metadata, occurred_at, ingested_at";
    /** How long the writer uses INSERT alone after COPY failed for a reason other than a duplicate. */
    static final long COPY_PAUSE_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final String UNIQUE_VIOLATION = "23505";
    private static final Logger log = LoggerFactory.getLogger(EventInsert.class);

    /** How a batch was written. */
    enum Path {
        /** By COPY. */
        COPY,
        /** By INSERT ... ON CONFLICT DO NOTHING: COPY is off, paused, or cannot carry these rows. */
        INSERT,
        /** By INSERT ... ON CONFLICT DO NOTHING after COPY refused the batch (a duplicate event_id, mostly). */
        INSERT_AFTER_COPY
    }

    private final String insertSql;
    private final String copySql;
    private final boolean copyEnabled;
    private final LongSupplier nanoTime;
    private final AtomicLong batchesCopied = new AtomicLong();
    private final AtomicLong copyFallbacks = new AtomicLong();
    /** COPY is not tried before this System.nanoTime(); valid while {@link #copyPaused}. */
    private volatile long copyPausedUntil;
    private volatile boolean copyPaused;

    EventInsert(String table, boolean copy) {
        this(table, copy, System::nanoTime);
    }

    EventInsert(String table, boolean copy, LongSupplier nanoTime) {
        this.insertSql = "INSERT INTO " + table + " (" + COLUMNS + ")"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?) ON CONFLICT (event_id) DO NOTHING";
        this.copySql = "COPY " + table + " (" + COLUMNS + ") FROM STDIN (FORMAT binary)";
        this.copyEnabled = copy;
        this.nanoTime = nanoTime;
    }

    /** Batches committed by COPY. */
    long batchesCopied() {
        return batchesCopied.get();
    }

    /** Batches COPY refused (then written by INSERT ... ON CONFLICT DO NOTHING). */
    long copyFallbacks() {
        return copyFallbacks.get();
    }

    /**
     * Writes every row (those whose event_id is already in the table are skipped) and commits; on failure rolls
     * back and throws, leaving nothing written.
     */
    Path write(DataSource dataSource, List<EventRow> rows) throws SQLException {
        boolean copy = copyNow() && CopyBinary.carries(rows);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            SQLException copyFailure = null;
            if (copy) {
                try {
                    copy(connection, rows);
                    connection.commit();
                    batchesCopied.incrementAndGet();
                    return Path.COPY;
                } catch (SQLException e) {
                    if (isConnectionFailure(e) || !rolledBack(connection, e)) {
                        evict(dataSource, connection);
                        throw e;
                    }
                    copyFailure = e;
                }
            }
            try {
                insert(connection, rows);
            } catch (SQLException | RuntimeException e) {
                if (copyFailure != null) {
                    e.addSuppressed(copyFailure);
                }
                throw e;
            }
            if (copyFailure == null) {
                return Path.INSERT;
            }
            copyFallbacks.incrementAndGet();
            if (!UNIQUE_VIOLATION.equals(copyFailure.getSQLState())) {
                pauseCopy(copyFailure);
            }
            return Path.INSERT_AFTER_COPY;
        }
    }

    private boolean copyNow() {
        if (!copyEnabled) {
            return false;
        }
        if (copyPaused && nanoTime.getAsLong() - copyPausedUntil < 0) {
            return false;
        }
        copyPaused = false;
        return true;
    }

    private void pauseCopy(SQLException cause) {
        copyPausedUntil = nanoTime.getAsLong() + COPY_PAUSE_NANOS;
        copyPaused = true;
        log.warn("COPY into the events table failed where INSERT ... ON CONFLICT succeeded; writing by INSERT alone"
                + " (slower) for {} s before trying COPY again: {}", TimeUnit.NANOSECONDS.toSeconds(COPY_PAUSE_NANOS),
                EventWriter.describe(cause));
    }

    private void copy(Connection connection, List<EventRow> rows) throws SQLException {
        CopyManager api = connection.unwrap(PGConnection.class).getCopyAPI();
        CopyIn in = api.copyIn(copySql);
        try {
            CopyBinary.write(rows, in::writeToCopy);
            in.endCopy();
        } catch (SQLException e) {
            if (in.isActive()) {
                try {
                    in.cancelCopy();
                } catch (SQLException cancel) {
                    e.addSuppressed(cancel);
                }
            }
            throw e;
        }
    }

    private void insert(Connection connection, List<EventRow> rows) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(insertSql)) {
            for (EventRow row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(connection, e);
            throw e;
        }
    }

    /** A broken connection (SQLSTATE class 08): the writer's retry gets a fresh one. */
    private static boolean isConnectionFailure(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("08");
    }

    private static void bind(PreparedStatement ps, EventRow row) throws SQLException {
        ps.setObject(1, row.eventId());
        ps.setLong(2, row.seq());
        ps.setString(3, row.source());
        ps.setString(4, row.type());
        ps.setString(5, row.connectionType());
        ps.setString(6, row.direction());
        ps.setString(7, row.scriptName());
        ps.setString(8, row.functionName());
        if (row.dataSizeBytes() == null) {
            ps.setNull(9, Types.BIGINT);
        } else {
            ps.setLong(9, row.dataSizeBytes());
        }
        if (row.responseTimeMs() == null) {
            ps.setNull(10, Types.DOUBLE);
        } else {
            ps.setDouble(10, row.responseTimeMs());
        }
        ps.setString(11, row.error());
        ps.setString(12, row.metadataJson());
        setTimestamp(ps, 13, row.occurredAt());
        setTimestamp(ps, 14, row.ingestedAt());
    }

    /** As an OffsetDateTime in UTC, so the value never depends on the JVM's or the session's time zone. */
    private static void setTimestamp(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
        }
    }

    /** Rolls back a failed COPY; false (the failure noted on {@code cause}) if even that failed. */
    private static boolean rolledBack(Connection connection, SQLException cause) {
        try {
            connection.rollback();
            return true;
        } catch (SQLException e) {
            cause.addSuppressed(e);
            return false;
        }
    }

    /**
     * Takes a broken connection out of the pool. Hikari does that by itself when a statement it handed out fails
     * with a connection error, but COPY runs on PgJDBC's own connection, which Hikari never sees fail: left in the
     * pool, the dead connection would be handed back at once to every retry.
     */
    private static void evict(DataSource dataSource, Connection connection) {
        if (dataSource instanceof HikariDataSource hikari) {
            hikari.evictConnection(connection);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
