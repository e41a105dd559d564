package dev.tandem.realtimebridge.writer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Reads a written row back from monitoring_events as an {@link EventRow}, to compare with what was submitted. */
final class StoredRows {
    private StoredRows() {
    }

    static EventRow readBack(TestDatabase db, UUID id) throws SQLException {
        try (Connection c = db.connect(); var ps = c.prepareStatement("SELECT seq, source, type, connection_type,"
                + " direction, script_name, function_name, data_size_bytes, response_time_ms, error, metadata::text,"
                + " occurred_at, ingested_at FROM monitoring_events WHERE event_id = ?")) {
            ps.setObject(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "row " + id + " written");
                OffsetDateTime occurred = rs.getObject(12, OffsetDateTime.class);
                return new EventRow(id, rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, Long.class),
                        rs.getObject(9, Double.class), rs.getString(10), rs.getString(11),
                        occurred == null ? null : occurred.toInstant(), rs.getObject(13, OffsetDateTime.class).toInstant());
            }
        }
    }
}
