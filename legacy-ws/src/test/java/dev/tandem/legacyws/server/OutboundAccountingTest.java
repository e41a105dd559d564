package dev.tandem.legacyws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.LegacyEvent;
import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.legacyws.message.Json;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;

/**
 * The slow-client byte limit is only as good as the backlog figure behind it: bytes queued (counted frame by
 * frame, control frames included) minus bytes written (counted at the socket, handshake left out). Once a
 * client has everything, the two must be exactly equal, or the figure drifts and the limit with it.
 */
class OutboundAccountingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Payload sizes around the three RFC 6455 length encodings (7-bit, 16-bit, 64-bit). */
    private static final int[] PADDINGS = {0, 100, 2_000, 70_000, 200_000};

    @Test
    void queuedAndWrittenBytesBalanceOnceTheClientHasEverything() throws Exception {
        ServerRuntime runtime = new ServerRuntime(LegacyServerConfig.builder().host("127.0.0.1").port(0).build());
        runtime.start();
        int expectedMessages = 1 + PADDINGS.length; // initial_stats, then one event per padding
        CountDownLatch messages = new CountDownLatch(expectedMessages);
        CountDownLatch pong = new CountDownLatch(1);
        WebSocketClient client = new WebSocketClient(URI.create("ws://127.0.0.1:" + runtime.port() + "/ws")) {
            @Override
            public void onOpen(ServerHandshake handshake) {
            }

            @Override
            public void onMessage(String message) {
                messages.countDown();
            }

            @Override
            public void onWebsocketPong(WebSocket conn, Framedata f) {
                pong.countDown();
            }

            @Override
            public void onClose(int code, String reason, boolean remote) {
            }

            @Override
            public void onError(Exception ex) {
            }
        };
        try {
            assertTrue(client.connectBlocking(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            for (int i = 0; i < PADDINGS.length; i++) {
                runtime.publish(event(i + 1, PADDINGS[i]));
            }
            client.sendPing(); // the server's pong is a control frame: it must be counted too
            assertTrue(messages.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "all messages arrived");
            assertTrue(pong.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "pong arrived");

            ClientSession session = runtime.hub().sessions().iterator().next();
            OutboundMeter meter = session.socket().meter();
            // The client can see the last bytes a moment before the selector thread adds them to the count.
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (meter.writtenTotal() != meter.queuedTotal() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000L);
            }
            assertEquals(meter.queuedTotal(), meter.writtenTotal(), "bytes queued == bytes written");
            assertTrue(meter.queuedTotal() > 270_000, "the events were counted: " + meter.queuedTotal());
            assertEquals(0, session.queuedMessages());
            assertEquals(0, session.queuedBytes());
        } finally {
            client.close();
            runtime.stop(TIMEOUT);
        }
    }

    private static LegacyEvent event(long seq, int padding) {
        ObjectNode metadata = Json.object().put("padding", "p".repeat(padding));
        return new LegacyEvent("e" + seq, seq, "src", "call", "websocket", "outbound", null, null, null, null,
                null, metadata, null, Instant.now());
    }
}
