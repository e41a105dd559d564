package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WebSocket ping frames: latency per client and in aggregate; two missed pongs close the client. */
class HealthTest {
    private LegacyServer server;

    @BeforeEach
    void start() {
        server = TestEvents.startServer(LegacyServerConfig.builder().pingInterval(Duration.ofMillis(100))
                // The tests poll get_stats until a figure appears; the rate limit is not under test here.
                .clientLimits(ClientLimits.builder().rateLimitPerSecond(100_000).rateLimitBurst(100_000).build()));
    }

    @AfterEach
    void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    private static JsonNode health(RecordingClient client) throws Exception {
        client.send("{\"type\":\"get_stats\"}");
        return client.next("stats").get("websocket_health");
    }

    @Test
    void pongsGiveLatencyFigures() throws Exception {
        RecordingClient client = RecordingClient.open(server, "/ws?client_id=fast");
        client.next("initial_stats");
        JsonNode[] h = new JsonNode[1];
        Awaits.until(() -> {
            try {
                h[0] = health(client);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return h[0].get("latency").get("samples").asLong() >= 2;
        }, () -> "health: " + h[0]);
        assertTrue(h[0].get("latency").get("avg_ms").asDouble() > 0);
        assertTrue(h[0].get("latency").get("p95_ms").asDouble() > 0);
        JsonNode conn = h[0].get("connections").get(0);
        assertEquals("fast", conn.get("client_id").asText());
        assertTrue(conn.get("samples").asLong() >= 2);
        assertTrue(conn.get("last_ms").asDouble() > 0);
        assertEquals(0, h[0].get("timeouts").asLong());
        client.close();
    }

    @Test
    void aClientThatNeverAnswersPingsIsClosedAndCountedAsATimeout() throws Exception {
        RecordingClient watcher = RecordingClient.open(server, "/ws");
        watcher.next("initial_stats");
        try (RawUpgrade mute = RawUpgrade.open(server.port(), "/ws?client_id=mute", 64 * 1024)) {
            assertEquals(101, mute.status());
            // Reads (initial_stats and pings) but never answers: the server hangs up on it.
            assertTrue(mute.drainUntilClosed() > 0);
        }
        JsonNode[] h = new JsonNode[1];
        Awaits.until(() -> {
            try {
                h[0] = health(watcher);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return h[0].get("timeouts").asLong() == 1;
        }, () -> "health: " + h[0]);
        assertTrue(h[0].get("timeout_warnings").asLong() >= 1, "one missed pong warned first");
        // The mute client's socket may take a moment to be reaped after it is counted as a timeout.
        Awaits.until(() -> server.connectedClients() == 1, () -> "connected: " + server.connectedClients());
        assertEquals(1, health(watcher).get("timeouts").asLong(), "the watcher answers pings and stays usable");
        watcher.close();
    }
}
