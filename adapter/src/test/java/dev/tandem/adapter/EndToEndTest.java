package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.testsupport.Await;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One thousand events through the whole service: HTTP in, legacy socket and Postgres out, tap and validator. */
class EndToEndTest {
    private static final int EVENTS = 1_000;
    private static final List<String> LEGACY_FIELDS = List.of("type", "connection_type", "direction", "script_name",
            "function_name", "data_size_bytes", "response_time_ms", "error", "metadata", "broadcast_time",
            "event_id", "seq");
    private static ServiceFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServiceFixture.start("e2e", Map.of());
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void everyEventReachesBothTransportsAndTheValidatorMatchesThem() throws Exception {
        Random random = new Random(7);
        try (WsRecorder dashboard = new WsRecorder(fixture.ws())) {
            dashboard.expectEvents(EVENTS);
            Set<String> acceptedIds = new HashSet<>();
            for (int batch = 0; batch < 10; batch++) {
                ArrayNode body = Http.JSON.createArrayNode();
                for (int i = 0; i < EVENTS / 10; i++) {
                    body.add(event(random, batch * 100 + i));
                }
                Http.Reply reply = Http.post(fixture.http("/api/events"), Http.JSON.writeValueAsBytes(body));
                assertEquals(202, reply.status(), () -> reply.body().toString());
                assertEquals(100, reply.body().get("accepted").asInt());
                reply.body().get("events").forEach(e -> acceptedIds.add(e.get("event_id").asText()));
            }
            assertEquals(EVENTS, acceptedIds.size());

            assertTrue(dashboard.awaitEvents(Duration.ofSeconds(30)), "dashboard did not get every event");
            List<JsonNode> received = dashboard.events();
            assertEquals(EVENTS, received.size());
            long expectedSeq = 1;
            for (JsonNode m : received) {
                for (String field : LEGACY_FIELDS) {
                    assertTrue(m.has(field), () -> "event message lacks " + field + ": " + m);
                }
                assertEquals(expectedSeq++, m.get("seq").asLong(), "events arrive in seq order");
                assertTrue(acceptedIds.contains(m.get("event_id").asText()));
            }
            assertEquals(EVENTS, fixture.rows());

            Await.until(Duration.ofSeconds(30), () -> fixture.service.tapStats().orElseThrow().changes() >= EVENTS,
                    () -> fixture.service.tapStats().toString());
            // monitoring_stats is in the publication too: the stats mirror's upserts are changes of its own.
            assertTrue(fixture.service.tapStats().orElseThrow().changes() >= EVENTS);

            Await.until(Duration.ofSeconds(30),
                    () -> fixture.service.validation().orElseThrow().matched() + fixture.service.validation().orElseThrow().mismatched() >= EVENTS,
                    () -> fixture.service.validation().toString());
            Http.Reply summary = Http.get(fixture.http("/api/validation/summary"));
            assertEquals(200, summary.status());
            JsonNode s = summary.body();
            assertEquals(EVENTS, s.get("matched").asLong(), s::toString);
            assertEquals(0, s.get("mismatched").asLong(), s::toString);
            assertEquals(0, s.get("missing_on_legacy").asLong());
            assertEquals(0, s.get("missing_on_realtime").asLong());
            assertEquals(EVENTS, s.get("legacy_seen").asLong());
            assertEquals(EVENTS, s.get("realtime_seen").asLong());
        }
    }

    @Test
    void healthReportsTheDatabaseAndTheTap() throws Exception {
        Http.Reply health = Http.get(fixture.http("/health"));
        assertEquals(200, health.status());
        assertEquals("ok", health.body().get("status").asText());
        assertEquals("up", health.body().get("database").asText());
        assertEquals("streaming", health.body().at("/tap/state").asText(), health.body()::toString);
        assertTrue(health.body().at("/tap/slot_active").asBoolean(), health.body()::toString);
        assertTrue(health.body().at("/tap/lag_bytes").isIntegralNumber(), health.body()::toString);
        assertTrue(health.body().at("/tap/retained_wal_bytes").asLong() >= 0, health.body()::toString);
        assertEquals(30, health.body().at("/retention/days").asInt(), "retention on by default");
        assertEquals("postgres", health.body().get("durable_to").asText());
    }

    /** A varied event: optional fields sometimes absent, metadata nested, fractional response times. */
    static ObjectNode event(Random random, int i) {
        String[] types = {"websocket", "redis", "supabase", "kimi", "glm", "custom.queue"};
        ObjectNode e = Http.JSON.createObjectNode();
        e.put("connection_type", types[random.nextInt(types.length)]);
        e.put("direction", random.nextBoolean() ? "inbound" : "outbound");
        if (random.nextInt(4) > 0) {
            e.put("script_name", "script_" + random.nextInt(5) + ".py");
            e.put("function_name", "fn_ü_" + i);
        }
        e.put("data_size_bytes", random.nextInt(1_000_000));
        e.put("response_time_ms", random.nextInt(100_000) / 100.0);
        if (random.nextInt(10) == 0) {
            e.put("error", "timeout \"quoted\" after " + i + " ms");
        }
        ObjectNode meta = e.putObject("metadata");
        meta.put("i", i).put("ratio", 0.1 * i).putArray("tags").add("a").add(i % 3);
        meta.putObject("nested").put("ok", i % 2 == 0).putNull("none");
        if (i % 3 == 0) {
            e.put("occurred_at", "2026-11-22T10:00:" + String.format("%02d", i % 60) + ".123456789+01:00");
        }
        return e;
    }
}
