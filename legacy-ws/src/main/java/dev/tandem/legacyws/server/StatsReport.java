package dev.tandem.legacyws.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.tandem.legacyws.message.Json;
import dev.tandem.legacyws.message.Timestamps;
import dev.tandem.legacyws.stats.SessionStats;
import dev.tandem.legacyws.stats.TrafficStats;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/** Renders {@code initial_stats} and {@code stats} from the server's live figures. */
final class StatsReport {
    private final TrafficStats traffic;
    private final SessionStats sessions;
    private final SessionRegistry registry;
    private final OutboundLimit limit;
    private final LongAdder slowClientDisconnects;
    private final LongAdder writeStallsResumed;
    private final Clock clock;
    private final long startedNanos = System.nanoTime();

    StatsReport(TrafficStats traffic, SessionStats sessions, SessionRegistry registry, OutboundLimit limit,
                LongAdder slowClientDisconnects, LongAdder writeStallsResumed, Clock clock) {
        this.traffic = traffic;
        this.sessions = sessions;
        this.registry = registry;
        this.limit = limit;
        this.slowClientDisconnects = slowClientDisconnects;
        this.writeStallsResumed = writeStallsResumed;
        this.clock = clock;
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
        SessionRegistry.Figures open = registry.figures();
        ObjectNode m = Json.object();
        m.put("type", type);
        ObjectNode stats = traffic.toJson();
        // Transport figures of this server belong under stats.websocket (protocol: "Throughput and retry figures").
        ObjectNode websocket = (ObjectNode) stats.get("websocket");
        websocket.put("slow_client_disconnects", slowClientDisconnects.sum());
        websocket.put("connected_clients", registry.size());
        // How often Java-WebSocket's write-interest race had to be repaired (see LegacyEngine.resumeStalledWrites).
        websocket.put("write_stalls_resumed", writeStallsResumed.sum());
        m.set("stats", stats);
        m.set("session_metrics", sessions.toJson(open.messagesIn(), open.messagesOut()));

        ObjectNode semaphores = m.putObject("semaphore_metrics");
        semaphores.put("max_queued_messages_per_client", limit.maxMessages());
        semaphores.put("max_queued_bytes_per_client", limit.maxBytes());
        semaphores.put("max_client_queue_messages", open.maxQueuedMessages());
        semaphores.put("max_client_queue_bytes", open.maxQueuedBytes());

        ObjectNode health = m.putObject("websocket_health");
        health.put("uptime_seconds", (System.nanoTime() - startedNanos) / 1_000_000_000L);
        health.put("connected", registry.size());
        health.put("reconnections", sessions.reconnections());
        health.put("slow_client_disconnects", slowClientDisconnects.sum());

        if (recentEvents != null) {
            ArrayNode recent = m.putArray("recent_events");
            // Embedded as raw JSON: each is exactly the text that was broadcast, and is not parsed again.
            recentEvents.forEach(e -> recent.addRawValue(new RawValue(e)));
        }
        m.put("timestamp", Timestamps.seconds(clock.instant()));
        m.put("client_id", clientId);
        return m;
    }
}
