package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** publish() broadcasts an event id once within the dedup window. */
class DedupTest {

    @Test
    void aRepeatedEventIdIsNotBroadcastAgain() throws Exception {
        try (LegacyServer server = TestEvents.startServer(LegacyServerConfig.builder().replay(ReplaySettings.builder().dedupWindowSize(2).build()))) {
            RecordingClient client = RecordingClient.open(server, "/ws");
            client.next("initial_stats");
            server.publish(TestEvents.full(1));
            server.publish(TestEvents.full(1)); // same event_id: a producer retry
            server.publish(TestEvents.full(2));
            server.publish(TestEvents.full(3)); // window of 2: evt-1 is forgotten now
            server.publish(TestEvents.full(1));
            client.send("{\"type\":\"get_stats\"}");
            assertEquals(1, client.next("event").get("seq").asLong());
            assertEquals(2, client.next("event").get("seq").asLong());
            assertEquals(3, client.next("event").get("seq").asLong());
            assertEquals(1, client.next("event").get("seq").asLong(), "outside the window it is new again");
            assertEquals(1, client.next("stats").get("stats").get("websocket").get("queue")
                    .get("duplicates_suppressed").asLong());
            assertFalse(client.hasPending());
            client.close();
        }
    }
}
