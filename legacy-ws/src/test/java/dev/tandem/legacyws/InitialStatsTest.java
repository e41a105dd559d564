package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The first message of every session: its shape, and the client id it confirms or assigns. */
class InitialStatsTest {
    static final String SECONDS_TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z";
    static final List<String> TYPE_FIELDS = List.of("events", "inbound", "outbound", "errors", "bytes",
            "avg_response_time_ms", "p95_response_time_ms", "last_event_at");

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
    void initialStatsHasEveryLegacySectionAndTheFiveConnectionTypes() throws Exception {
        RecordingClient client = RecordingClient.open(server, "/ws?client_id=dash-1");
        JsonNode m = client.next("initial_stats");

        for (String type : List.of("websocket", "redis", "supabase", "kimi", "glm")) {
            JsonNode entry = m.path("stats").path(type);
            for (String field : TYPE_FIELDS) {
                assertTrue(entry.has(field), () -> "stats." + type + " lacks " + field + ": " + entry);
            }
            assertEquals(0, entry.get("events").asLong());
            assertTrue(entry.get("last_event_at").isNull());
        }
        JsonNode sessions = m.path("session_metrics");
        assertEquals(1, sessions.path("active_sessions").asLong());
        assertEquals(1, sessions.path("total_sessions").asLong());
        assertTrue(sessions.has("avg_session_duration_ms"));
        // A Java-WebSocket client sends no browser User-Agent.
        assertEquals(1, sessions.path("sessions_by_client_kind").path("other").asLong());

        JsonNode semaphores = m.path("semaphore_metrics");
        assertEquals(10_000, semaphores.path("max_queued_messages_per_client").asLong());
        assertEquals(16L * 1024 * 1024, semaphores.path("max_queued_bytes_per_client").asLong());
        assertTrue(semaphores.has("max_client_queue_messages"));

        JsonNode health = m.path("websocket_health");
        assertTrue(health.path("uptime_seconds").isIntegralNumber());
        assertEquals(1, health.path("connected").asLong());
        assertEquals(0, health.path("reconnections").asLong());

        assertTrue(m.path("recent_events").isArray());
        assertEquals(0, m.path("recent_events").size());
        assertTrue(m.path("timestamp").asText().matches(SECONDS_TIMESTAMP), m.path("timestamp").asText());
        assertEquals("dash-1", m.path("client_id").asText());
        client.close();
    }

    @Test
    void absentClientIdIsAssignedAFreshUuid() throws Exception {
        RecordingClient first = RecordingClient.open(server, "/ws");
        RecordingClient second = RecordingClient.open(server, "/ws?other=1");
        String a = first.next("initial_stats").path("client_id").asText();
        String b = second.next("initial_stats").path("client_id").asText();
        assertDoesNotThrow(() -> UUID.fromString(a));
        assertDoesNotThrow(() -> UUID.fromString(b));
        assertNotEquals(a, b);
        first.close();
        second.close();
    }

    @Test
    void reconnectingWithTheSameClientIdIsCountedAndSessionsAreAccounted() throws Exception {
        RecordingClient first = RecordingClient.open(server, "/ws?client_id=dash-2&client_kind=wallboard");
        first.next("initial_stats");
        first.closeBlocking();
        Awaits.until(() -> server.connectedClients() == 0, () -> "connected: " + server.connectedClients());

        RecordingClient again = RecordingClient.open(server, "/ws?client_id=dash-2&client_kind=wallboard");
        JsonNode m = again.next("initial_stats");
        assertEquals(1, m.path("websocket_health").path("reconnections").asLong());
        JsonNode sessions = m.path("session_metrics");
        assertEquals(1, sessions.path("active_sessions").asLong());
        assertEquals(2, sessions.path("total_sessions").asLong());
        assertEquals(1, sessions.path("sessions_by_client_kind").path("wallboard").asLong());
        assertFalse(sessions.path("sessions_by_client_kind").has("other"));
        // The first session sent nothing and was sent initial_stats only.
        assertEquals(0, sessions.path("messages_in").asLong());
        assertEquals(1, sessions.path("messages_out").asLong());
        again.close();
    }
}
