package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** {@code test_event}: triggered by a client or by the server API, broadcast to every client. */
class TestEventTest {

    @Test
    void aClientsTestEventReachesEveryClientAndIsAcked() throws Exception {
        try (LegacyServer server = TestEvents.startServer(LegacyServerConfig.builder())) {
            RecordingClient a = RecordingClient.open(server, "/ws");
            RecordingClient b = RecordingClient.open(server, "/ws");
            a.next("initial_stats");
            b.next("initial_stats");
            // b filters every event type away: test events still reach it.
            b.send("{\"type\":\"subscribe\",\"connection_types\":[\"none\"],\"ref\":0}");
            b.next("ack");

            a.send("{\"type\":\"test_event\",\"message\":\"hello\",\"ref\":\"t\"}");
            JsonNode atA = a.next("test_event");
            assertEquals("t", a.next("ack").get("ref").asText());
            JsonNode atB = b.next("test_event");
            assertEquals("hello", atA.get("message").asText());
            assertEquals(atA, atB);
            assertTrue(atA.get("event_id").asText().length() > 0);
            assertTrue(atA.get("timestamp").asText().matches(InitialStatsTest.SECONDS_TIMESTAMP));

            String id = server.broadcastTestEvent("from the API");
            JsonNode api = b.next("test_event");
            assertEquals(id, api.get("event_id").asText());
            assertEquals("from the API", api.get("message").asText());
            assertEquals(id, a.next("test_event").get("event_id").asText());
            a.close();
            b.close();
        }
    }
}
