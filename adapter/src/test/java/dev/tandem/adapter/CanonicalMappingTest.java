package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.adapter.event.MonitoringEvent;
import dev.tandem.legacyws.LegacyEvent;
import dev.tandem.realtimebridge.writer.EventRow;
import dev.tandem.validation.ObservedEvent;
import dev.tandem.validation.Side;
import dev.tandem.validation.ValidationSummary;
import dev.tandem.validation.Validator;
import dev.tandem.validation.ValidatorConfig;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The mapping both ways: canonical event to each shape, and each shape (as it arrives) back to canonical. */
class CanonicalMappingTest {
    private final CanonicalMapping mapping = new CanonicalMapping();
    private static final UUID ID = UUID.fromString("0192f3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d");

    private static MonitoringEvent event() throws Exception {
        ObjectNode meta = (ObjectNode) Http.JSON.readTree("{\"b\":[1,2.5],\"a\":{\"x\":null}}");
        return new MonitoringEvent(ID, 42, "inst-1", "event", "redis", "inbound", "job.py", "run", 1024L, 150.0,
                null, meta, meta.toString(), Instant.parse("2026-11-22T09:00:00.5Z"),
                Instant.parse("2026-11-22T10:00:00.123456Z"));
    }

    /** The row as the replication tap hands it over: PostgreSQL's text output, timestamps in UTC. */
    private static Map<String, String> rowText() {
        Map<String, String> c = new HashMap<>();
        c.put("event_id", ID.toString());
        c.put("seq", "42");
        c.put("source", "inst-1");
        c.put("type", "event");
        c.put("connection_type", "redis");
        c.put("direction", "inbound");
        c.put("script_name", "job.py");
        c.put("function_name", "run");
        c.put("data_size_bytes", "1024");
        c.put("response_time_ms", "150");
        c.put("error", null);
        c.put("metadata", "{\"a\": {\"x\": null}, \"b\": [1, 2.5]}");
        c.put("occurred_at", "2026-11-22 09:00:00.5+00");
        c.put("ingested_at", "2026-11-22 10:00:00.123456+00");
        return c;
    }

    private static ValidationSummary compare(ObservedEvent legacy, ObservedEvent realtime) {
        Validator v = new Validator(ValidatorConfig.builder().build());
        v.observe(Side.LEGACY, legacy);
        v.observe(Side.REALTIME, realtime);
        return v.summary();
    }

    @Test
    void theRowAsTheTapSeesItMapsBackToTheSameEvent() throws Exception {
        assertEquals(1, compare(mapping.observed(event(), 0), mapping.fromRow(rowText(), 0)).matched());
    }

    @Test
    void theLegacyMessageMapsBackToTheSameEvent() throws Exception {
        String message = """
                {"type":"event","connection_type":"redis","direction":"inbound","script_name":"job.py",
                 "function_name":"run","data_size_bytes":1024,"response_time_ms":150.0,"error":null,
                 "metadata":{"b":[1,2.5],"a":{"x":null}},"broadcast_time":"2026-11-22T10:00:01Z",
                 "event_id":"0192f3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d","seq":42,"occurred_at":"2026-11-22T09:00:00.500Z",
                 "source":"inst-1","event_type":"event","ingested_at":"2026-11-22T10:00:00.123456Z"}""";
        assertEquals(1, compare(mapping.fromLegacyMessage(Http.JSON.readTree(message), 0), mapping.observed(event(), 0)).matched());
    }

    @Test
    void aChangedColumnIsAMismatchNamingIt() throws Exception {
        Map<String, String> row = rowText();
        row.put("ingested_at", "2026-11-22 10:00:00.123457+00");
        ValidationSummary s = compare(mapping.observed(event(), 0), mapping.fromRow(row, 0));
        assertEquals(1, s.mismatched());
        assertEquals("ingested_at", s.mismatchSamples().get(0).differences().get(0).field());
    }

    @Test
    void postgresTimestampsWithAndWithoutFractionsAndOffsets() {
        Map<String, String> row = rowText();
        row.put("occurred_at", "2026-11-22 14:30:00+05:30");
        assertEquals(Instant.parse("2026-11-22T09:00:00Z"), mapping.fromRow(row, 0).fields().get("occurred_at"));
        row.put("occurred_at", null);
        assertEquals(null, mapping.fromRow(row, 0).fields().get("occurred_at"));
    }

    @Test
    void timestampsInTheIsoFormSupabaseRealtimeSendsAreReadToo() throws Exception {
        Map<String, String> row = rowText();
        row.put("occurred_at", "2026-11-22T09:00:00.5+00:00");
        row.put("ingested_at", "2026-11-22T10:00:00.123456+00:00");
        assertEquals(Instant.parse("2026-11-22T09:00:00.5Z"), mapping.fromRow(row, 0).fields().get("occurred_at"));
        assertEquals(1, compare(mapping.observed(event(), 0), mapping.fromRow(row, 0)).matched());
        row.put("occurred_at", "2026-11-22T14:30:00+05:30");
        assertEquals(Instant.parse("2026-11-22T09:00:00Z"), mapping.fromRow(row, 0).fields().get("occurred_at"));
        row.put("occurred_at", "2026-11-22 09:00:00.5+00");
        assertEquals(Instant.parse("2026-11-22T09:00:00.5Z"), mapping.fromRow(row, 0).fields().get("occurred_at"));
        row.put("occurred_at", "2026-11-22X09:00:00+00");
        assertThrows(java.time.format.DateTimeParseException.class, () -> mapping.fromRow(row, 0));
    }

    /** The row as the Realtime client decodes a postgres_changes record: JSON numbers' text, jsonb compact, ISO 'T'. */
    @Test
    void theRowAsSupabaseRealtimeDeliversItMapsBackToTheSameEvent() throws Exception {
        Map<String, String> row = rowText();
        row.put("response_time_ms", "150.0");
        row.put("metadata", "{\"b\":[1,2.5],\"a\":{\"x\":null}}");
        row.put("occurred_at", "2026-11-22T09:00:00.5+00:00");
        row.put("ingested_at", "2026-11-22T10:00:00.123456+00:00");
        assertEquals(1, compare(mapping.observed(event(), 0), mapping.fromRow(row, 0)).matched());
    }

    @Test
    void bothShapesCarryEveryCanonicalField() throws Exception {
        MonitoringEvent e = event();
        LegacyEvent legacy = mapping.toLegacy(e);
        assertEquals(e.eventId().toString(), legacy.eventId());
        assertEquals(e.seq(), legacy.seq());
        assertEquals(e.type(), legacy.eventType());
        assertEquals(e.ingestedAt(), legacy.ingestedAt());
        EventRow row = mapping.toRow(e);
        assertEquals(e.eventId(), row.eventId());
        assertEquals(e.metadataJson(), row.metadataJson());
        assertEquals(e.occurredAt(), row.occurredAt());
    }
}
