package dev.tandem.adapter.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.LegacyServer;
import dev.tandem.realtimebridge.stats.StatsTable;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the legacy socket's figures into {@code monitoring_stats} every {@link #DEFAULT_INTERVAL}, so a
 * Realtime dashboard can read (and subscribe to) what a legacy one gets in {@code initial_stats} and
 * {@code stats}. One row per component: each entry of {@code stats} (the connection types and
 * {@code websocket}), plus {@code session_metrics}, {@code semaphore_metrics} and {@code websocket_health}.
 * A failed write is logged once per outage (not every interval) and retried at the next tick.
 */
final class StatsMirror implements AutoCloseable {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    static final List<String> SECTIONS = List.of("session_metrics", "semaphore_metrics", "websocket_health");
    private static final Logger log = LoggerFactory.getLogger(StatsMirror.class);

    private final LegacyServer legacy;
    private final StatsTable table;
    private final Clock clock;
    private Duration interval = DEFAULT_INTERVAL;
    private ScheduledExecutorService timer;
    private boolean failing; // only the timer thread touches it

    StatsMirror(LegacyServer legacy, StatsTable table, Clock clock) {
        this.legacy = legacy;
        this.table = table;
        this.clock = clock;
    }

    /** Mirrors now and then every {@code interval}, on a thread of its own. */
    StatsMirror start(Duration interval) {
        this.interval = interval;
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stats-mirror");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One copy; returns the rows inserted or changed. */
    int mirrorOnce() throws java.sql.SQLException {
        return table.upsert(components(legacy.statsSnapshot()), clock.instant());
    }

    /** The snapshot split into the rows of monitoring_stats, each a JSON object's text. */
    static Map<String, String> components(ObjectNode snapshot) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode stats = snapshot.path("stats");
        for (Iterator<Map.Entry<String, JsonNode>> it = stats.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                out.put(e.getKey(), e.getValue().toString());
            }
        }
        for (String section : SECTIONS) {
            JsonNode value = snapshot.path(section);
            if (value.isObject()) {
                out.put(section, value.toString());
            }
        }
        return out;
    }

    private void tick() {
        try {
            mirrorOnce();
            if (failing) {
                log.info("stats mirror: writing monitoring_stats again");
                failing = false;
            }
        } catch (Exception e) { // a periodic task that throws is never run again
            if (!failing) {
                log.warn("stats mirror: could not write monitoring_stats ({}); retrying every {} s", e.toString(),
                        interval.toSeconds());
                failing = true;
            }
        }
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
