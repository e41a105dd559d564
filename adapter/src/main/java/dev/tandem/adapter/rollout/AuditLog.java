package dev.tandem.adapter.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@code rollout_audit} (V5): who changed which flag or stage, when, from what, to what, and why. */
public final class AuditLog {
    public static final int MAX_PAGE = 500;
    public static final int MAX_REASON_CHARS = 1_000;
    public static final int MAX_ACTOR_CHARS = 200;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditLog() {
    }

    /** Appends one entry in the caller's transaction. */
    static void record(Connection c, String actor, String subject, JsonNode oldValue, JsonNode newValue, String reason)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollout_audit (actor, subject, old_value, new_value,"
                + " reason) VALUES (?, ?, ?::jsonb, ?::jsonb, ?)")) {
            ps.setString(1, actor);
            ps.setString(2, subject);
            ps.setString(3, oldValue == null ? null : oldValue.toString());
            ps.setString(4, newValue == null ? null : newValue.toString());
            ps.setString(5, reason == null ? "" : reason);
            ps.executeUpdate();
        }
    }

    /** The newest {@code limit} entries, newest first: {@code [{id, at, actor, subject, old, new, reason}]}. */
    public static ArrayNode recent(DataSource db, int limit) throws SQLException {
        if (limit < 1 || limit > MAX_PAGE) {
            throw new IllegalArgumentException("limit: must be 1.." + MAX_PAGE + ", got " + limit);
        }
        ArrayNode out = JSON.createArrayNode();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), actor, subject,
                       old_value::text, new_value::text, reason
                FROM rollout_audit ORDER BY at DESC, id DESC LIMIT ?""")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    var o = out.addObject();
                    o.put("id", rs.getLong(1)).put("at", rs.getString(2)).put("actor", rs.getString(3))
                            .put("subject", rs.getString(4));
                    o.set("old", tree(rs.getString(5)));
                    o.set("new", tree(rs.getString(6)));
                    o.put("reason", rs.getString(7));
                }
            }
        }
        return out;
    }

    private static JsonNode tree(String s) throws SQLException {
        try {
            return s == null ? JSON.nullNode() : JSON.readTree(s);
        } catch (IOException e) {
            throw new SQLException("rollout_audit holds invalid JSON: " + e.getMessage(), e);
        }
    }
}
