package dev.tandem.realtimebridge.local;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.TextFrame;

/** One accepted connection: its serializer, its connect-time role, its channels and when it last spoke. */
final class ClientSocket {
    final WebSocket conn;
    final Serializer serializer;
    final String role;
    final Map<String, Channel> channels = new ConcurrentHashMap<>();
    private final int maxQueuedFrames;
    private volatile long lastHeardNanos = System.nanoTime();

    ClientSocket(WebSocket conn, Serializer serializer, String role, int maxQueuedFrames) {
        this.conn = conn;
        this.serializer = serializer;
        this.role = role;
        this.maxQueuedFrames = maxQueuedFrames;
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long silentNanos() {
        return System.nanoTime() - lastHeardNanos;
    }

    void send(Frame frame) {
        sendText(serializer.encodeText(frame));
    }

    /**
     * Queues an encoded frame. Policy when full: a socket with more than maxQueuedFrames unsent frames is a
     * subscriber that cannot keep up, and is closed (1008) rather than allowed to hold memory without bound;
     * supabase-js reconnects and rejoins.
     */
    void sendText(String text) {
        sendUtf8(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Queues a text frame whose UTF-8 bytes are already encoded: a change fanned out to many sockets is encoded
     * once, and each socket only frames it (the frame wraps the shared bytes; Java-WebSocket copies them once
     * into its own buffer, and a frame's payload buffer is consumed by that, so it is not shared).
     */
    void sendUtf8(byte[] utf8) {
        if (conn instanceof WebSocketImpl impl && impl.outQueue.size() >= maxQueuedFrames) {
            conn.close(CloseFrame.POLICY_VALIDATION, "too many unsent messages: subscriber too slow");
            return;
        }
        TextFrame frame = new TextFrame();
        frame.setPayload(ByteBuffer.wrap(utf8));
        frame.setFin(true);
        try {
            conn.sendFrame(frame);
        } catch (WebsocketNotConnectedException e) {
            // closed meanwhile: its channels are being removed
        }
    }
}
