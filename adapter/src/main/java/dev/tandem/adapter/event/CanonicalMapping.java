package dev.tandem.adapter.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tandem.legacyws.LegacyEvent;
import dev.tandem.realtimebridge.writer.EventRow;
import dev.tandem.validation.ObservedEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.HashMap;
import java.util.Map;

/**
 * The one mapping between the canonical event and its two transport shapes, both ways.
 *
 * <p>Legacy shape: the protocol's {@code event} message; canonical {@code type} travels as
 * {@code event_type} (the message's own {@code type} is always "event"), and {@code source},
 * {@code ingested_at}, {@code event_id}, {@code seq}, {@code occurred_at} are additions old dashboards
 * ignore. {@code broadcast_time} is a property of the delivery, not of the event, so it is not mapped.
 *
 * <p>Realtime shape: a row of {@code monitoring_events}, column for column, {@code metadata} as jsonb,
 * as the replication tap delivers it (PostgreSQL text output, timestamps in UTC), or as the Supabase Realtime
 * client decodes one to the same shape (timestamps then in ISO form with 'T').
 *
 * <p>Observed events carry canonical field names with normalised values: strings, {@code Long} for
 * {@code seq} and {@code data_size_bytes}, {@code Double} for {@code response_time_ms}, {@code Instant}
 * for timestamps, a Jackson tree for {@code metadata}.
 */
public final class CanonicalMapping {
    /**
     * How PostgreSQL prints a timestamptz in ISO DateStyle: "2026-11-22 10:00:00.123456+00" (the replication tap),
     * and how its JSON output writes one: "2026-11-22T10:00:00.123456+00:00" (Supabase Realtime's records).
     */
    private static final DateTimeFormatter PG_TIMESTAMPTZ = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendOffset("+HH:mm", "+00")
            .toFormatter();

    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    public LegacyEvent toLegacy(MonitoringEvent e) {
        return new LegacyEvent(e.eventId().toString(), e.seq(), e.source(), e.type(), e.connectionType(),
                e.direction(), e.scriptName(), e.functionName(), e.dataSizeBytes(), e.responseTimeMs(), e.error(),
                e.metadata(), e.occurredAt(), e.ingestedAt());
    }

    public EventRow toRow(MonitoringEvent e) {
        return new EventRow(e.eventId(), e.seq(), e.source(), e.type(), e.connectionType(), e.direction(),
                e.scriptName(), e.functionName(), e.dataSizeBytes(), e.responseTimeMs(), e.error(),
                e.metadataJson(), e.occurredAt(), e.ingestedAt());
    }

    /** The canonical fields of an event as the service created it; what both sides should deliver. */
    public ObservedEvent observed(MonitoringEvent e, long observedAtMicros) {
        Map<String, Object> f = new HashMap<>();
        f.put("event_id", e.eventId().toString());
        f.put("seq", e.seq());
        f.put("source", e.source());
        f.put("type", e.type());
        f.put("connection_type", e.connectionType());
        f.put("direction", e.direction());
        f.put("script_name", e.scriptName());
        f.put("function_name", e.functionName());
        f.put("data_size_bytes", e.dataSizeBytes());
        f.put("response_time_ms", e.responseTimeMs());
        f.put("error", e.error());
        f.put("metadata", e.metadata());
        f.put("occurred_at", e.occurredAt());
        f.put("ingested_at", e.ingestedAt());
        return new ObservedEvent(e.eventId().toString(), f, observedAtMicros);
    }

