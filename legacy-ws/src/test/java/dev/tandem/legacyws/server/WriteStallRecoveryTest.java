package dev.tandem.legacyws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.legacyws.message.Json;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.framing.TextFrame;
import org.java_websocket.handshake.ServerHandshake;
import org.junit.jupiter.api.Test;

/**
 * Java-WebSocket can leave a queued frame with no write interest (see LegacyEngine.resumeStalledWrites);
 * a real race hits that state about once in 30,000 round trips, too rarely to test by timing. This test
 * builds the state directly, a frame in the write queue and the key interested in reads only, and checks
 * the server still delivers it.
 */
class WriteStallRecoveryTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void frameLeftWithoutWriteInterestIsStillDelivered() throws Exception {
        ServerRuntime runtime = new ServerRuntime(LegacyServerConfig.builder().host("127.0.0.1").port(0).build());
        runtime.start();
        BlockingQueue<String> received = new LinkedBlockingQueue<>(10);
        WebSocketClient client = new WebSocketClient(URI.create("ws://127.0.0.1:" + runtime.port() + "/ws")) {
            @Override
            public void onOpen(ServerHandshake handshake) {
            }

            @Override
            public void onMessage(String message) {
                received.add(message);
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
            assertTrue(received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).contains("initial_stats"));
            MeteredSocket socket = runtime.hub().sessions().iterator().next().socket();
            SelectionKey key = socket.getSelectionKey();
            // initial_stats is written; the selector drops write interest once the queue is empty.
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while ((key.interestOps() & SelectionKey.OP_WRITE) != 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000L);
            }
            assertEquals(SelectionKey.OP_READ, key.interestOps());

            // Queue a frame the way a send does, minus the write demand: the state the race leaves behind.
            TextFrame frame = new TextFrame();
            frame.setPayload(ByteBuffer.wrap("{\"type\":\"stalled\"}".getBytes(StandardCharsets.UTF_8)));
            frame.setFin(true);
            ByteBuffer bytes = socket.getDraft().createBinaryFrame(frame);
            socket.meter().queued(1, bytes.remaining());
            socket.outQueue.add(bytes);

            String delivered = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals("{\"type\":\"stalled\"}", delivered, "the stalled frame was written after all");
            // The sweep counts its repairs after it has made them, so the count may trail the delivery a little.
            ClientSession session = runtime.hub().sessions().iterator().next();
            long repairs = 0;
            while (repairs == 0 && System.nanoTime() < deadline + TIMEOUT.toNanos()) {
                repairs = Json.MAPPER.readTree(runtime.hub().statsMessage(session, null))
                        .get("stats").get("websocket").get("write_stalls_resumed").asLong();
                LockSupport.parkNanos(1_000_000L);
            }
            assertEquals(1, repairs, "the repair was counted once");
        } finally {
            client.close();
            runtime.stop(TIMEOUT);
        }
    }
}
