package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.legacyws.message.Json;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Critical messages for an absent client wait for its client_id until a TTL, then expire (counted). */
class CriticalMessageTest {
    private final MutableClock clock = new MutableClock();
    private LegacyServer server;

    @BeforeEach
    void start() {
        server = TestEvents.startServer(LegacyServerConfig.builder().clock(clock)
                .replay(ReplaySettings.builder().criticalMessageTtl(Duration.ofSeconds(30)).maxCriticalMessagesPerClient(2).build()));
    }

    @AfterEach
    void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    private static com.fasterxml.jackson.databind.node.ObjectNode change(String to) {
        return Json.object().put("type", "transport_change").put("transport", to);
    }

    @Test
    void aControlMessageGoesStraightToAConnectedClient() throws Exception {
        RecordingClient client = RecordingClient.open(server, "/ws?client_id=here");
        client.next("initial_stats");
        server.sendControl("here", change("realtime"));
        assertEquals("realtime", client.next("transport_change").get("transport").asText());
        assertThrows(IllegalArgumentException.class, () -> server.sendControl("here", Json.object()));
        client.close();
    }

    @Test
    void aMessageForAnAbsentClientIsDeliveredWhenItReconnectsWithinTheTtl() throws Exception {
        server.sendControl("away", change("a"));
        server.sendControl("away", change("b"));
        server.sendControl("away", change("c")); // per-client bound 2: the oldest is dropped
        clock.advance(Duration.ofSeconds(29));
        RecordingClient client = RecordingClient.open(server, "/ws?client_id=away");
        client.next("initial_stats");
        assertEquals("b", client.next("transport_change").get("transport").asText());
        assertEquals("c", client.next("transport_change").get("transport").asText());
        client.send("{\"type\":\"get_stats\"}");
        JsonNode queue = client.next("stats").get("stats").get("websocket").get("queue");
        assertEquals(1, queue.get("dropped").asLong());
        assertEquals(2, queue.get("critical_delivered").asLong());
        assertFalse(client.hasPending());
        client.close();
    }

    @Test
    void anExportFinishedAfterItsDashboardLeftIsDeliveredOnReconnect() throws Exception {
        java.util.concurrent.CompletableFuture<ExportResult> slow = new java.util.concurrent.CompletableFuture<>();
        server.exportSource(request -> slow);
        RecordingClient client = RecordingClient.open(server, "/ws?client_id=exporter");
        client.next("initial_stats");
        client.send("{\"type\":\"export\",\"format\":\"csv\",\"ref\":\"x\"}");
        client.send("{\"type\":\"ping\"}");
        client.next("pong"); // the export request has been taken
        client.closeBlocking();
        Awaits.until(() -> server.connectedClients() == 0, () -> "connected: " + server.connectedClients());
        slow.complete(new ExportResult(0, null, null, "h\r\n"));

        RecordingClient back = RecordingClient.open(server, "/ws?client_id=exporter");
        back.next("initial_stats");
        JsonNode done = back.next("export_complete");
        assertEquals("x", done.get("ref").asText());
        assertEquals("h\r\n", done.get("data").asText());
        back.close();
    }

    @Test
    void aMessageOlderThanTheTtlExpiresAndIsCounted() throws Exception {
        server.sendControl("late", change("realtime"));
        clock.advance(Duration.ofSeconds(31));
        RecordingClient client = RecordingClient.open(server, "/ws?client_id=late");
        JsonNode initial = client.next("initial_stats");
        assertEquals(1, initial.get("stats").get("websocket").get("queue").get("expired").asLong());
        assertEquals(0, initial.get("semaphore_metrics").get("pending_critical_messages").asLong());
        client.send("{\"type\":\"ping\"}");
        client.next("pong"); // nothing was delivered between initial_stats and this answer
        client.close();
    }
}
