package dev.tandem.legacyws.server;

import dev.tandem.legacyws.message.OutboundText;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.java_websocket.exceptions.WebsocketNotConnectedException;

/** One connected client: who it is, what it has sent and been sent, and how far behind its socket is. */
final class ClientSession {
    /** The outcome of offering a message to this client. */
    enum Delivery {
        SENT,
        /** Closing or closed: nothing more is sent, and nothing needs doing. */
        NOT_OPEN,
        /** The client's backlog is at its limit: the message was not queued, and the client is too slow. */
        OVER_LIMIT
    }

    private final MeteredSocket socket;
    private final String clientId;
    private final String countedKind;
    private final long openedNanos = System.nanoTime();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicBoolean evicted = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();

    ClientSession(MeteredSocket socket, String clientId, String countedKind) {
        this.socket = socket;
        this.clientId = clientId;
        this.countedKind = countedKind;
    }

    /**
     * Queues {@code message} unless the client is closing or over {@code limit}. Never blocks: queueing only
     * appends to the connection's write queue. Two threads offering at once may each pass the check, so the
     * backlog can exceed the limit by one message per concurrent sender.
     */
    Delivery offer(OutboundText message, OutboundLimit limit) {
        if (!socket.isOpen()) {
            return Delivery.NOT_OPEN;
        }
        if (!limit.admits(queuedMessages(), queuedBytes(), MeteredSocket.frameBytes(message.utf8().length))) {
            return Delivery.OVER_LIMIT;
        }
        try {
            socket.sendText(message.utf8());
        } catch (WebsocketNotConnectedException e) {
            return Delivery.NOT_OPEN; // closed between the check and the send
        }
        messagesOut.incrementAndGet();
        return Delivery.SENT;
    }

    void countMessageIn() {
        messagesIn.incrementAndGet();
    }

    /** Frames waiting in the connection's write queue (control frames included). */
    int queuedMessages() {
        return socket.outQueue.size();
    }

    long queuedBytes() {
        return socket.meter().pendingBytes();
    }

    /** True the first time only: a client is evicted (and counted) once. */
    boolean markEvicted() {
        return evicted.compareAndSet(false, true);
    }

    /** True the first time only: a session's end is accounted once, whichever path sees it first. */
    boolean markFinished() {
        return finished.compareAndSet(false, true);
    }

    MeteredSocket socket() {
        return socket;
    }

    String clientId() {
        return clientId;
    }

    String countedKind() {
        return countedKind;
    }

    long messagesIn() {
        return messagesIn.get();
    }

    long messagesOut() {
        return messagesOut.get();
    }

    Duration age() {
        return Duration.ofNanos(System.nanoTime() - openedNanos);
    }
}