    /** A legacy {@code event} message as a dashboard received it. */
    public ObservedEvent fromLegacyMessage(JsonNode m, long observedAtMicros) {
        Map<String, Object> f = new HashMap<>();
        String id = m.path("event_id").asText(null);
        f.put("event_id", id);
        f.put("seq", longOrNull(m.get("seq")));
        f.put("source", textOrNull(m.get("source")));
        f.put("type", textOrNull(m.get("event_type")));
        f.put("connection_type", textOrNull(m.get("connection_type")));
        f.put("direction", textOrNull(m.get("direction")));
        f.put("script_name", textOrNull(m.get("script_name")));
        f.put("function_name", textOrNull(m.get("function_name")));
        f.put("data_size_bytes", longOrNull(m.get("data_size_bytes")));
        JsonNode rt = m.get("response_time_ms");
        f.put("response_time_ms", rt == null || rt.isNull() ? null : rt.doubleValue());
        f.put("error", textOrNull(m.get("error")));
        f.put("metadata", m.has("metadata") ? m.get("metadata") : null);
        f.put("occurred_at", instantOrNull(textOrNull(m.get("occurred_at"))));
        f.put("ingested_at", instantOrNull(textOrNull(m.get("ingested_at"))));
        return new ObservedEvent(id == null ? "" : id, f, observedAtMicros);
    }

    /** A {@code monitoring_events} row as the replication tap decoded it (column name to text, null for NULL). */
    public ObservedEvent fromRow(Map<String, String> c, long observedAtMicros) {
        Map<String, Object> f = new HashMap<>();
        String id = c.get("event_id");
        f.put("event_id", id);
        f.put("seq", c.get("seq") == null ? null : Long.parseLong(c.get("seq")));
        f.put("source", c.get("source"));
        f.put("type", c.get("type"));
        f.put("connection_type", c.get("connection_type"));
        f.put("direction", c.get("direction"));
        f.put("script_name", c.get("script_name"));
        f.put("function_name", c.get("function_name"));
        f.put("data_size_bytes", c.get("data_size_bytes") == null ? null : Long.parseLong(c.get("data_size_bytes")));
        f.put("response_time_ms", c.get("response_time_ms") == null ? null : Double.parseDouble(c.get("response_time_ms")));
        f.put("error", c.get("error"));
        f.put("metadata", c.get("metadata") == null ? null : parse(c.get("metadata")));
        f.put("occurred_at", pgTimestamp(c.get("occurred_at")));
        f.put("ingested_at", pgTimestamp(c.get("ingested_at")));
        return new ObservedEvent(id == null ? "" : id, f, observedAtMicros);
    }

    /** A {@code monitoring_events} row (column name to PostgreSQL text) back to the canonical event. */
    public MonitoringEvent eventFromRow(Map<String, String> c) {
        JsonNode metadata = parse(c.get("metadata") == null ? "{}" : c.get("metadata"));
        if (!metadata.isObject()) {
            throw new IllegalArgumentException("metadata column is not a JSON object: " + c.get("metadata"));
        }
        return new MonitoringEvent(java.util.UUID.fromString(c.get("event_id")), Long.parseLong(c.get("seq")),
                c.get("source"), c.get("type"), c.get("connection_type"), c.get("direction"), c.get("script_name"),
                c.get("function_name"), c.get("data_size_bytes") == null ? null : Long.parseLong(c.get("data_size_bytes")),
                c.get("response_time_ms") == null ? null : Double.parseDouble(c.get("response_time_ms")), c.get("error"),
                (com.fasterxml.jackson.databind.node.ObjectNode) metadata, c.get("metadata") == null ? "{}" : c.get("metadata"),
                pgTimestamp(c.get("occurred_at")), pgTimestamp(c.get("ingested_at")));
    }

    static Instant pgTimestamp(String text) {
        if (text == null) {
            return null;
        }
        // The JSON form is ISO-8601 with a full "+00:00" offset, which OffsetDateTime reads as it is.
        boolean iso = text.length() > 10 && text.charAt(10) == 'T';
        return (iso ? OffsetDateTime.parse(text) : OffsetDateTime.parse(text, PG_TIMESTAMPTZ)).toInstant();
    }

    private JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata column is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String textOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Long longOrNull(JsonNode n) {
        return n == null || n.isNull() ? null : n.asLong();
    }

    private static Instant instantOrNull(String s) {
        return s == null ? null : Instant.parse(s);
    }
}
