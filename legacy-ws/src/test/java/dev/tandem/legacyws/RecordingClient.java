package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.legacyws.message.Json;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A plain protocol client for tests: queues every message it receives, and remembers how it was closed. */
final class RecordingClient extends WebSocketClient {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Full policy: a message beyond this fails the test (see {@link #next()}), rather than growing the heap. */
    private static final int CAPACITY = 100_000;

    private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>(CAPACITY);
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile boolean overflowed;
    private volatile Exception error;

    private RecordingClient(URI uri) {
        super(uri);
        setDaemon(true);
    }

    static URI uri(LegacyServer server, String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + server.port() + pathAndQuery);
    }

    /** Connects and returns once the handshake succeeded (initial_stats is then the first queued message). */
    static RecordingClient open(LegacyServer server, String pathAndQuery) throws InterruptedException {
        RecordingClient client = new RecordingClient(uri(server, pathAndQuery));
        assertTrue(client.connectBlocking(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "handshake with " + pathAndQuery);
        return client;
    }

    /** The next message, waiting up to {@link #TIMEOUT}. */
    JsonNode next() throws InterruptedException {
        JsonNode m = received.poll(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (m == null) {
            fail("no message within " + TIMEOUT + (overflowed ? "; the test client overflowed" : "")
                    + (error != null ? "; client error: " + error : "")
                    + (closeCode.isDone() ? "; closed with " + closeCode.join() : ""));
        }
        return m;
    }

    /** The next message, which must be of {@code type}. */
    JsonNode next(String type) throws InterruptedException {
        JsonNode m = next();
        assertEquals(type, m.path("type").asText(), () -> "expected a " + type + " message, got " + m);
        return m;
    }

    /** The close code the client saw, waiting up to {@link #TIMEOUT}. */
    int awaitCloseCode() throws Exception {
        try {
            return closeCode.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("connection not closed within " + TIMEOUT, e);
        }
    }

    boolean hasPending() {
        return !received.isEmpty();
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
        try {
            if (!received.offer(Json.MAPPER.readTree(message))) {
                overflowed = true;
            }
        } catch (Exception e) {
            throw new IllegalStateException("server sent unparseable JSON: " + message, e);
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeCode.complete(code);
    }

    @Override
    public void onError(Exception ex) {
        error = ex;
    }
}
