package dev.tandem.adapter.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    /** PostgreSQL renders each row as JSON itself, every column by its type, as Realtime's own encoding does. */
    private static final String SQL = "SELECT to_jsonb(e)::text FROM monitoring_events e"
            + " ORDER BY ingested_at DESC, seq DESC LIMIT ?";

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
                    rows.add(json(rs.getString(1)));
                }
            }
        }
        return rows;
    }

    private com.fasterxml.jackson.databind.JsonNode json(String row) throws SQLException {
        try {
            return mapper.readTree(row);
        } catch (JsonProcessingException e) {
            throw new SQLException("to_jsonb gave text that is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
