package dev.tandem.realtimebridge.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.migrations.Migrator;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch that fails keeps being retried and lands exactly once when the database recovers. Own database,
 * because the test takes the table away (renames it) to make every insert fail.
 */
class EventWriterRetryTest {
    private static TestDatabase db;
    private static HikariDataSource pool;

    @BeforeAll
    static void up() {
        db = TestDatabase.create("event_writer_retry");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 2, "event-writer-retry-test");
    }

    @AfterAll
    static void down() {
        pool.close();
        db.close();
    }

    @Test
    void failedBatchesAreRetriedUntilTheTableIsBackAndLandExactlyOnce() throws Exception {
        EventWriter writer = new EventWriter(pool, WriterConfig.builder().maxBatchSize(100)
                .retryInitialBackoff(Duration.ofMillis(10)).retryMaxBackoff(Duration.ofMillis(100)).build());
        writer.start();
        try {
            sql("ALTER TABLE monitoring_events RENAME TO monitoring_events_away");
            List<EventRow> rows = TestRows.rows(1, 300);
            CompletableFuture<Void> first = writer.reserve(150).submit(rows.subList(0, 150));
            CompletableFuture<Void> second = writer.reserve(150).submit(rows.subList(150, 300));

            Await.until(Duration.ofSeconds(10), () -> writer.stats().retries() >= 2, () -> writer.stats().toString());
            assertFalse(first.isDone() || second.isDone(), "nothing may be reported durable while inserts fail");
            assertEquals(300, writer.stats().queuedRows(), "failed rows stay queued, holding their room");
            assertTrue(writer.stats().lastError().contains("monitoring_events"), writer.stats().lastError());
            sql("ALTER TABLE monitoring_events_away RENAME TO monitoring_events");

            CompletableFuture.allOf(first, second).get(30, TimeUnit.SECONDS);
            assertEquals(300, count("SELECT count(*) FROM monitoring_events"));
            assertEquals(300, count("SELECT count(DISTINCT event_id) FROM monitoring_events"));
            WriterStats stats = writer.stats();
            assertEquals(300, stats.rowsWritten());
            assertTrue(stats.retries() >= 2, stats.toString());
            assertEquals(0, stats.queuedRows());
        } finally {
            writer.close(Duration.ofSeconds(5));
        }
    }

    private static long count(String query) throws SQLException {
        return db.queryLong(query);
    }

    private static void sql(String statement) throws SQLException {
        db.execute(statement);
    }
}
