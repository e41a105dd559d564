package dev.tandem.legacyws.server;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import org.java_websocket.WebSocketListener;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.Framedata;
import org.java_websocket.WebSocketImpl;

/**
 * A server-side connection that counts the frames and bytes it queues, control frames included, so that
 * {@link OutboundMeter} knows its backlog without walking the write queue.
 *
 * <p>All of WebSocketImpl's public send paths are routed through {@link #sendFrame(Collection)}; its private
 * write of the HTTP handshake response is the one write not seen here, and {@link CountingChannel} leaves it
 * out on the other side.
 */
final class MeteredSocket extends WebSocketImpl {
    private final OutboundMeter meter = new OutboundMeter();
    /** WebSocketImpl keeps its listener private; the pre-framed path needs it to ask for a write. */
    private final WebSocketListener listener;
    private volatile boolean handshakeRefused;
    /** The HTTP response to write instead of Java-WebSocket's 404 when a handshake is refused, or null. */
    private volatile ByteBuffer refusalResponse;

    MeteredSocket(WebSocketListener listener, List<Draft> drafts) {
        super(listener, drafts);
        this.listener = listener;
    }

    OutboundMeter meter() {
        return meter;
    }

    /** Marks the handshake as refused, so the connection is closed once the HTTP refusal has been written. */
    void refuseHandshake() {
        handshakeRefused = true;
    }

    /**
     * Marks the handshake as refused with {@code status}: Java-WebSocket 1.6.0 can only answer 404 (or 500),
     * so {@link CountingChannel} writes this response in place of its 404.
     */
    void refuseHandshake(int status, String reasonPhrase) {
        String body = status + " " + reasonPhrase + "\n";
        String head = "HTTP/1.1 " + status + " " + reasonPhrase + "\r\n"
                + (status == 401 ? "WWW-Authenticate: Bearer realm=\"legacy-ws\"\r\n" : "")
                + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n";
        refusalResponse = ByteBuffer.wrap((head + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        handshakeRefused = true;
    }

    ByteBuffer refusalResponse() {
        return refusalResponse;
    }

    boolean handshakeRefused() {
        return handshakeRefused;
    }

    /** Bytes this server's frame of the given payload takes on the wire: RFC 6455 header, unmasked, no extensions. */
    static long frameBytes(long payloadLength) {
        int header = payloadLength <= 125 ? 2 : payloadLength <= 65_535 ? 4 : 10;
        return header + payloadLength;
    }

    /**
     * Queues a complete, already framed message. The bytes are shared by every client the message goes to
     * (wrapped, never copied), and WebSocketImpl's own send path is skipped: it re-frames per connection and
     * builds trace-log strings of every frame even with tracing off, which dominated fan-out profiles. One
     * buffer per message keeps messages whole in the queue, as WebSocketImpl's own write lock does.
     */
    void sendFramed(byte[] frame) {
        requireOpen();
        meter.queued(1, frame.length);
        outQueue.add(ByteBuffer.wrap(frame));
        listener.onWriteDemand(this);
    }

    @Override
    public void send(String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        requireOpen();
        sendFrame(getDraft().createFrames(text, false));
    }

    @Override
    public void send(ByteBuffer bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("bytes must not be null");
        }
        requireOpen();
        sendFrame(getDraft().createFrames(bytes, false));
    }

    @Override
    public void sendFragmentedFrame(Opcode op, ByteBuffer buffer, boolean fin) {
        requireOpen();
        sendFrame(getDraft().continuousFrame(op, buffer, fin));
    }

    @Override
    public void sendFrame(Framedata frame) {
        sendFrame(List.of(frame));
    }

    @Override
    public void sendFrame(Collection<Framedata> frames) {
        long bytes = 0;
        for (Framedata f : frames) {
            bytes += frameBytes(f.getPayloadData().remaining());
        }
        // Count before queueing: the selector thread may write the frame before super returns.
        meter.queued(frames.size(), bytes); // WebSocketImpl queues one buffer per frame
        try {
            super.sendFrame(frames);
        } catch (RuntimeException e) {
            meter.queued(-frames.size(), -bytes);
            throw e;
        }
    }

    private void requireOpen() {
        // getDraft() is null before the handshake; WebSocketImpl would fail the same way, only less clearly.
        if (!isOpen()) {
            throw new WebsocketNotConnectedException();
        }
    }
}
