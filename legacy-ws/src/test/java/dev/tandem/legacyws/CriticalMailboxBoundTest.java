package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.message.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bound on critical messages kept for all absent clients together (maxCriticalMessagesTotal; CriticalMailbox
 * full policy refuse_new): once it is reached the new message is dropped, whoever it is for, and counted in
 * stats.websocket.queue.dropped; a client at its own bound still swaps its oldest for the new one. The clock
 * stands still, so nothing expires.
 */
class CriticalMailboxBoundTest {
    private final MutableClock clock = new MutableClock();
    private LegacyServer server;

    @BeforeEach
    void start() {
        server = TestEvents.startServer(LegacyServerConfig.builder().clock(clock)
                .replay(ReplaySettings.builder().maxCriticalMessagesPerClient(2).maxCriticalMessagesTotal(3).build()));
    }

    @AfterEach
    void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    private void send(String clientId, String label) {
        ObjectNode m = Json.object().put("type", "transport_change").put("transport", label);
        server.sendControl(clientId, m);
    }

    @Test
    void pastTheTotalTheNewestIsDroppedAndCounted() throws Exception {
        send("a", "a1");
        send("a", "a2");
        send("b", "b1"); // the total bound (3) is reached
        send("c", "c1"); // dropped: refuse_new, although c has nothing waiting
        send("b", "b2"); // dropped: b is below its own bound, but the total is full
        send("a", "a3"); // a is at its own bound: a1 is dropped for it, the total stays 3

        RecordingClient c = RecordingClient.open(server, "/ws?client_id=c");
        JsonNode initial = c.next("initial_stats");
        assertEquals(3, initial.at("/semaphore_metrics/pending_critical_messages").asInt());
        assertEquals(3, initial.at("/semaphore_metrics/critical_messages_capacity").asInt());
        assertEquals(3, initial.at("/stats/websocket/queue/dropped").asLong(), "c1, b2 and a1");
        assertEquals(4, initial.at("/stats/websocket/queue/critical_stored").asLong(), "a1, a2, b1, a3");
        assertNothingMore(c);

        RecordingClient b = RecordingClient.open(server, "/ws?client_id=b");
        b.next("initial_stats");
        assertEquals("b1", b.next("transport_change").get("transport").asText());
        assertNothingMore(b);

        RecordingClient a = RecordingClient.open(server, "/ws?client_id=a");
        a.next("initial_stats");
        assertEquals("a2", a.next("transport_change").get("transport").asText());
        assertEquals("a3", a.next("transport_change").get("transport").asText());
        assertNothingMore(a);

        // The bound is on what waits now, not on what was ever stored: delivered messages made room again.
        send("d", "d1");
        a.send("{\"type\":\"get_stats\"}");
        JsonNode stats = a.next("stats");
        assertEquals(1, stats.at("/semaphore_metrics/pending_critical_messages").asInt());
        assertEquals(3, stats.at("/stats/websocket/queue/dropped").asLong());
        assertEquals(3, stats.at("/stats/websocket/queue/critical_delivered").asLong());
        RecordingClient d = RecordingClient.open(server, "/ws?client_id=d");
        d.next("initial_stats");
        assertEquals("d1", d.next("transport_change").get("transport").asText());
        for (RecordingClient client : new RecordingClient[] {a, b, c, d}) {
            client.close();
        }
    }

    /** A ping's pong comes next: nothing else was queued for this client before it. */
    private static void assertNothingMore(RecordingClient client) throws Exception {
        client.send("{\"type\":\"ping\",\"ts\":1}");
        client.next("pong");
        assertFalse(client.hasPending());
    }
}
