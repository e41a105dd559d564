package dev.tandem.legacyws.stats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.LegacyEvent;
import dev.tandem.legacyws.message.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-connection-type figures of every published event: the {@code stats} object of the legacy protocol. */
public final class TrafficStats {
    /** Old dashboards index these directly, so they are reported even before any event of the type. */
    public static final List<String> ALWAYS_REPORTED = List.of("websocket", "redis", "supabase", "kimi", "glm");
    /**
     * Connection types come from producers, so their number is bounded. Full policy: events of a type first
     * seen after the limit is reached are counted under {@link #OVERFLOW_TYPE}.
     */
    public static final int MAX_CONNECTION_TYPES = 64;
    public static final String OVERFLOW_TYPE = "other";

    private final Map<String, ConnectionTypeStats> byType = new LinkedHashMap<>();

    public TrafficStats() {
        for (String type : ALWAYS_REPORTED) {
            byType.put(type, new ConnectionTypeStats());
        }
    }

    public synchronized void record(LegacyEvent e) {
        ConnectionTypeStats stats = byType.get(e.connectionType());
        if (stats == null) {
            String type = byType.size() < MAX_CONNECTION_TYPES ? e.connectionType() : OVERFLOW_TYPE;
            stats = byType.computeIfAbsent(type, t -> new ConnectionTypeStats());
        }
        stats.record(e);
    }

    /** One entry per connection type ever seen (always including {@link #ALWAYS_REPORTED}), in first-seen order. */
    public synchronized ObjectNode toJson() {
        ObjectNode all = Json.object();
        byType.forEach((type, stats) -> all.set(type, stats.toJson()));
        return all;
    }
}
