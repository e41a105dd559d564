package dev.tandem.legacyws.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.legacyws.LegacyEvent;
import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.legacyws.message.EventMessage;
import dev.tandem.legacyws.message.Json;
import dev.tandem.legacyws.message.OutboundText;
import dev.tandem.legacyws.message.Replies;
import dev.tandem.legacyws.stats.RecentEvents;
import dev.tandem.legacyws.stats.SessionStats;
import dev.tandem.legacyws.stats.TrafficStats;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol's shared state and fan-out: sessions joining and leaving, events going out to all of them,
 * and clients too slow to keep up being let go.
 *
 * <p>Locking: {@link #broadcastLock} orders broadcasts against joins, so a new client's {@code recent_events}
 * ends exactly where its live events begin. It may call into connections (sending, closing), but nothing a
 * connection calls back into takes it, which rules out lock-order deadlocks with Java-WebSocket's own locks.
 */
final class LegacyHub {
    static final String GOING_AWAY_REASON = "going away";
    static final String SLOW_CLIENT_REASON = "try again later: client too slow";
    /**
     * How long an evicted client gets to read the close frame queued behind its backlog before its socket is
     * dropped; a client that stopped reading never will, and its backlog's memory must be freed.
     */
    static final Duration SLOW_CLIENT_CLOSE_GRACE = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(LegacyHub.class);

    private final Object broadcastLock = new Object();
    private final OutboundLimit limit;
    private final TrafficStats traffic = new TrafficStats();
    private final SessionStats sessionStats = new SessionStats();
    private final RecentEvents recentEvents;
    private final SessionRegistry registry = new SessionRegistry();
    private final LongAdder slowClientDisconnects = new LongAdder();
    private final LongAdder writeStallsResumed = new LongAdder();
    private final StatsReport report;
    private final Clock clock;
    private final ScheduledExecutorService housekeeping;
    private boolean stopping; // guarded by broadcastLock
    private long lastSeq = Long.MIN_VALUE; // guarded by broadcastLock

    LegacyHub(LegacyServerConfig config, Clock clock, ScheduledExecutorService housekeeping) {
        this.limit = new OutboundLimit(config.maxQueuedMessagesPerClient(), config.maxQueuedBytesPerClient());
        this.recentEvents = new RecentEvents(config.recentEventsLimit());
        this.clock = clock;
        this.housekeeping = housekeeping;
        this.report = new StatsReport(traffic, sessionStats, registry, limit, slowClientDisconnects,
                writeStallsResumed, clock);
    }

    /** A handshake completed: start the session with {@code initial_stats}, then include it in broadcasts. */
    void opened(MeteredSocket socket, HandshakeRequest request) {
        ClientSession session;
        synchronized (broadcastLock) {
            if (stopping) {
                socket.close(CloseFrame.GOING_AWAY, GOING_AWAY_REASON);
                return;
            }
            String clientId = request.clientId() != null ? request.clientId() : UUID.randomUUID().toString();
            String kind = sessionStats.opened(request.clientKind(), request.clientId());
            session = new ClientSession(socket, clientId, kind);
            socket.setAttachment(session);
            // Registered first so the figures count this client too; no broadcast can interleave here.
            registry.add(session);
            deliver(session, OutboundText.of(Json.write(report.initialStats(clientId, recentEvents.snapshot()))));
        }
        // The connection may have dropped while we set up; its close callback might have run before the
        // session was registered, so make sure it is not left in the registry.
        if (!socket.isOpen()) {
            finish(session);
        }
    }

    /** The connection closed, by either side. */
    void closed(MeteredSocket socket) {
        if (socket.getAttachment() instanceof ClientSession session) {
            finish(session);
        }
    }

    void publish(LegacyEvent event) {
        Objects.requireNonNull(event, "event");
        synchronized (broadcastLock) {
            if (event.seq() <= lastSeq) {
                log.warn("event {} published with seq {} after seq {}: publish must be called in seq order",
                        event.eventId(), event.seq(), lastSeq);
            }
            lastSeq = event.seq();
            String text = EventMessage.render(event, clock.instant());
            traffic.record(event);
            recentEvents.add(text);
            OutboundText message = OutboundText.of(text);
            for (ClientSession session : registry.all()) {
                deliver(session, message);
            }
        }
    }

    /** Sends an answer to one client, under the same slow-client limit as broadcasts. */
    void reply(ClientSession session, String text) {
        deliver(session, OutboundText.of(text));
    }

    /** The {@code stats} answer for one client, echoing {@code ref} when the request had one. */
    String statsMessage(ClientSession session, JsonNode ref) {
        return Json.write(Replies.withRef(report.stats(session.clientId()), ref));
    }

    int connectedClients() {
        return registry.size();
    }

    void countWriteStallsResumed(int count) {
        writeStallsResumed.add(count);
    }

    /** The open sessions, for the housekeeping checks (and tests that look at one connection). */
    Collection<ClientSession> sessions() {
        return registry.all();
    }

    /** Refuses new sessions and starts closing every open one with 1001, after what is already queued. */
    void beginShutdown() {
        synchronized (broadcastLock) {
            stopping = true;
        }
        for (ClientSession session : registry.all()) {
            session.socket().close(CloseFrame.GOING_AWAY, GOING_AWAY_REASON);
        }
    }

    boolean awaitDrained(Duration timeout) throws InterruptedException {
        return registry.awaitEmpty(timeout);
    }

    /** Drops the sockets of sessions that did not finish closing in time. */
    void closeRemaining() {
        for (ClientSession session : registry.all()) {
            log.info("dropping client {} ({}, {} frames unsent)", session.clientId(),
                    session.socket().getReadyState(), session.queuedMessages());
            session.socket().closeConnection(CloseFrame.GOING_AWAY, GOING_AWAY_REASON);
        }
    }

    private void deliver(ClientSession session, OutboundText message) {
        if (session.offer(message, limit) == ClientSession.Delivery.OVER_LIMIT) {
            evict(session);
        }
    }

    private void evict(ClientSession session) {
        if (!session.markEvicted()) {
            return;
        }
        slowClientDisconnects.increment();
        log.warn("closing slow client {}: {} messages / {} bytes unsent, limits {} / {}", session.clientId(),
                session.queuedMessages(), session.queuedBytes(), limit.maxMessages(), limit.maxBytes());
        MeteredSocket socket = session.socket();
        // The close frame goes behind the backlog, so only a client that catches up sees it; the timer frees
        // the backlog of one that never does.
        socket.close(CloseFrame.TRY_AGAIN_LATER, SLOW_CLIENT_REASON);
        try {
            housekeeping.schedule(() -> socket.closeConnection(CloseFrame.TRY_AGAIN_LATER, SLOW_CLIENT_REASON),
                    SLOW_CLIENT_CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            socket.closeConnection(CloseFrame.TRY_AGAIN_LATER, SLOW_CLIENT_REASON);
        }
    }

    private void finish(ClientSession session) {
        registry.remove(session.socket());
        if (session.markFinished()) {
            sessionStats.closed(session.countedKind(), session.age(), session.messagesIn(), session.messagesOut());
        }
    }
}
