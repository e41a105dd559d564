package dev.tandem.adapter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/** A dashboard stand-in: an OkHttp WebSocket client that records every message it receives. */
final class WsRecorder extends WebSocketListener implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final OkHttpClient client = new OkHttpClient();
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch initialStats = new CountDownLatch(1);
    private volatile CountDownLatch events = new CountDownLatch(0);
    private final WebSocket socket;

    WsRecorder(String url) throws InterruptedException {
        socket = client.newWebSocket(new Request.Builder().url(url).build(), this);
        if (!initialStats.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no initial_stats from " + url + " within 10 s");
        }
    }

    /** Arms a latch that opens once {@code n} more event messages have arrived. */
    void expectEvents(int n) {
        events = new CountDownLatch(n);
    }

    boolean awaitEvents(Duration timeout) throws InterruptedException {
        return events.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<JsonNode> events() {
        return messages.stream().filter(m -> "event".equals(m.path("type").asText())).toList();
    }

    /** Every message of {@code type} so far, in arrival order. */
    List<JsonNode> messages(String type) {
        return messages.stream().filter(m -> type.equals(m.path("type").asText())).toList();
    }

    void send(String text) {
        socket.send(text);
    }

    /** The first message matching {@code test}, waiting up to {@code timeout} for it. */
    JsonNode await(java.util.function.Predicate<JsonNode> test, Duration timeout) {
        dev.tandem.testsupport.Await.until(timeout, () -> messages.stream().anyMatch(test),
                () -> "no matching message among " + messages.size() + ": last " + (messages.isEmpty() ? "none" : messages.get(messages.size() - 1)));
        return messages.stream().filter(test).findFirst().orElseThrow();
    }

    /** The answer carrying {@code ref}. */
    JsonNode awaitRef(String ref) {
        return await(m -> ref.equals(m.path("ref").asText(null)), Duration.ofSeconds(10));
    }

    JsonNode initialStats() {
        return messages.stream().filter(m -> "initial_stats".equals(m.path("type").asText())).findFirst().orElseThrow();
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
        opened.countDown();
    }

    @Override
    public void onMessage(WebSocket webSocket, String text) {
        try {
            JsonNode m = JSON.readTree(text);
            messages.add(m);
            switch (m.path("type").asText()) {
                case "initial_stats" -> initialStats.countDown();
                case "event" -> events.countDown();
                default -> { }
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("server sent non-JSON text: " + text, e);
        }
    }

    @Override
    public void close() {
        socket.close(1000, "test done");
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
