package dev.tandem.legacyws.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.ExportSource;
import dev.tandem.legacyws.LegacyEvent;
import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.legacyws.ProducerIngest;
import dev.tandem.legacyws.Role;
import dev.tandem.legacyws.critical.CriticalMailbox;
import dev.tandem.legacyws.health.Latency;
import dev.tandem.legacyws.message.EventMessage;
import dev.tandem.legacyws.message.Json;
import dev.tandem.legacyws.message.OutboundText;
import dev.tandem.legacyws.message.Replies;
import dev.tandem.legacyws.replay.DedupWindow;
import dev.tandem.legacyws.replay.ReplayBuffer;
import dev.tandem.legacyws.stats.RecentEvents;
import dev.tandem.legacyws.stats.SessionStats;
import dev.tandem.legacyws.stats.TrafficStats;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import org.java_websocket.framing.CloseFrame;

/**
 * The protocol's shared state and fan-out: sessions joining and leaving, events going out to all of them
 * (each rendered and encoded once), replay on resume, and critical messages kept for absent clients.
 *
 * <p>Locking: {@link #broadcastLock} orders broadcasts against joins and resumes, so a new client's
 * {@code recent_events} ends exactly where its live events begin, and a resume's replay ends exactly where
 * live events continue (no gap, no duplicate). It may call into connections (sending, closing), but nothing
 * a connection calls back into takes it, which rules out lock-order deadlocks with Java-WebSocket's locks.
 */
final class LegacyHub {
    static final String GOING_AWAY_REASON = "going away";

    private final Object broadcastLock = new Object();
    final LegacyServerConfig config;
    final Clock clock;
    final Counters counters = new Counters();
    final TrafficStats traffic = new TrafficStats();
    final SessionStats sessionStats = new SessionStats();
    final SessionRegistry registry = new SessionRegistry();
    final Latency pingLatency = new Latency();
    final ReplayBuffer replay; // guarded by broadcastLock
    final CriticalMailbox mailbox;
    final OutboundLimit limit;
    final AsyncRequests async;
    volatile ProducerIngest producerIngest;
    volatile ExportSource exportSource;
    private final RecentEvents recentEvents;
    private final DedupWindow dedup; // guarded by broadcastLock
    private final Outbound outbound;
    private final StatsReport report;
    /** The latest session of each client_id, for critical messages; bounded by the open sessions. */
    private final ConcurrentHashMap<String, ClientSession> byClientId = new ConcurrentHashMap<>();
    private boolean stopping; // guarded by broadcastLock
    private long lastSeq = Long.MIN_VALUE; // guarded by broadcastLock

    LegacyHub(LegacyServerConfig config, ScheduledExecutorService housekeeping) {
        this.config = config;
        this.clock = config.clock();
        this.limit = new OutboundLimit(config.clientLimits().maxQueuedMessagesPerClient(),
                config.clientLimits().maxQueuedBytesPerClient());
        this.recentEvents = new RecentEvents(config.replay().recentEventsLimit());
        this.replay = new ReplayBuffer(config.replay().replayBufferCapacity(), config.replay().replayBufferTtl());
        this.dedup = new DedupWindow(config.replay().dedupWindowSize(), config.replay().dedupWindowTtl());
        this.mailbox = new CriticalMailbox(config.replay().criticalMessageTtl(), config.replay().maxCriticalMessagesPerClient(),
                config.replay().maxCriticalMessagesTotal());
        this.outbound = new Outbound(limit, counters, new SlowClients(limit, counters, housekeeping));
        this.report = new StatsReport(this);
        this.async = new AsyncRequests(config.clientLimits().maxInFlightRequests());
        this.producerIngest = config.producerIngest();
        this.exportSource = config.exportSource() != null ? config.exportSource() : new ReplayExport(this::replaySnapshot);
    }

    /** A handshake completed: start the session with {@code initial_stats}, then include it in broadcasts. */
    void opened(MeteredSocket socket, HandshakeRequest request, Set<Role> roles) {
        ClientSession session;
        synchronized (broadcastLock) {
            if (stopping) {
                socket.close(CloseFrame.GOING_AWAY, GOING_AWAY_REASON);
                return;
            }
            String clientId = request.clientId() != null ? request.clientId() : UUID.randomUUID().toString();
            String kind = sessionStats.opened(request.clientKind(), request.clientId());
            session = new ClientSession(socket, clientId, kind, roles,
                    new TokenBucket(clock, config.clientLimits().rateLimitPerSecond(), config.clientLimits().rateLimitBurst()), clock.instant());
            session.introducedAs(new dev.tandem.legacyws.ConnectedClient(clientId, request.clientKind(), request.tenant()));
            socket.setAttachment(session);
            session.coveredFrom(lastSeq == Long.MIN_VALUE ? Long.MIN_VALUE : lastSeq + 1);
            // Registered first so the figures count this client too; no broadcast can interleave here.
            registry.add(session);
            byClientId.put(clientId, session);
            deliver(session, OutboundText.of(Json.write(report.initialStats(clientId, recentEvents.snapshot()))));
            // What waited for this client_id while it was away comes right after initial_stats.
            for (OutboundText pending : mailbox.take(clientId, clock.millis())) {
                deliver(session, pending);
            }
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
            long now = clock.millis();
            if (!dedup.firstSighting(event.eventId(), now)) {
                counters.duplicatesSuppressed.increment();
                return;
            }
            if (event.seq() <= lastSeq) {
                SlowClients.log.warn("event {} published with seq {} after seq {}: publish must be called in seq order",
                        event.eventId(), event.seq(), lastSeq);
            }
            lastSeq = Math.max(lastSeq, event.seq());
            String text = EventMessage.render(event, clock.instant());
            traffic.record(event);
            recentEvents.add(text);
            OutboundText message = OutboundText.of(text); // encoded once for every client
            replay.add(new ReplayBuffer.Entry(event.seq(), event.connectionType(), event.ingestedAt(), now, message), now);
            counters.eventsBroadcast.increment();
            // The registry's live view, not a copy: nothing is allocated per client per event.
            for (ClientSession session : registry.all()) {
                if (session.subscription().wants(event.connectionType())) {
                    deliver(session, message);
                }
            }
        }
    }

