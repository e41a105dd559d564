package dev.tandem.legacyws.stats;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.LegacyEvent;
import dev.tandem.legacyws.message.Json;
import java.time.Instant;

/** Running figures for one connection type. Not thread-safe; {@link TrafficStats} guards it. */
final class ConnectionTypeStats {
    /** How many recent response times the p95 looks at. */
    static final int RESPONSE_TIME_WINDOW = 1024;

    private long events;
    private long inbound;
    private long outbound;
    private long errors;
    private long bytes;
    // The average covers every event since start; the p95 only the recent window (see ResponseTimeWindow).
    private long responseTimeCount;
    private double responseTimeSum;
    private final ResponseTimeWindow recentResponseTimes = new ResponseTimeWindow(RESPONSE_TIME_WINDOW);
    private Instant lastEventAt;

    void record(LegacyEvent e) {
        events++;
        if ("inbound".equals(e.direction())) {
            inbound++;
        } else if ("outbound".equals(e.direction())) {
            outbound++;
        }
        if (e.error() != null && !e.error().isEmpty()) {
            errors++;
        }
        if (e.dataSizeBytes() != null) {
            bytes += e.dataSizeBytes();
        }
        if (e.responseTimeMs() != null) {
            responseTimeCount++;
            responseTimeSum += e.responseTimeMs();
            recentResponseTimes.add(e.responseTimeMs());
        }
        // Ingest time, not producer time: it is monotonic per instance, so "last" really is the latest.
        lastEventAt = e.ingestedAt();
    }

    /**
     * The legacy stats entry. Averages are 0 rather than null when there are no samples, as old dashboards
     * format them as numbers.
     */
    ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("events", events);
        n.put("inbound", inbound);
        n.put("outbound", outbound);
        n.put("errors", errors);
        n.put("bytes", bytes);
        n.put("avg_response_time_ms", responseTimeCount == 0 ? 0.0 : responseTimeSum / responseTimeCount);
        n.put("p95_response_time_ms", recentResponseTimes.p95());
        n.put("last_event_at", lastEventAt == null ? null : lastEventAt.toString());
        return n;
    }
}
