package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.legacyws.message.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The per-connection-type figures in {@code stats} match what was published. */
class TrafficStatsTest {
    private LegacyServer server;

    @BeforeEach
    void start() {
        server = TestEvents.startServer(LegacyServerConfig.builder());
    }

    @AfterEach
    void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    @Test
    void statsCountEventsDirectionsErrorsBytesAndResponseTimesPerType() throws Exception {
        // supabase: 20 events, response times 1..20 ms, every 5th an error, 100 bytes each, alternating direction.
        for (int i = 1; i <= 20; i++) {
            server.publish(TestEvents.event(i, "supabase", i % 2 == 0 ? "outbound" : "inbound", 100L, (double) i,
                    i % 5 == 0 ? "timeout" : null, Json.object()));
        }
        // A type that is not one of the five appears as soon as it is seen; missing figures count as nothing.
        server.publish(TestEvents.event(21, "openai", "outbound", null, null, null, Json.object()));

        RecordingClient client = RecordingClient.open(server, "/ws");
        JsonNode initial = client.next("initial_stats");
        client.send("{\"type\":\"get_stats\",\"ref\":\"s1\"}");
        JsonNode stats = client.next("stats");
        assertEquals("s1", stats.get("ref").asText());
        // The event figures agree while nothing is published; the server's own transport figures (messages
        // sent, throughput) moved with the initial_stats message itself, so they are left out.
        for (String type : new String[] {"redis", "supabase", "kimi", "glm", "openai"}) {
            assertEquals(initial.get("stats").get(type), stats.get("stats").get(type), type);
        }
        assertEquals(initial.get("stats").get("websocket").get("events"), stats.get("stats").get("websocket").get("events"));
        assertEquals(1, stats.get("stats").get("websocket").get("throughput").get("messages_sent").asLong(),
                "initial_stats was the one message sent before get_stats was answered");

        JsonNode supabase = stats.get("stats").get("supabase");
        assertEquals(20, supabase.get("events").asLong());
        assertEquals(10, supabase.get("inbound").asLong());
        assertEquals(10, supabase.get("outbound").asLong());
        assertEquals(4, supabase.get("errors").asLong());
        assertEquals(2000, supabase.get("bytes").asLong());
        assertEquals(10.5, supabase.get("avg_response_time_ms").asDouble(), 1e-9);
        assertEquals(19.0, supabase.get("p95_response_time_ms").asDouble(), 1e-9); // nearest rank: 19th of 20
        assertEquals(TestEvents.BASE.plusSeconds(20).plusMillis(5).toString(), supabase.get("last_event_at").asText());

        JsonNode openai = stats.get("stats").get("openai");
        assertEquals(1, openai.get("events").asLong());
        assertEquals(1, openai.get("outbound").asLong());
        assertEquals(0, openai.get("bytes").asLong());
        assertEquals(0.0, openai.get("avg_response_time_ms").asDouble());

        assertEquals(0, stats.get("stats").get("redis").get("events").asLong());
        assertTrue(!stats.has("recent_events"), "stats has no recent_events");
        assertTrue(stats.get("timestamp").asText().matches(InitialStatsTest.SECONDS_TIMESTAMP));
        client.close();
    }
}
