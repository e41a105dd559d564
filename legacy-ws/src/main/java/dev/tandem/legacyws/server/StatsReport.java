package dev.tandem.legacyws.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.tandem.legacyws.message.Json;
import dev.tandem.legacyws.message.Timestamps;
import dev.tandem.legacyws.replay.DedupWindow;
import dev.tandem.legacyws.replay.ReplayBuffer;
import dev.tandem.legacyws.critical.CriticalMailbox;
import java.util.List;

/** Renders {@code initial_stats} and {@code stats} from the server's live figures. */
final class StatsReport {
    /** Per-connection figures are listed for at most this many clients, so the message stays bounded. */
    static final int MAX_CLIENTS_LISTED = 100;

    private final LegacyHub hub;
    private final long startedNanos = System.nanoTime();

    StatsReport(LegacyHub hub) {
        this.hub = hub;
    }

    /** {@code initial_stats}: the stats plus the given recent events (rendered {@code event} messages, oldest first). */
    ObjectNode initialStats(String clientId, List<String> recentEvents) {
        return render("initial_stats", clientId, recentEvents);
    }

    /** {@code stats}: the answer to {@code get_stats}, the same as {@code initial_stats} without recent events. */
    ObjectNode stats(String clientId) {
        return render("stats", clientId, null);
    }

    private ObjectNode render(String type, String clientId, List<String> recentEvents) {
        Counters c = hub.counters;
        SessionRegistry.Figures open = hub.registry.figures();
        CriticalMailbox mailbox = hub.mailbox;
        mailbox.expire(hub.clock.millis());
        double uptimeSeconds = (System.nanoTime() - startedNanos) / 1e9;
        ObjectNode m = Json.object();
        m.put("type", type);
        ObjectNode stats = hub.traffic.toJson();
        // Transport figures of this server belong under stats.websocket (protocol: "Throughput and retry figures").
        ObjectNode websocket = (ObjectNode) stats.get("websocket");
        websocket.put("connected_clients", hub.registry.size());
        websocket.put("slow_client_disconnects", c.slowClientDisconnects.sum());
        // How often Java-WebSocket's write-interest race had to be repaired (see LegacyEngine.resumeStalledWrites).
        websocket.put("write_stalls_resumed", c.writeStallsResumed.sum());
        ObjectNode throughput = websocket.putObject("throughput");
        throughput.put("messages_sent", c.messagesSent.sum());
        throughput.put("bytes_sent", c.bytesSent.sum());
        throughput.put("events_broadcast", c.eventsBroadcast.sum());
        throughput.put("messages_per_second", uptimeSeconds <= 0 ? 0.0 : c.messagesSent.sum() / uptimeSeconds);
        ObjectNode queue = websocket.putObject("queue");
        queue.put("messages_sent", c.messagesSent.sum());
        queue.put("dropped", c.messagesDropped.sum() + mailbox.dropped());
        queue.put("expired", mailbox.expired());
        queue.put("slow_client_disconnects", c.slowClientDisconnects.sum());
        queue.put("critical_stored", mailbox.stored());
        queue.put("critical_delivered", mailbox.delivered());
        queue.put("duplicates_suppressed", c.duplicatesSuppressed.sum());
        queue.put("full_policy_replay", ReplayBuffer.FULL_POLICY);
        queue.put("full_policy_dedup", DedupWindow.FULL_POLICY);
        queue.put("full_policy_critical", CriticalMailbox.PER_CLIENT_FULL_POLICY + "," + CriticalMailbox.TOTAL_FULL_POLICY);
        ObjectNode retry = websocket.putObject("retry");
        // The server does not retry sends itself; a dashboard "retries" by resuming, and critical messages by waiting.
        retry.put("resumes", c.resumes.sum());
        retry.put("replayed_events", c.replayedEvents.sum());
        retry.put("gaps", c.gaps.sum());
        retry.put("critical_redelivered", mailbox.delivered());
        websocket.put("circuit_breaker_state", "closed");
        websocket.put("rate_limited", c.rateLimited.sum());
        websocket.put("unauthorized", c.unauthorized.sum());
        websocket.put("handshakes_refused", c.handshakesRefused.sum());
        websocket.put("test_events", c.testEvents.sum());
        websocket.put("ingests_accepted", c.ingestsAccepted.sum());
        websocket.put("ingests_refused", c.ingestsRefused.sum());
        websocket.put("exports", c.exports.sum());
        m.set("stats", stats);
        m.set("session_metrics", hub.sessionStats.toJson(open.messagesIn(), open.messagesOut()));

        ObjectNode semaphores = m.putObject("semaphore_metrics");
        semaphores.put("max_queued_messages_per_client", hub.limit.maxMessages());
        semaphores.put("max_queued_bytes_per_client", hub.limit.maxBytes());
        semaphores.put("max_client_queue_messages", open.maxQueuedMessages());
        semaphores.put("max_client_queue_bytes", open.maxQueuedBytes());
        semaphores.put("replay_buffer_size", hub.replaySize());
        semaphores.put("replay_buffer_capacity", hub.config.replay().replayBufferCapacity());
        semaphores.put("pending_critical_messages", mailbox.pending());
        semaphores.put("critical_messages_capacity", mailbox.maxTotal());
        semaphores.put("in_flight_requests", hub.async.inFlight());
        semaphores.put("in_flight_requests_capacity", hub.config.clientLimits().maxInFlightRequests());
        semaphores.put("in_flight_refused", c.inFlightRefused.sum());
        ArrayNode clientQueues = semaphores.putArray("client_queues");

        ObjectNode health = m.putObject("websocket_health");
        health.put("uptime_seconds", (long) uptimeSeconds);
        health.put("connected", hub.registry.size());
        health.put("reconnections", hub.sessionStats.reconnections());
        health.set("reconnections_by_client_id", hub.sessionStats.reconnectionsByClientId());
        health.put("timeouts", c.pingTimeouts.sum());
        health.put("timeout_warnings", c.pingTimeoutWarnings.sum());
        health.put("slow_client_disconnects", c.slowClientDisconnects.sum());
        health.put("ping_interval_ms", hub.config.pingInterval().toMillis());
        hub.pingLatency.writeTo(health.putObject("latency"));
        ArrayNode connections = health.putArray("connections");
        int listed = 0;
        for (ClientSession s : hub.registry.all()) {
            if (listed++ >= MAX_CLIENTS_LISTED) {
                break;
            }
            ObjectNode q = clientQueues.addObject();
            q.put("client_id", s.clientId());
            q.put("queued_messages", s.queuedMessages());
            q.put("queued_bytes", s.queuedBytes());
            ObjectNode conn = connections.addObject();
            conn.put("client_id", s.clientId());
            conn.put("connected_since", s.startedAt().toString());
            conn.put("missed_pongs", s.ping().missed());
            s.ping().latency().writeTo(conn);
        }

        if (recentEvents != null) {
            ArrayNode recent = m.putArray("recent_events");
            // Embedded as raw JSON: each is exactly the text that was broadcast, and is not parsed again.
            recentEvents.forEach(e -> recent.addRawValue(new RawValue(e)));
        }
        m.put("timestamp", Timestamps.seconds(hub.clock.instant()));
        m.put("client_id", clientId);
        return m;
    }
}
