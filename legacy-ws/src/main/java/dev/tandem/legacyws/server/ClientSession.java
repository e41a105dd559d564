package dev.tandem.legacyws.server;

import dev.tandem.legacyws.Role;
import dev.tandem.legacyws.health.PingState;
import dev.tandem.legacyws.message.OutboundText;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
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
    private volatile dev.tandem.legacyws.ConnectedClient introduced;
    private final long openedNanos = System.nanoTime();
    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicBoolean evicted = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();

    private final Set<Role> roles;
    private final TokenBucket bucket;
    private final PingState ping = new PingState();
    private final Instant startedAt;
    /** Which events this client wants; replaced whole (immutable), so broadcasts read it without locking. */
    private volatile Subscription subscription = Subscription.ALL;
    /**
     * Every buffered event with seq at or above this has already been considered for this connection (sent
     * live, or replayed, subject to its subscription), so a replay stops below it: no event is sent twice on
     * one connection, also across resumes. Set at open to the next seq to be published. Guarded by the hub's
     * broadcast lock.
     */
    private long coveredFrom;

    ClientSession(MeteredSocket socket, String clientId, String countedKind, Set<Role> roles, TokenBucket bucket,
                  Instant startedAt) {
        this.socket = socket;
        this.clientId = clientId;
        this.countedKind = countedKind;
        this.roles = roles;
        this.bucket = bucket;
        this.startedAt = startedAt;
    }

    boolean hasRole(Role role) {
        return roles.contains(role);
    }

    /** Takes a token from this client's rate-limit bucket; false when it is empty. */
    boolean admitInbound() {
        return bucket.tryTake();
    }

    PingState ping() {
        return ping;
    }

    Instant startedAt() {
        return startedAt;
    }

    Subscription subscription() {
        return subscription;
    }

    void subscription(Subscription subscription) {
        this.subscription = subscription;
    }

    /** Caller holds the broadcast lock. */
    long coveredFrom() {
        return coveredFrom;
    }

    /** Caller holds the broadcast lock. */
    void coveredFrom(long seq) {
        coveredFrom = seq;
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
        if (!limit.admits(queuedMessages(), queuedBytes(), message.frame().length)) {
            return Delivery.OVER_LIMIT;
        }
        try {
            socket.sendFramed(message.frame());
        } catch (WebsocketNotConnectedException e) {
            return Delivery.NOT_OPEN; // closed between the check and the send
        }
        messagesOut.incrementAndGet();
        return Delivery.SENT;
    }

    void countMessageIn() {
        messagesIn.incrementAndGet();
    }

    /** Frames not yet completely written to the socket (control frames included). */
    int queuedMessages() {
        return socket.meter().pendingFrames();
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

    /** How the client introduced itself; set once, right after the handshake. */
    void introducedAs(dev.tandem.legacyws.ConnectedClient who) {
        this.introduced = who;
    }

    dev.tandem.legacyws.ConnectedClient introduced() {
        return introduced;
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
