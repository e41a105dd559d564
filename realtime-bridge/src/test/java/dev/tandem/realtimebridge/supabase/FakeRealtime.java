package dev.tandem.realtimebridge.supabase;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * A scripted Realtime server on MockWebServer: every request is upgraded to a WebSocket whose frames the test
 * reads and answers itself, in the wire format of the protocol version under test (reference §1.3).
 */
final class FakeRealtime {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long TIMEOUT_SECONDS = 5;

    /** A client frame, whichever version carried it. */
    record Frame(String joinRef, String ref, String topic, String event, JsonNode payload) {
    }

    final ProtocolVersion version;
    final BlockingQueue<Conn> connections = new LinkedBlockingQueue<>();
    final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
    /** Whether new connections answer heartbeats by themselves. */
    volatile boolean answerHeartbeats = true;

    FakeRealtime(MockWebServer server, ProtocolVersion version) {
        this.version = version;
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                Conn c = new Conn(answerHeartbeats);
                connections.add(c);
                return new MockResponse.Builder().webSocketUpgrade(c).build();
            }
        });
    }

    Conn nextConnection() throws InterruptedException {
        Conn c = connections.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(c, "no connection within " + TIMEOUT_SECONDS + " s");
        return c;
    }

    final class Conn extends WebSocketListener {
        final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        final boolean heartbeats;
        volatile WebSocket ws;

        Conn(boolean heartbeats) {
            this.heartbeats = heartbeats;
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response) {
            ws = webSocket;
        }

        @Override
        public void onMessage(WebSocket webSocket, String text) {
            ws = webSocket;
            Frame f = parse(text);
            if (f.topic().equals("phoenix") && f.event().equals("heartbeat")) {
                if (heartbeats) {
                    reply(f, "{\"status\":\"ok\",\"response\":{}}");
                }
                return;
            }
            frames.add(f);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason) {
            webSocket.close(1000, null);
        }

        /** The next non-heartbeat frame from the client. */
        Frame next() throws InterruptedException {
            Frame f = frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(f, "no frame from the client within " + TIMEOUT_SECONDS + " s");
            return f;
        }

        Frame next(String event) throws InterruptedException {
            Frame f = next();
            if (!f.event().equals(event)) {
                throw new AssertionError("expected " + event + ", got " + f);
            }
            return f;
        }

        /** A phx_reply to a client frame. */
        void reply(Frame to, String payload) {
            send(to.joinRef(), to.ref(), to.topic(), "phx_reply", payload);
        }

        /** A server push (no refs). */
        void push(String topic, String event, String payload) {
            send(null, null, topic, event, payload);
        }

        /** The payload goes out exactly as written (re-serializing it could change numbers like 150.50). */
        void send(String joinRef, String ref, String topic, String event, String payload) {
            String frame;
            if (version == ProtocolVersion.V1) {
                // Phoenix's V1 serializer sends only topic, event, payload, ref: no join_ref.
                frame = "{\"topic\":" + quote(topic) + ",\"event\":" + quote(event) + ",\"payload\":" + payload
                        + ",\"ref\":" + quote(ref) + "}";
            } else {
                frame = "[" + quote(joinRef) + "," + quote(ref) + "," + quote(topic) + "," + quote(event) + ","
                        + payload + "]";
            }
            ws.send(frame);
        }

        private static String quote(String s) {
            return s == null ? "null" : JSON.getNodeFactory().textNode(s).toString();
        }

        void sendBinary(byte[] frame) {
            ws.send(ByteString.of(frame));
        }

        private Frame parse(String text) {
            try {
                JsonNode n = JSON.readTree(text);
                if (version == ProtocolVersion.V1) {
                    return new Frame(textOrNull(n.get("join_ref")), textOrNull(n.get("ref")), n.get("topic").asText(),
                            n.get("event").asText(), n.get("payload"));
                }
                return new Frame(textOrNull(n.get(0)), textOrNull(n.get(1)), n.get(2).asText(), n.get(3).asText(), n.get(4));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(text, e);
            }
        }

        private static String textOrNull(JsonNode n) {
            return n == null || n.isNull() ? null : n.asText();
        }
    }
}
