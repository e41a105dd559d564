package dev.tandem.adapter.legacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.legacyws.ExportFormats;
import dev.tandem.legacyws.ExportRequest;
import dev.tandem.legacyws.ExportResult;
import dev.tandem.legacyws.ExportSource;
import dev.tandem.legacyws.LegacyRequestException;
import dev.tandem.legacyws.message.EventMessage;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import javax.sql.DataSource;

/**
 * A dashboard's {@code export} answered from {@code monitoring_events}, so it covers everything ingested, not
 * only what the replay buffer still holds. Rows are rendered as the legacy {@code event} messages they were
 * broadcast as; {@code broadcast_time} of an exported row is its ingest time (the broadcast time is not stored).
 */
public final class PostgresExport implements ExportSource {
    /** Every column as PostgreSQL's text, in UTC, so the canonical mapping reads it exactly as the tap's. */
    static final List<String> COLUMNS = List.of("event_id", "seq", "source", "type", "connection_type", "direction",
            "script_name", "function_name", "data_size_bytes", "response_time_ms", "error", "metadata", "occurred_at",
            "ingested_at");
    private static final String QUERY = "SELECT " + String.join(", ", COLUMNS.stream()
            .map(c -> c.endsWith("_at") ? "to_char(" + c + " AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00' AS " + c
                    : c + "::text AS " + c).toList())
            + " FROM monitoring_events"
            + " WHERE ingested_at >= ? AND ingested_at <= ? ORDER BY ingested_at, source, seq LIMIT ?";
    private static final Instant BEGINNING = Instant.EPOCH;
    private static final Instant END = Instant.parse("9999-12-31T23:59:59Z");

    private final DataSource dataSource;
    private final CanonicalMapping mapping;
    private final ExecutorService executor;
    private final ObjectMapper json = new ObjectMapper();

    public PostgresExport(DataSource dataSource, CanonicalMapping mapping, ExecutorService executor) {
        this.dataSource = dataSource;
        this.mapping = mapping;
        this.executor = executor;
    }

    @Override
    public CompletionStage<ExportResult> export(ExportRequest request) {
        return CompletableFuture.supplyAsync(() -> run(request), executor);
    }

    private ExportResult run(ExportRequest r) {
        List<ObjectNode> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setTimestamp(1, Timestamp.from(r.since() == null ? BEGINNING : r.since()));
            ps.setTimestamp(2, Timestamp.from(r.until() == null ? END : r.until()));
            // One more than allowed tells "exactly the bound" from "past it".
            ps.setInt(3, r.maxRows() + 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (events.size() == r.maxRows()) {
                        throw new LegacyRequestException("too_large", "the export would hold more than "
                                + r.maxRows() + " events; narrow it with since/until");
                    }
                    events.add(render(rs));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("export query failed: " + e.getMessage(), e);
        }
        String data = ExportFormats.CSV.equals(r.format()) ? ExportFormats.csv(events) : ExportFormats.json(events);
        Instant from = events.isEmpty() ? r.since() : Instant.parse(events.get(0).get("ingested_at").asText());
        Instant to = events.isEmpty() ? r.until() : Instant.parse(events.get(events.size() - 1).get("ingested_at").asText());
        return new ExportResult(events.size(), from, to, data);
    }

    private ObjectNode render(ResultSet rs) throws SQLException {
        java.util.Map<String, String> columns = new java.util.HashMap<>();
        for (String name : COLUMNS) {
            columns.put(name, rs.getString(name));
        }
        var event = mapping.eventFromRow(columns);
        try {
            return (ObjectNode) json.readTree(EventMessage.render(mapping.toLegacy(event), event.ingestedAt()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
