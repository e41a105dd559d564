package dev.tandem.legacyws.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;

/**
 * A connection's socket channel that reports to its {@link OutboundMeter} how many frame bytes the kernel
 * accepted, and closes a connection whose handshake was refused once the refusal is written. Only
 * Java-WebSocket's selector thread writes to it.
 */
final class CountingChannel implements ByteChannel {
    /**
     * Most frames one write hands the kernel. A client that fell behind has many small frames queued; one
     * gathering write sends them in one system call instead of one each (batch I/O at the end of a batch).
     */
    static final int MAX_GATHER = 64;
    /**
     * Most bytes one gathering write offers (whole frames; the head frame always goes). Frames a write sent
     * stay counted as unsent until the selector thread records the write and dequeues them, so a larger batch
     * would let the slow-client check see more phantom backlog when that thread is descheduled; 64 KiB is
     * about what a socket's send buffer takes at once anyway.
     */
    static final long MAX_GATHER_BYTES = 64 * 1024;
    private final SocketChannel socket;
    private final MeteredSocket owner;
    /**
     * On a server connection the first buffer ever written is the HTTP handshake response, which
     * {@link MeteredSocket} never saw queued; its bytes are left out so the two counts match.
     */
    private ByteBuffer handshakeResponse;

    CountingChannel(SocketChannel socket, MeteredSocket owner) {
        this.socket = socket;
        this.owner = owner;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (handshakeResponse == null) {
            handshakeResponse = src;
        }
        ByteBuffer replacement = src == handshakeResponse ? owner.refusalResponse() : null;
        if (replacement != null) {
            return writeReplacement(src, replacement);
        }
        if (src != handshakeResponse) {
            // A frame an earlier gathering write already sent: Java-WebSocket only has to take it off its queue.
            if (!src.hasRemaining()) {
                return 0;
            }
            return writeGathered(src);
        }
        int n = socket.write(src);
        if (!src.hasRemaining() && owner.handshakeRefused()) {
            // Java-WebSocket writes the 404 but then waits for the client to hang up (it only closes
            // connections that completed a handshake), so a refused client could hold a socket forever.
            socket.close();
        }
        return n;
    }

    /**
     * Writes {@code src} together with the frames queued behind it, in queue order. Java-WebSocket writes its
     * queue head and polls it once empty, then peeks the next; the ones sent here are already empty by then.
     */
    private int writeGathered(ByteBuffer src) throws IOException {
        ByteBuffer[] batch = null;
        int count = 0;
        long bytes = 0;
        for (ByteBuffer queued : owner.outQueue) {
            if (count == 0) {
                if (queued != src) {
                    break; // not the queue head (cannot happen today): write it alone
                }
                batch = new ByteBuffer[MAX_GATHER];
            } else if (bytes + queued.remaining() > MAX_GATHER_BYTES) {
                break;
            }
            batch[count++] = queued;
            bytes += queued.remaining();
            if (count == MAX_GATHER) {
                break;
            }
        }
        if (count <= 1) {
            int n = socket.write(src);
            owner.meter().written(src.hasRemaining() ? 0 : 1, n);
            return n;
        }
        long n = socket.write(batch, 0, count);
        int completed = 0;
        while (completed < count && !batch[completed].hasRemaining()) {
            completed++; // sent in queue order: the completed frames are a prefix of the batch
        }
        owner.meter().written(completed, n);
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /**
     * Writes our own refusal (401/403) instead of Java-WebSocket's 404, which is marked as written only once
     * ours is, so Java-WebSocket keeps calling until then; then closes the socket, as for the 404.
     */
    private int writeReplacement(ByteBuffer original, ByteBuffer replacement) throws IOException {
        int n = socket.write(replacement);
        if (!replacement.hasRemaining()) {
            original.position(original.limit());
            socket.close();
        }
        return n;
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
