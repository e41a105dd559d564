package dev.tandem.realtimebridge.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.WebSocketServerFactory;
import org.java_websocket.drafts.Draft;

/**
 * A connection whose handshake can be refused with any HTTP status and a JSON body, as Realtime answers
 * ({@code 401 {"error":"API key is missing"}}). Java-WebSocket 1.6.0 can only answer a refused handshake with
 * its own 404 page; the socket's channel writes our response in place of that first write, then closes the
 * connection (Java-WebSocket would wait for the client to hang up).
 */
final class RefusableSocket extends WebSocketImpl {
    private volatile ByteBuffer refusal;

    RefusableSocket(WebSocketAdapter listener, List<Draft> drafts) {
        super(listener, drafts);
    }

    void refuse(int status, String reason, String jsonBody) {
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json; charset=utf-8\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        ByteBuffer b = ByteBuffer.allocate(head.length() + body.length);
        b.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
        refusal = b;
    }

    static final class Factory implements WebSocketServerFactory {
        @Override
        public WebSocketImpl createWebSocket(WebSocketAdapter a, Draft d) {
            return new RefusableSocket(a, List.of(d));
        }

        @Override
        public WebSocketImpl createWebSocket(WebSocketAdapter a, List<Draft> drafts) {
            return new RefusableSocket(a, drafts);
        }

        @Override
        public ByteChannel wrapChannel(SocketChannel channel, SelectionKey key) {
            return new RefusingChannel(channel, (RefusableSocket) key.attachment());
        }

        @Override
        public void close() {
        }
    }

    /** The socket's channel: passes everything through, except that it swaps a refused handshake's answer. */
    private static final class RefusingChannel implements ByteChannel {
        private final SocketChannel socket;
        private final RefusableSocket owner;
        private boolean first = true;

        RefusingChannel(SocketChannel socket, RefusableSocket owner) {
            this.socket = socket;
            this.owner = owner;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            ByteBuffer refusal = owner.refusal;
            if (first && refusal != null) {
                int n = socket.write(refusal);
                if (!refusal.hasRemaining()) {
                    first = false;
                    src.position(src.limit()); // Java-WebSocket's 404 counts as written
                    socket.close();
                }
                return n;
            }
            first = false;
            return socket.write(src);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return socket.read(dst);
        }

        @Override
        public boolean isOpen() {
            return socket.isOpen();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
