package dev.tandem.adapter.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import javax.sql.DataSource;

/**
 * The newest {@code monitoring_events} rows, in the shape Supabase Realtime delivers them ({@code payload.new} of a
 * Postgres Changes INSERT: one field per column). A dashboard on Realtime reads them on every (re)subscribe, since
 * Realtime has no replay; the page maps both with the same code.
 */
public final class RecentEvents {
    /** The most rows one request may ask for: enough to fill the dashboard's table, small enough to be cheap. */
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 100;
    private static final String SQL = "SELECT event_id, seq, source, type, connection_type, direction, script_name,"
            + " function_name, data_size_bytes, response_time_ms, error, metadata::text AS metadata, occurred_at,"
            + " ingested_at FROM monitoring_events ORDER BY ingested_at DESC, seq DESC LIMIT ?";

    private final DataSource db;
    private final ObjectMapper mapper;

    public RecentEvents(DataSource db, ObjectMapper mapper) {
        this.db = db;
        this.mapper = mapper;
    }

    /** Newest first; {@code limit} must be 1..{@link #MAX_LIMIT} (the caller checks it and names the parameter). */
    public ArrayNode newest(int limit) throws SQLException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: must be an integer from 1 to " + MAX_LIMIT + ", got " + limit);
        }
        ArrayNode rows = mapper.createArrayNode();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
        }
        return rows;
    }

    private ObjectNode row(ResultSet rs) throws SQLException {
        ObjectNode o = mapper.createObjectNode();
        o.put("event_id", rs.getString("event_id"));
        o.put("seq", rs.getLong("seq"));
        o.put("source", rs.getString("source"));
        o.put("type", rs.getString("type"));
        o.put("connection_type", rs.getString("connection_type"));
        o.put("direction", rs.getString("direction"));
        o.put("script_name", rs.getString("script_name"));
        o.put("function_name", rs.getString("function_name"));
        o.put("data_size_bytes", (Long) rs.getObject("data_size_bytes", Long.class));
        o.put("response_time_ms", (Double) rs.getObject("response_time_ms", Double.class));
        o.put("error", rs.getString("error"));
        try {
            o.set("metadata", mapper.readTree(rs.getString("metadata")));
        } catch (JsonProcessingException e) {
            throw new SQLException("metadata of event " + rs.getString("event_id") + " is not JSON", e);
        }
        o.put("occurred_at", iso(rs.getObject("occurred_at", OffsetDateTime.class)));
        o.put("ingested_at", iso(rs.getObject("ingested_at", OffsetDateTime.class)));
        return o;
    }

    private static String iso(OffsetDateTime t) {
        return t == null ? null : t.toInstant().toString();
    }
}
