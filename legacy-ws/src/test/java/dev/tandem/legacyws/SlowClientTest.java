package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is disconnected once its unsent backlog passes a limit, while a client that
 * keeps reading gets every event.
 *
 * <p>Determinism: the stalled client is a raw socket that completes the handshake and then never reads, with
 * a tiny receive buffer. Once the kernel's buffers between the two are full, every further event stays in
 * the server's write queue for that client, so the limit is certain to be reached. The publisher paces
 * itself on the healthy client, which has read everything before each batch, so the healthy client's own
 * backlog never exceeds one batch, below either limit.
 */
class SlowClientTest {
    private static final int EVENT_PADDING = 16 * 1024;
    private static final int BATCH = 8;
    /** Far more than the kernel buffers plus the limit can hold; reaching it means the limit never tripped. */
    private static final int MAX_EVENTS = 4_000;

    private LegacyServer server;

    @AfterEach
    void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    @Test
    void clientOverTheByteLimitIsDisconnectedAndTheOthersGetEverything() throws Exception {
        stalledClientIsDisconnected(ClientLimits.builder().maxQueuedBytesPerClient(192 * 1024).build());
    }

    @Test
    void clientOverTheMessageLimitIsDisconnectedAndTheOthersGetEverything() throws Exception {
        stalledClientIsDisconnected(ClientLimits.builder().maxQueuedMessagesPerClient(2 * BATCH).build());
    }

    private void stalledClientIsDisconnected(ClientLimits limits) throws Exception {
        server = TestEvents.startServer(LegacyServerConfig.builder().clientLimits(limits));
        RecordingClient healthy = RecordingClient.open(server, "/ws?client_id=healthy");
        healthy.next("initial_stats");
        try (RawUpgrade stalled = RawUpgrade.open(server.port(), "/ws?client_id=stalled", 4096)) {
            assertEquals(101, stalled.status());
            Awaits.until(() -> server.connectedClients() == 2, () -> "connected: " + server.connectedClients());

            long seq = 0;
            long slowDisconnects = 0;
            while (slowDisconnects == 0 && seq < MAX_EVENTS) {
                for (int i = 0; i < BATCH; i++) {
                    server.publish(TestEvents.padded(++seq, EVENT_PADDING));
                }
                // Asked after the batch was queued, so the answer comes after the batch's events.
                healthy.send("{\"type\":\"get_stats\"}");
                for (long expected = seq - BATCH + 1; expected <= seq; expected++) {
                    assertEquals(expected, healthy.next("event").get("seq").asLong(), "healthy client, in order");
                }
                slowDisconnects = healthy.next("stats").get("stats").get("websocket").get("slow_client_disconnects").asLong();
            }
            assertEquals(1, slowDisconnects, "stalled client still not disconnected after " + seq + " events");

            // The server dropped the stalled socket: reading it now reaches the end of the stream.
            assertTrue(stalled.drainUntilClosed() > 0);
        }
        Awaits.until(() -> server.connectedClients() == 1, () -> "connected: " + server.connectedClients());
        server.publish(TestEvents.padded(1_000_000, EVENT_PADDING));
        assertEquals(1_000_000, healthy.next("event").get("seq").asLong(), "healthy client still served");
        assertTrue(healthy.isOpen());
        assertFalse(healthy.hasPending(), "nothing but the expected messages arrived");
    }
}
