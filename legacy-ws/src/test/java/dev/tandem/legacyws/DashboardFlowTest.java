package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.legacyws.message.Json;
import org.junit.jupiter.api.Test;

/** The old dashboard's whole flow against one server, message by message, as it speaks the protocol. */
class DashboardFlowTest {

    @Test
    void connectInitialStatsEventsGetStatsExportsAndATestEvent() throws Exception {
        try (LegacyServer server = TestEvents.startServer(LegacyServerConfig.builder())) {
            server.publish(TestEvents.full(1));
            RecordingClient dashboard = RecordingClient.open(server, "/ws?client_id=wall-1");
            JsonNode initial = dashboard.next("initial_stats");
            assertEquals("wall-1", initial.get("client_id").asText());
            assertEquals(1, initial.get("recent_events").size());
            for (String key : new String[] {"stats", "session_metrics", "semaphore_metrics", "websocket_health", "timestamp"}) {
                assertTrue(initial.has(key), key);
            }
            for (String type : new String[] {"websocket", "redis", "supabase", "kimi", "glm"}) {
                assertTrue(initial.get("stats").has(type), type);
            }

            server.publish(TestEvents.full(2));
            server.publish(TestEvents.minimal(3));
            assertEquals(2, dashboard.next("event").get("seq").asLong());
            JsonNode minimal = dashboard.next("event");
            assertEquals(3, minimal.get("seq").asLong());
            assertTrue(minimal.get("script_name").isNull());

            dashboard.send("{\"type\":\"get_stats\"}");
            JsonNode stats = dashboard.next("stats");
            assertEquals(2, stats.get("stats").get("redis").get("events").asLong());
            assertEquals(1, stats.get("stats").get("glm").get("events").asLong());
            assertFalse(stats.has("recent_events"));

            dashboard.send("{\"type\":\"export\",\"format\":\"json\"}");
            JsonNode json = dashboard.next("export_complete");
            assertEquals(3, json.get("event_count").asInt());
            assertEquals(3, Json.MAPPER.readTree(json.get("data").asText()).size());
            dashboard.send("{\"type\":\"export\",\"format\":\"csv\"}");
            JsonNode csv = dashboard.next("export_complete");
            assertEquals("csv", csv.get("format").asText());
            assertEquals(4, csv.get("data").asText().split("\r\n").length, "header and 3 rows");

            dashboard.send("{\"type\":\"test_event\"}");
            JsonNode test = dashboard.next("test_event");
            assertEquals("test event", test.get("message").asText());

            dashboard.send("{\"type\":\"ping\",\"ts\":5}");
            assertEquals(5, dashboard.next("pong").get("ts").asInt());
            assertFalse(dashboard.hasPending());
            dashboard.close();
        }
    }
}
