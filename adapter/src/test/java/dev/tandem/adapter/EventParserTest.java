package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.adapter.event.EventDraft;
import dev.tandem.adapter.event.EventParser;
import dev.tandem.adapter.event.IngestLimits;
import dev.tandem.adapter.event.InvalidEventsException;
import dev.tandem.adapter.event.Problem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Field rules that need no server: the parser alone, on bodies as producers send them. */
class EventParserTest {
    private static final String MINIMAL = "\"connection_type\":\"redis\",\"direction\":\"inbound\"";
    private final EventParser parser = new EventParser(new IngestLimits(1 << 20, 3, 256, 4096, 64));

    private List<EventDraft> parse(String body) throws InvalidEventsException {
        return parser.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private Problem refused(String body) {
        return assertThrows(InvalidEventsException.class, () -> parse(body)).problems().get(0);
    }

    @Test
    void aMinimalEventGetsItsDefaults() throws Exception {
        EventDraft d = parse("{" + MINIMAL + "}").get(0);
        assertEquals("event", d.type());
        assertEquals("{}", d.metadataJson());
        assertNull(d.eventId());
        assertNull(d.occurredAt());
        assertNull(d.error());
    }

    @Test
    void theProducersIdIsKeptAndTimesAreCutToMicroseconds() throws Exception {
        EventDraft d = parse("{" + MINIMAL + ",\"event_id\":\"0192F3C4-5E6F-7A8B-9C0D-1E2F3A4B5C6D\","
                + "\"occurred_at\":\"2026-11-22T12:00:00.123456789+02:00\"}").get(0);
        assertEquals(UUID.fromString("0192f3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d"), d.eventId());
        assertEquals(Instant.parse("2026-11-22T10:00:00.123456Z"), d.occurredAt());
    }

    @Test
    void metadataKeepsExactNumbersThatADoubleWouldLose() throws Exception {
        EventDraft d = parse("{" + MINIMAL + ",\"metadata\":{\"n\":1e400}}").get(0);
        assertTrue(d.metadataJson().contains("1E+400"), d.metadataJson());
    }

    @Test
    void metadataOverItsBoundIsRefusedWithTheBound() {
        Problem p = refused("{" + MINIMAL + ",\"metadata\":{\"k\":\"" + "x".repeat(100) + "\"}}");
        assertEquals("metadata", p.field());
        assertTrue(p.rule().contains("at most 64 bytes"), p.rule());
    }

    @Test
    void textPostgresCannotStoreIsRefused() {
        assertEquals("metadata", refused("{" + MINIMAL + ",\"metadata\":{\"k\":\"a\\u0000\"}}").field());
        assertEquals("metadata", refused("{" + MINIMAL + ",\"metadata\":{\"a\\u0000\":1}}").field());
        Problem p = refused("{" + MINIMAL + ",\"script_name\":\"\\ud800x\"}");
        assertEquals("script_name", p.field());
        assertTrue(p.rule().contains("unpaired surrogate"), p.rule());
    }

    @Test
    void boundsOnNumbersAndCounts() {
        assertEquals("data_size_bytes", refused("{" + MINIMAL + ",\"data_size_bytes\":1.5}").field());
        assertEquals("data_size_bytes", refused("{" + MINIMAL + ",\"data_size_bytes\":9007199254740992}").field());
        assertEquals("response_time_ms", refused("{" + MINIMAL + ",\"response_time_ms\":86400001}").field());
        assertEquals("connection_type", refused("{\"connection_type\":\"has space\",\"direction\":\"inbound\"}").field());
        Problem tooMany = refused("[{" + MINIMAL + "},{" + MINIMAL + "},{" + MINIMAL + "},{" + MINIMAL + "}]");
        assertEquals("body", tooMany.field());
        assertTrue(tooMany.rule().contains("at most 3 events"), tooMany.rule());
    }

    @Test
    void everyBadFieldOfEveryItemIsReported() {
        InvalidEventsException e = assertThrows(InvalidEventsException.class,
                () -> parse("[{\"direction\":\"up\"},{" + MINIMAL + ",\"error\":5}]"));
        assertEquals(List.of("0:connection_type", "0:direction", "1:error"),
                e.problems().stream().map(p -> p.item() + ":" + p.field()).toList());
    }

    @Test
    void nullOptionalFieldsAreAccepted() throws Exception {
        EventDraft d = parse("{" + MINIMAL + ",\"error\":null,\"metadata\":null,\"script_name\":null}").get(0);
        assertNull(d.error());
        assertEquals("{}", d.metadataJson());
    }
}
