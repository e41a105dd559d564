package dev.tandem.benchmarks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One benchmark client: a non-blocking socket, the RFC 6455 handshake, and a parser for the server's frames
 * (unmasked, never fragmented by these servers). Owned by one {@link ClientFleet} reader thread.
 *
 * <p>Text frames carrying the publish stamp count as deliveries; other frames (initial_stats, etc.) are only
 * skipped; pings are answered so the servers' lost-connection checks never close an idle client.
 */
final class ClientConnection {
    /** Per-connection read buffer: room for ~20 events per read, and 40 MB for 5,000 clients. */
    static final int BUFFER_BYTES = 8 * 1024;
    private static final byte[] HEADER_END = {'\r', '\n', '\r', '\n'};

    /** What the reader thread collects from its connections. */
    interface Sink {
        /** One event arrived, {@code latencyMicros} after it was published. */
        void delivered(int payloadBytes, long latencyMicros);
    }

    final SocketChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES);
    private boolean upgraded;
    private long skip; // payload bytes of an oversized frame still to discard

    ClientConnection(SocketChannel channel) {
        this.channel = channel;
    }

    static byte[] handshake(String host, int port, String path) {
        // A fixed key is fine: the client does not check Sec-WebSocket-Accept, only the 101 status.
        return ("GET " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nUser-Agent: tandem-bench\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    boolean upgraded() {
        return upgraded;
    }

    /**
     * Reads what is available and handles every complete frame. Returns false when the connection ended
     * (EOF, close frame, or a refused handshake).
     */
    boolean read(Sink sink, long nowMicros) throws IOException {
        int n = channel.read(buf);
        if (n < 0) {
            return false;
        }
        buf.flip();
        try {
            if (!upgraded && !(upgraded = consumeHandshakeResponse())) {
                return true; // response incomplete: keep reading (a refusal throws)
            }
            return consumeFrames(sink, nowMicros);
        } finally {
            buf.compact();
        }
    }

    /** True once a 101 response was consumed, false while it is incomplete; throws when refused. */
    private boolean consumeHandshakeResponse() {
        byte[] a = buf.array();
        int end = indexOf(a, 0, buf.limit(), HEADER_END);
        if (end < 0) {
            return false;
        }
        String status = new String(a, 0, Math.min(12, end), StandardCharsets.US_ASCII);
        buf.position(end + HEADER_END.length);
        if (!status.startsWith("HTTP/1.1 101")) {
            throw new IllegalStateException("handshake refused: " + status);
        }
        return true;
    }

    private boolean consumeFrames(Sink sink, long nowMicros) throws IOException {
        byte[] a = buf.array();
        while (true) {
            if (skip > 0) {
                int k = (int) Math.min(skip, buf.remaining());
                buf.position(buf.position() + k);
                skip -= k;
                if (skip > 0) {
                    return true;
                }
            }
            int p = buf.position();
            int available = buf.limit() - p;
            if (available < 2) {
                return true;
            }
            int opcode = a[p] & 0x0F;
            long len = a[p + 1] & 0x7F;
            int header = 2;
            if (len == 126) {
                if (available < 4) {
                    return true;
                }
                len = ((a[p + 2] & 0xFF) << 8) | (a[p + 3] & 0xFF);
                header = 4;
            } else if (len == 127) {
                if (available < 10) {
                    return true;
                }
                len = ByteBuffer.wrap(a, p + 2, 8).getLong();
                header = 10;
            }
            if (header + len > BUFFER_BYTES) { // e.g. initial_stats: not an event, just drop it
                buf.position(p + header);
                skip = len;
                continue;
            }
            if (available < header + len) {
                return true;
            }
            int start = p + header;
            int end = start + (int) len;
            buf.position(end);
            if (opcode == 0x1) {
                int at = indexOf(a, start, end, EventText.STAMP_MARKER);
                if (at >= 0) {
                    sink.delivered((int) len, nowMicros - EventText.parseStamp(a, at + EventText.STAMP_MARKER.length, end));
                }
            } else if (opcode == 0x9) {
                pong(a, start, (int) len);
            } else if (opcode == 0x8) {
                return false;
            }
        }
    }

    /** Answers a ping: a masked pong with the same payload (an all-zero mask leaves the payload as it is). */
    private void pong(byte[] a, int start, int len) throws IOException {
        ByteBuffer frame = ByteBuffer.allocate(6 + len);
        frame.put((byte) 0x8A).put((byte) (0x80 | len)).putInt(0).put(a, start, len).flip();
        for (int tries = 0; frame.hasRemaining() && tries < 100; tries++) {
            channel.write(frame); // tiny, so the socket buffer takes it at once in practice
        }
    }

    static int indexOf(byte[] a, int from, int to, byte[] needle) {
        outer:
        for (int i = from; i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (a[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
