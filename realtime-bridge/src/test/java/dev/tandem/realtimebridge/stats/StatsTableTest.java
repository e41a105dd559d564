package dev.tandem.realtimebridge.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.writer.Pools;
import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** monitoring_stats upserts against a real table: one row per (instance, component), rewritten only on change. */
class StatsTableTest {
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static TestDatabase db;
    private static HikariDataSource pool;

    @BeforeAll
    static void up() throws SQLException {
        db = TestDatabase.create("stats_table");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 2, "stats-table-test");
    }

    @AfterAll
    static void down() {
        pool.close();
        db.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE monitoring_stats");
        }
    }

    @Test
    void insertsThenRewritesOnlyTheComponentsThatChanged() throws SQLException {
        StatsTable table = new StatsTable(pool, "tandem-a");
        Map<String, String> first = new LinkedHashMap<>();
        first.put("redis", "{\"events\": 1}");
        first.put("websocket_health", "{\"uptime_seconds\": 5}");
        assertEquals(2, table.upsert(first, T0));

        Map<String, String> second = new LinkedHashMap<>();
        second.put("redis", "{\"events\": 1}"); // unchanged: no UPDATE, so Realtime sends nothing for it
        second.put("websocket_health", "{\"uptime_seconds\": 10}");
        assertEquals(1, table.upsert(second, T0.plusSeconds(5)));

        Map<String, String> rows = rows();
        assertEquals("{\"events\": 1}|" + T0, rows.get("tandem-a/redis"), "kept with its first timestamp");
        assertEquals("{\"uptime_seconds\": 10}|" + T0.plusSeconds(5), rows.get("tandem-a/websocket_health"));
    }

    @Test
    void eachInstanceKeepsItsOwnRows() throws SQLException {
        new StatsTable(pool, "tandem-a").upsert(Map.of("redis", "{\"events\": 1}"), T0);
        new StatsTable(pool, "tandem-b").upsert(Map.of("redis", "{\"events\": 7}"), T0);
        Map<String, String> rows = rows();
        assertEquals(2, rows.size());
        assertTrue(rows.get("tandem-b/redis").startsWith("{\"events\": 7}"));
    }

    @Test
    void aBadComponentOrFiguresWriteNothing() throws SQLException {
        StatsTable table = new StatsTable(pool, "tandem-a");
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("redis", "{\"events\": 1}");
        bad.put(" ", "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> table.upsert(bad, T0));
        assertTrue(e.getMessage().contains("component name must be 1..200"), e.getMessage());

        Map<String, String> notAnObject = new LinkedHashMap<>();
        notAnObject.put("redis", "{\"events\": 1}");
        notAnObject.put("kimi", "[1, 2]"); // the table's CHECK: figures are a JSON object
        assertThrows(SQLException.class, () -> table.upsert(notAnObject, T0));
        assertEquals(Map.of(), rows(), "all or none: the valid component was rolled back too");
    }

    private static Map<String, String> rows() throws SQLException {
        Map<String, String> rows = new TreeMap<>();
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT source, component, stats::text, updated_at FROM monitoring_stats")) {
            while (rs.next()) {
                rows.put(rs.getString(1) + "/" + rs.getString(2),
                        rs.getString(3) + "|" + rs.getTimestamp(4).toInstant());
            }
        }
        return rows;
    }
}
