package dev.tandem.adapter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.legacyws.LegacyEvent;
import dev.tandem.legacyws.LegacyServer;
import dev.tandem.legacyws.LegacyServerConfig;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.stats.StatsTable;
import dev.tandem.realtimebridge.writer.Pools;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The legacy socket's figures reach monitoring_stats, one row per component, as Realtime dashboards read them. */
class StatsMirrorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestDatabase db;
    private static HikariDataSource pool;

    @BeforeAll
    static void up() throws SQLException {
        db = TestDatabase.create("stats_mirror");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 2, "stats-mirror-test");
    }

    @AfterAll
    static void down() {
        pool.close();
        db.close();
    }

    @Test
    void everyComponentOfTheStatsMessageBecomesARow() throws Exception {
        try (LegacyServer legacy = new LegacyServer(LegacyServerConfig.builder().host("127.0.0.1").port(0).build())) {
            legacy.start();
            legacy.publish(event(1, "redis"));
            legacy.publish(event(2, "redis"));
            legacy.publish(event(3, "mqtt")); // a type beyond the five always reported
            StatsMirror mirror = new StatsMirror(legacy, new StatsTable(pool, "tandem-test"), Clock.systemUTC());

            int written = mirror.mirrorOnce();

            Map<String, JsonNode> rows = rows();
            assertEquals(written, rows.size());
            assertTrue(rows.keySet().containsAll(Set.of("websocket", "redis", "supabase", "kimi", "glm", "mqtt",
                    "session_metrics", "semaphore_metrics", "websocket_health")), rows.keySet().toString());
            assertEquals(2, rows.get("redis").path("events").asLong(), rows.get("redis").toString());
            assertEquals(1, rows.get("mqtt").path("events").asLong());
            assertEquals(0, rows.get("kimi").path("events").asLong());
            assertTrue(rows.get("semaphore_metrics").has("in_flight_requests"));
        }
    }

    @Test
    void theTimerKeepsTheRowsCurrent() throws Exception {
        try (LegacyServer legacy = new LegacyServer(LegacyServerConfig.builder().host("127.0.0.1").port(0).build());
             StatsMirror mirror = new StatsMirror(legacy, new StatsTable(pool, "tandem-timer"), Clock.systemUTC())) {
            legacy.start();
            mirror.start(Duration.ofMillis(50));
            legacy.publish(event(1, "glm"));
            Await.until(Duration.ofSeconds(10), () -> glmEvents() == 1,
                    () -> "the glm event counted in monitoring_stats: " + glmEvents());
        }
    }

    private static LegacyEvent event(long seq, String connectionType) {
        Instant at = Instant.parse("2026-11-22T10:00:00Z").plusSeconds(seq);
        return new LegacyEvent("00000000-0000-7000-8000-00000000000" + seq, seq, "tandem-test", "call",
                connectionType, "inbound", null, null, null, 12.5, null, JSON.createObjectNode(), at, at);
    }

    private static long glmEvents() {
        try {
            return rowsOf("tandem-timer").getOrDefault("glm", JSON.nullNode()).path("events").asLong();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, JsonNode> rows() throws SQLException {
        return rowsOf("tandem-test");
    }

    private static Map<String, JsonNode> rowsOf(String source) throws SQLException {
        Map<String, JsonNode> rows = new HashMap<>();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT component, stats::text FROM monitoring_stats WHERE source = '"
                     + source + "'")) {
            while (rs.next()) {
                rows.put(rs.getString(1), JSON.readTree(rs.getString(2)));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }
}
