package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One stalled client among 100 healthy ones: it is disconnected once its backlog reaches the bound, its
 * accounted backlog never passes the bound on the way (so the heap it costs is bounded, whatever the GC
 * does), and every healthy client receives every event.
 *
 * <p>Determinism as in SlowClientTest: the stalled client is a raw socket that never reads, with a tiny
 * receive buffer; the publisher paces itself on the healthy clients, which read each batch before the next.
 */
class StalledClientFanoutTest {
    private static final int HEALTHY = 100;
    private static final int EVENT_PADDING = 16 * 1024;
    private static final int BATCH = 4;
    private static final long BYTE_BOUND = 128 * 1024;
    private static final int MAX_EVENTS = 2_000;

    @Test
    void theStalledClientIsCutOffWithinItsBoundWhileAHundredOthersGetEverything() throws Exception {
        try (LegacyServer server = TestEvents.startServer(LegacyServerConfig.builder().clientLimits(ClientLimits.builder()
                .maxQueuedBytesPerClient(BYTE_BOUND).rateLimitPerSecond(100_000).rateLimitBurst(100_000).build()))) {
            List<RecordingClient> healthy = new ArrayList<>();
            for (int i = 0; i < HEALTHY; i++) {
                RecordingClient c = RecordingClient.open(server, "/ws?client_id=h" + i);
                c.next("initial_stats");
                healthy.add(c);
            }
            RecordingClient probe = healthy.getFirst();
            try (RawUpgrade stalled = RawUpgrade.open(server.port(), "/ws?client_id=stalled", 4096)) {
                assertEquals(101, stalled.status());
                Awaits.until(() -> server.connectedClients() == HEALTHY + 1, () -> "connected: " + server.connectedClients());
                long seq = 0;
                long disconnects = 0;
                long highestBacklog = 0;
                while (disconnects == 0 && seq < MAX_EVENTS) {
                    for (int i = 0; i < BATCH; i++) {
                        server.publish(TestEvents.padded(++seq, EVENT_PADDING));
                    }
                    for (RecordingClient c : healthy) {
                        for (long expected = seq - BATCH + 1; expected <= seq; expected++) {
                            assertEquals(expected, c.next("event").get("seq").asLong());
                        }
                    }
                    probe.send("{\"type\":\"get_stats\"}");
                    JsonNode stats = probe.next("stats");
                    long backlog = stats.get("semaphore_metrics").get("max_client_queue_bytes").asLong();
                    highestBacklog = Math.max(highestBacklog, backlog);
                    assertTrue(backlog <= BYTE_BOUND, "accounted backlog " + backlog + " past the bound after " + seq);
                    disconnects = stats.get("stats").get("websocket").get("slow_client_disconnects").asLong();
                }
                assertEquals(1, disconnects, "stalled client still connected after " + seq + " events");
                assertTrue(highestBacklog > BYTE_BOUND / 2, "the backlog really built up: " + highestBacklog);
                assertTrue(stalled.drainUntilClosed() > 0, "the server dropped the stalled socket");
            }
            Awaits.until(() -> server.connectedClients() == HEALTHY, () -> "connected: " + server.connectedClients());
            server.publish(TestEvents.padded(1_000_000, 10));
            for (RecordingClient c : healthy) {
                assertEquals(1_000_000, c.next("event").get("seq").asLong());
                assertTrue(c.isOpen());
                c.close();
            }
        }
    }
}
