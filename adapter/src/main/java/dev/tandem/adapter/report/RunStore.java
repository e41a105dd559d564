package dev.tandem.adapter.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Closed validation runs in {@code validation_runs} (migration V4): the whole report as jsonb, with its id,
 * start, end and verdict as columns. Listed newest first by end.
 */
public final class RunStore {
    /** The totals a run list shows for each run; the whole report has the rest. */
    public static final List<String> KEY_TOTALS = List.of("legacy_seen", "realtime_seen", "matched", "mismatched",
            "missing_on_legacy", "missing_on_realtime", "duplicates_legacy", "duplicates_realtime");
    public static final int MAX_PAGE = 500;

    private final DataSource db;
    private final ObjectMapper json;

    public RunStore(DataSource db, ObjectMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * Saves a closed run's report; saving the same run id again changes nothing.
     *
     * @throws IllegalArgumentException when the report lacks a run id (a UUID), start, end or verdict
     */
    public RunSummary save(JsonNode report) throws SQLException {
        JsonNode run = report.path("run");
        UUID id = uuid(run.path("id").asText(""));
        Instant started = instant(run, "started_at");
        Instant ended = instant(run, "ended_at");
        String verdict = report.path("verdict").path("result").asText("");
        if (verdict.isEmpty()) {
            throw new IllegalArgumentException("report has no verdict.result");
        }
        String text;
        try {
            text = json.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("report cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO validation_runs (id, started_at, ended_at, verdict, report) VALUES (?, ?, ?, ?, ?::jsonb)
                ON CONFLICT (id) DO NOTHING""")) {
            ps.setObject(1, id);
            ps.setTimestamp(2, Timestamp.from(started));
            ps.setTimestamp(3, Timestamp.from(ended));
            ps.setString(4, verdict);
            ps.setString(5, text);
            ps.executeUpdate();
        }
        return get(id).map(r -> RunSummary.of(r, json)).orElseThrow(() -> new SQLException("run " + id + " vanished after saving"));
    }

    /** Runs newest first (by end), {@code limit} of them after skipping {@code offset}. */
    public List<RunSummary> list(int limit, int offset) throws SQLException {
        if (limit < 1 || limit > MAX_PAGE || offset < 0) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_PAGE + " and offset 0 or more");
        }
        List<RunSummary> out = new ArrayList<>();
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT jsonb_build_object('run', report->'run', 'verdict', jsonb_build_object('result', verdict),
                                          'totals', report->'totals')
                FROM validation_runs ORDER BY ended_at DESC, id DESC LIMIT ? OFFSET ?""")) {
            ps.setInt(1, limit);
            ps.setInt(2, offset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(RunSummary.of(read(rs.getString(1)), json));
                }
            }
        }
        return out;
    }

    /** A run's whole report. */
    public Optional<JsonNode> get(UUID id) throws SQLException {
        return one("SELECT report FROM validation_runs WHERE id = ?", id);
    }

    /** The report of the run that ended last. */
    public Optional<JsonNode> latest() throws SQLException {
        return one("SELECT report FROM validation_runs ORDER BY ended_at DESC, id DESC LIMIT 1", null);
    }

    private Optional<JsonNode> one(String sql, UUID id) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (id != null) {
                ps.setObject(1, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private JsonNode read(String text) throws SQLException {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("validation_runs holds a report that is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static UUID uuid(String s) {
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("report run.id must be a UUID, got '" + s + "'", e);
        }
    }

    private static Instant instant(JsonNode run, String field) {
        try {
            return Instant.parse(run.path(field).asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("report run." + field + " must be an ISO-8601 instant, got '"
                    + run.path(field).asText("") + "'", e);
        }
    }

    /** What a run list shows of one run. */
    public record RunSummary(UUID id, String startedAt, String endedAt, String verdict, ObjectNode totals) {
        static RunSummary of(JsonNode report, ObjectMapper json) {
            JsonNode run = report.path("run");
            ObjectNode totals = json.createObjectNode();
            for (String key : KEY_TOTALS) {
                JsonNode v = report.path("totals").get(key);
                if (v != null) {
                    totals.set(key, v);
                }
            }
            return new RunSummary(UUID.fromString(run.path("id").asText()), run.path("started_at").asText(null),
                    run.path("ended_at").asText(null), report.path("verdict").path("result").asText(null), totals);
        }

        public ObjectNode toJson(ObjectMapper json) {
            ObjectNode o = json.createObjectNode();
            o.put("id", id.toString());
            o.put("started_at", startedAt);
            o.put("ended_at", endedAt);
            o.put("verdict", verdict);
            o.set("totals", totals);
            return o;
        }
    }
}
