package dev.tandem.realtimebridge.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.migrations.Migrator;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retention against a real monitoring_events table: what goes, what stays, and how much per transaction. */
class EventRetentionTest {
    private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration KEEP = Duration.ofDays(30);
    private static final Instant CUTOFF = NOW.minus(KEEP);
    private static TestDatabase db;
    private static HikariDataSource pool;

    @BeforeAll
    static void up() throws SQLException {
        db = TestDatabase.create("event_retention");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 2, "event-retention-test");
        // Every DELETE statement on the table notes its transaction and how many rows it removed.
        sql("""
                CREATE TABLE deletes_seen (xid bigint NOT NULL, removed int NOT NULL);
                CREATE FUNCTION note_deletes() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO deletes_seen SELECT txid_current(), count(*) FROM removed_rows;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER note_deletes AFTER DELETE ON monitoring_events REFERENCING OLD TABLE AS removed_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION note_deletes();""");
    }

    @AfterAll
    static void down() {
        pool.close();
        db.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        sql("TRUNCATE monitoring_events; TRUNCATE deletes_seen");
    }

    @Test
    void deletesRowsOlderThanTheCutoffInTransactionsOfAtMostTheBatchSize() throws SQLException {
        insertAt(CUTOFF.minus(Duration.ofDays(400)), 3);
        insertAt(CUTOFF.minusMillis(1), 20);
        insertAt(CUTOFF, 1); // exactly KEEP old: kept
        insertAt(NOW.minus(Duration.ofDays(1)), 7);

        EventRetention retention = new EventRetention(pool, KEEP, 5, CLOCK);
        assertEquals(23, retention.runOnce());

        assertEquals(List.of(8L), longs("SELECT count(*) FROM monitoring_events"));
        assertEquals(List.of(0L), longs("SELECT count(*) FROM monitoring_events WHERE ingested_at < '" + CUTOFF + "'"));
        assertEquals(List.of(5L, 5L, 5L, 5L, 3L),
                longs("SELECT sum(removed) FROM deletes_seen GROUP BY xid ORDER BY xid"),
                "one transaction per batch, the oldest rows first, none over the batch size");
        assertEquals(0, retention.runOnce());
        assertEquals(new EventRetention.Stats(2, 23, null), retention.stats());
    }

    @Test
    void aBacklogThatIsAWholeNumberOfBatchesEndsWithOneEmptyLook() throws SQLException {
        insertAt(CUTOFF.minus(Duration.ofHours(1)), 10);
        assertEquals(10, new EventRetention(pool, KEEP, 5, CLOCK).runOnce());
        assertEquals(List.of(5L, 5L, 0L), longs("SELECT sum(removed) FROM deletes_seen GROUP BY xid ORDER BY xid"));
    }

    @Test
    void scheduledItRunsInTheBackgroundUntilClosed() throws Exception {
        insertAt(CUTOFF.minus(Duration.ofDays(2)), 12);
        insertAt(NOW, 2);
        EventRetention retention = new EventRetention(pool, KEEP, 5, CLOCK);
        try (AutoCloseable running = retention.schedule(Duration.ZERO, Duration.ofHours(1))) {
            Await.until(Duration.ofSeconds(10), () -> retention.stats().runs() == 1, () -> retention.stats().toString());
        }
        assertEquals(List.of(2L), longs("SELECT count(*) FROM monitoring_events"));
        assertEquals(12, retention.stats().rowsDeleted());
        assertNull(retention.stats().lastError());
    }

    @Test
    void refusesAKeepOrBatchItCannotUse() {
        assertThrows(IllegalArgumentException.class, () -> new EventRetention(pool, Duration.ZERO, 5, CLOCK));
        assertThrows(IllegalArgumentException.class, () -> new EventRetention(pool, KEEP, 0, CLOCK));
    }

    private static void insertAt(Instant ingestedAt, int rows) throws SQLException {
        sql("""
                INSERT INTO monitoring_events (event_id, seq, source, type, connection_type, direction, ingested_at)
                SELECT gen_random_uuid(), n, 'retention-test', 'event', 'redis', 'inbound', '%s'::timestamptz
                FROM generate_series(1, %d) n""".formatted(ingestedAt, rows));
    }

    private static void sql(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<Long> longs(String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
