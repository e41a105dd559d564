package dev.tandem.legacyws.stats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.message.Json;
import java.time.Duration;
import java.util.TreeMap;

/**
 * Session figures across all connections: the {@code session_metrics} object, and the reconnection count of
 * {@code websocket_health}. Callers must not hold a connection's lock while calling in, nor call out from here.
 */
public final class SessionStats {
    /** How many client-supplied ids are remembered for reconnection counting. */
    public static final int RECENT_CLIENT_IDS = 10_000;
    /** Client kinds come from clients, so their number is bounded. Full policy: later kinds count as "other". */
    public static final int MAX_CLIENT_KINDS = 32;
    public static final String OVERFLOW_KIND = "other";
    /** The stats message lists this many reconnecting ids at most, so it stays bounded. */
    public static final int MAX_RECONNECTING_IDS_LISTED = 100;

    private final RecentClientIds recentClientIds = new RecentClientIds(RECENT_CLIENT_IDS);
    private final TreeMap<String, Long> activeByKind = new TreeMap<>();
    private long active;
    private long total;
    private long ended;
    private long endedDurationMillis;
    private long reconnections;
    private long messagesIn;
    private long messagesOut;

    /**
     * Counts a new session and returns the kind it is counted under (the given one, or the overflow kind).
     *
     * @param suppliedClientId the client's own id, or null when the server assigned one (never a reconnection)
     */
    public synchronized String opened(String clientKind, String suppliedClientId) {
        active++;
        total++;
        if (suppliedClientId != null && recentClientIds.seen(suppliedClientId)) {
            reconnections++;
        }
        String kind = activeByKind.containsKey(clientKind) || activeByKind.size() < MAX_CLIENT_KINDS
                ? clientKind : OVERFLOW_KIND;
        activeByKind.merge(kind, 1L, Long::sum);
        return kind;
    }

    /** How many ended sessions are listed individually in {@code recent_sessions}; full policy: drop the oldest. */
    public static final int RECENT_SESSIONS = 20;

    private final java.util.ArrayDeque<ObjectNode> recentSessions = new java.util.ArrayDeque<>();

    /**
     * Folds an ended session in and lists it in {@code recent_sessions} (client id, kind, start, end, duration,
     * messages in and out).
     */
    public void closed(String clientId, String countedKind, java.time.Instant start, java.time.Instant end,
                       Duration duration, long sessionMessagesIn, long sessionMessagesOut) {
        ObjectNode n = Json.object();
        n.put("client_id", clientId);
        n.put("client_kind", countedKind);
        n.put("start", start.toString());
        n.put("end", end.toString());
        n.put("duration_ms", duration.toMillis());
        n.put("messages_in", sessionMessagesIn);
        n.put("messages_out", sessionMessagesOut);
        synchronized (this) {
            if (recentSessions.size() == RECENT_SESSIONS) {
                recentSessions.pollFirst();
            }
            recentSessions.addLast(n);
            closed(countedKind, duration, sessionMessagesIn, sessionMessagesOut);
        }
    }

    /** Folds an ended session in; {@code countedKind} is what {@link #opened} returned. */
    public synchronized void closed(String countedKind, Duration duration, long sessionMessagesIn, long sessionMessagesOut) {
        active--;
        ended++;
        endedDurationMillis += duration.toMillis();
        activeByKind.computeIfPresent(countedKind, (k, n) -> n <= 1 ? null : n - 1);
        messagesIn += sessionMessagesIn;
        messagesOut += sessionMessagesOut;
    }

    /** Reconnections per client_id (of the ids still remembered), at most {@link #MAX_RECONNECTING_IDS_LISTED}. */
    public synchronized ObjectNode reconnectionsByClientId() {
        ObjectNode n = Json.object();
        recentClientIds.forEachReconnected(MAX_RECONNECTING_IDS_LISTED, n::put);
        return n;
    }

    public synchronized long reconnections() {
        return reconnections;
    }

    /**
     * The {@code session_metrics} object. Message totals are those of ended sessions plus the given figures
     * of the sessions still open, which the caller sums, because they change without passing through here.
     */
    public synchronized ObjectNode toJson(long openMessagesIn, long openMessagesOut) {
        ObjectNode n = Json.object();
        n.put("active_sessions", active);
        n.put("total_sessions", total);
        // Over ended sessions only: an open session has no duration yet.
        n.put("avg_session_duration_ms", ended == 0 ? 0.0 : (double) endedDurationMillis / ended);
        ObjectNode kinds = n.putObject("sessions_by_client_kind");
        activeByKind.forEach(kinds::put);
        n.put("messages_in", messagesIn + openMessagesIn);
        n.put("messages_out", messagesOut + openMessagesOut);
        n.putArray("recent_sessions").addAll(recentSessions.stream().map(ObjectNode::deepCopy).toList());
        return n;
    }
}
