package dev.tandem.realtimebridge.writer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/**
 * The one statement the writer runs: a JDBC batch of {@code INSERT ... ON CONFLICT (event_id) DO NOTHING} in
 * a single transaction. Re-inserting an event is a no-op, so retrying a batch whose commit outcome is unknown
 * can never duplicate a row. With {@code reWriteBatchedInserts=true} PgJDBC sends it as multi-row INSERTs.
 */
final class EventInsert {
    private static final String COLUMNS = "event_id, seq, source, type, connection_type, direction, script_name,"
            + " function_name, data_size_bytes, response_time_ms, error, metadata, occurred_at, ingested_at";

    private final String sql;

    EventInsert(String table) {
        this.sql = "INSERT INTO " + table + " (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)"
                + " ON CONFLICT (event_id) DO NOTHING";
    }

    /** Inserts every row and commits; on any failure rolls back and throws, leaving nothing written. */
    void write(DataSource dataSource, List<EventRow> rows) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
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

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
