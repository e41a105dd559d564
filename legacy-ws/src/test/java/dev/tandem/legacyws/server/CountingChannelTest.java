package dev.tandem.legacyws.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.legacyws.message.OutboundText;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.Test;

/**
 * A gathering write sends many queued frames in one system call, but Java-WebSocket takes them off its write
 * queue one by one afterwards. The backlog the slow-client limit judges must not count the frames in between:
 * a selector thread descheduled right after the call once made a client that had everything look 16 frames
 * behind, and evicted it. These tests hold that in-between state still and look at the meter.
 */
class CountingChannelTest {
    private static final byte[] HANDSHAKE =
            "HTTP/1.1 101 Switching Protocols\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void framesSentByAGatheringWriteAreNoLongerBacklogThoughStillQueued() throws Exception {
        try (ServerSocketChannel server = listen(0); SocketChannel out = SocketChannel.open(server.getLocalAddress());
             SocketChannel peer = server.accept()) {
            MeteredSocket socket = newSocket();
            CountingChannel channel = new CountingChannel(out, socket);
            channel.write(ByteBuffer.wrap(HANDSHAKE)); // the handshake response: never counted
            long bytes = 0;
            for (int i = 0; i < 10; i++) {
                bytes += queue(socket, "{\"type\":\"event\",\"seq\":" + i + "}");
            }

            int written = channel.write(socket.outQueue.peek());

            assertEquals(bytes, written, "one write sent all ten frames");
            assertEquals(10, socket.outQueue.size(), "Java-WebSocket has not taken them off its queue yet");
            assertEquals(0, socket.meter().pendingFrames(), "but none of them is backlog any more");
            assertEquals(0, socket.meter().pendingBytes());
            assertEquals(HANDSHAKE.length + bytes, drain(peer, HANDSHAKE.length + bytes), "the peer got every byte");
        }
    }

    @Test
    void aPartlySentFrameStaysBacklogUntilItsLastByteIsOut() throws Exception {
        // Small buffers on both ends, so the kernel takes only part of a 64-frame gather.
        try (ServerSocketChannel server = listen(4096); SocketChannel out = SocketChannel.open()) {
            out.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
            out.connect(server.getLocalAddress());
            out.configureBlocking(false);
            try (SocketChannel peer = server.accept()) {
                MeteredSocket socket = newSocket();
                CountingChannel channel = new CountingChannel(out, socket);
                ByteBuffer handshake = ByteBuffer.wrap(HANDSHAKE);
                channel.write(handshake);
                assertEquals(0, handshake.remaining());
                int frameBytes = 0;
                for (int i = 0; i < 64; i++) {
                    frameBytes = queue(socket, "x".repeat(1_000));
                }
                long total = 64L * frameBytes;

                int written = channel.write(socket.outQueue.peek());

                assertTrue(written > 0 && written < total, "the kernel took part of the batch: " + written);
                int complete = written / frameBytes;
                assertEquals(64 - complete, socket.meter().pendingFrames(),
                        "frames not completely sent, the partly sent one included");
                assertEquals(total - written, socket.meter().pendingBytes());
            }
        }
    }

    private static ServerSocketChannel listen(int receiveBuffer) throws Exception {
        ServerSocketChannel server = ServerSocketChannel.open();
        if (receiveBuffer > 0) {
            server.setOption(StandardSocketOptions.SO_RCVBUF, receiveBuffer); // inherited by accepted sockets
        }
        return server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Queues a frame as {@link MeteredSocket#sendFramed} does, minus the open check and the write demand. */
    private static int queue(MeteredSocket socket, String text) {
        byte[] frame = OutboundText.of(text).frame();
        socket.meter().queued(1, frame.length);
        socket.outQueue.add(ByteBuffer.wrap(frame));
        return frame.length;
    }

    private static long drain(SocketChannel peer, long expected) throws Exception {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long got = 0;
        while (got < expected) {
            int n = peer.read(buf);
            if (n < 0) {
                break;
            }
            got += n;
            buf.clear();
        }
        return got;
    }

    private static MeteredSocket newSocket() {
        // Never started: it only stands in as the connection's listener, which these writes do not call.
        WebSocketServer listener = new WebSocketServer(new InetSocketAddress(0)) {
            @Override
            public void onOpen(WebSocket conn, ClientHandshake handshake) {
            }

            @Override
            public void onClose(WebSocket conn, int code, String reason, boolean remote) {
            }

            @Override
            public void onMessage(WebSocket conn, String message) {
            }

            @Override
            public void onError(WebSocket conn, Exception ex) {
            }

            @Override
            public void onStart() {
            }
        };
        return new MeteredSocket(listener, List.of(new Draft_6455()));
    }
}