    /** Broadcasts a {@code test_event} to every client (whatever its subscription); returns its event_id. */
    String broadcastTestEvent(String text) {
        String eventId = UUID.randomUUID().toString();
        OutboundText message = OutboundText.of(Replies.testEvent(eventId, clock.instant(), text));
        synchronized (broadcastLock) {
            counters.testEvents.increment();
            for (ClientSession session : registry.all()) {
                deliver(session, message);
            }
        }
        return eventId;
    }

    /**
     * Replays the buffered events after {@code lastSeq} that this connection has not been sent (events it got
     * live since it connected are not sent again), then lets live events continue; atomic with respect to
     * publish, so nothing published meanwhile is missed or doubled. When the client asked for events already gone from the
     * buffer it is told first ({@code error} {@code gap} with {@code first_seq}), then gets what is left.
     */
    void resume(ClientSession session, long lastSeq, JsonNode ref) {
        synchronized (broadcastLock) {
            counters.resumes.increment();
            replay.expire(clock.millis());
            long firstSeq = replay.firstSeq(this.lastSeq == Long.MIN_VALUE ? lastSeq + 1 : this.lastSeq + 1);
            if (lastSeq + 1 < firstSeq) {
                counters.gaps.increment();
                deliver(session, OutboundText.of(Replies.gap(lastSeq, firstSeq, ref)));
            }
            long coveredFrom = session.coveredFrom();
            for (ReplayBuffer.Entry e : replay.after(lastSeq)) {
                if (e.seq() >= coveredFrom) {
                    break; // this connection already had these, live or from an earlier resume
                }
                if (session.subscription().wants(e.connectionType())) {
                    deliver(session, e.message());
                    counters.replayedEvents.increment();
                }
            }
            session.coveredFrom(Math.min(coveredFrom, lastSeq + 1));
            if (ref != null) {
                deliver(session, OutboundText.of(Replies.ack(ref)));
            }
        }
    }

    /** Sends an answer to one client, under the same slow-client limit as broadcasts. */
    void reply(ClientSession session, String text) {
        deliver(session, OutboundText.of(text));
    }

    /**
     * Sends a critical message (stats, export_complete, transport_change) to {@code preferred} (the session
     * that asked, or null) while it is open, else to the client_id's current session, else keeps it for the
     * client_id until it reconnects or the message expires.
     */
    void sendCritical(ClientSession preferred, String clientId, String text) {
        OutboundText message = OutboundText.of(text);
        synchronized (broadcastLock) { // against opened(), which drains the mailbox under this lock
            if (preferred != null && deliver(preferred, message) != ClientSession.Delivery.NOT_OPEN) {
                return;
            }
            ClientSession current = byClientId.get(clientId);
            if (current == null || current == preferred
                    || deliver(current, message) == ClientSession.Delivery.NOT_OPEN) {
                mailbox.store(clientId, message, clock.millis());
            }
        }
    }

    /** The {@code stats} answer for one client, echoing {@code ref} when the request had one. */
    String statsMessage(ClientSession session, JsonNode ref) {
        return Json.write(Replies.withRef(report.stats(session.clientId()), ref));
    }

    /** The figures of a {@code stats} message, for mirroring outside the socket (no client_id in it). */
    ObjectNode statsSnapshot() {
        ObjectNode m = report.stats(null);
        m.remove("client_id");
        return m;
    }

    /** A copy of the replay buffer, oldest first, for the default export. */
    List<ReplayBuffer.Entry> replaySnapshot() {
        synchronized (broadcastLock) {
            replay.expire(clock.millis());
            return replay.all();
        }
    }

    /** Replay buffer size, read under the lock that guards it. */
    int replaySize() {
        synchronized (broadcastLock) {
            return replay.size();
        }
    }

    int connectedClients() {
        return registry.size();
    }

    /** The open sessions as their clients introduced themselves. */
    java.util.List<dev.tandem.legacyws.ConnectedClient> clients() {
        java.util.List<dev.tandem.legacyws.ConnectedClient> out = new java.util.ArrayList<>();
        for (ClientSession s : registry.all()) {
            if (s.introduced() != null) {
                out.add(s.introduced());
            }
        }
        return out;
    }

    /** The open sessions, for the housekeeping checks (and tests that look at one connection). */
    Collection<ClientSession> sessions() {
        return registry.all();
    }

    /** From now on, handshakes that complete are closed with 1001 instead of starting a session. */
    void refuseNewSessions() {
        synchronized (broadcastLock) {
            stopping = true;
        }
    }

    private ClientSession.Delivery deliver(ClientSession session, OutboundText message) {
        return outbound.deliver(session, message);
    }

    private void finish(ClientSession session) {
        registry.remove(session.socket());
        byClientId.remove(session.clientId(), session);
        if (session.markFinished()) {
            sessionStats.closed(session.clientId(), session.countedKind(), session.startedAt(), clock.instant(),
                    session.age(), session.messagesIn(), session.messagesOut());
        }
    }
}
