package dev.tandem.realtimebridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

/** A bare WebSocket client speaking the wire protocol by hand, to check frames byte for byte. */
final class RawClient extends WebSocketClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final CountDownLatch closed = new CountDownLatch(1);

    private RawClient(URI uri, Map<String, String> headers) {
        super(uri, headers);
    }

    static RawClient connect(LocalRealtimeServer server, String query, Map<String, String> headers)
            throws InterruptedException {
        RawClient c = new RawClient(URI.create(server.url() + "?" + query), headers);
        if (!c.connectBlocking(10, TimeUnit.SECONDS)) {
            throw new AssertionError("could not connect to " + server.url() + "?" + query);
        }
        return c;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
    }

    @Override
    public void onMessage(String message) {
        try {
            received.add(JSON.readTree(message));
        } catch (IOException e) {
            throw new AssertionError("server sent non-JSON: " + message, e);
        }
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closed.countDown();
    }

    @Override
    public void onError(Exception ex) {
    }

    /** The next message matching {@code wanted} within {@code timeout}; others are skipped. */
    JsonNode await(Duration timeout, Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder skipped = new StringBuilder();
        while (true) {
            JsonNode m = received.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no matching message within " + timeout + "; skipped: " + skipped);
            }
            if (wanted.test(m)) {
                return m;
            }
            skipped.append(m).append(' ');
        }
    }

    /** A v1 message's event (the object form). */
    static Predicate<JsonNode> v1Event(String event) {
        return m -> m.path("event").asText().equals(event);
    }

    /** A v2 message's event (index 3 of the array). */
    static Predicate<JsonNode> v2Event(String event) {
        return m -> m.path(3).asText().equals(event);
    }

    /** Sends a raw HTTP upgrade request and returns the whole response the server wrote before closing. */
    static String rawHandshake(LocalRealtimeServer server, String pathAndQuery, String extraHeaders) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + pathAndQuery + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + extraHeaders + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder response = new StringBuilder();
            int b;
            // A refusal ends when the server closes; an upgrade stays open, so stop after its headers.
            while ((b = in.read()) != -1) {
                response.append((char) b);
                if (response.indexOf("HTTP/1.1 101") == 0 && response.indexOf("\r\n\r\n") > 0) {
                    break;
                }
            }
            return response.toString();
        }
    }
}
