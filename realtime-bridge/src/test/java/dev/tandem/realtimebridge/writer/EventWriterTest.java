package dev.tandem.realtimebridge.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.migrations.Migrator;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The writer against a real monitoring_events table: exactly-once landing, idempotence, values, rejection, close. */
class EventWriterTest {
    private static TestDatabase db;
    private static HikariDataSource pool;
    private EventWriter writer;

    @BeforeAll
    static void up() {
        db = TestDatabase.create("event_writer");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 2, "event-writer-test");
    }

    @AfterAll
    static void down() {
        pool.close();
        db.close();
    }

    @BeforeEach
    void emptyTable() throws SQLException {
        sql("TRUNCATE monitoring_events");
    }

    @AfterEach
    void closeWriter() {
        if (writer != null) {
            writer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aThousandRowsInSeveralTicketsLandExactlyOnce() throws Exception {
        writer = started(WriterConfig.builder().maxBatchSize(100).build());
        List<EventRow> rows = TestRows.rows(1, 1000);
        List<CompletableFuture<Void>> done = new ArrayList<>();
        int from = 0;
        for (int size : new int[] {1, 249, 250, 300, 200}) { // 249 and 300 span batch boundaries
            done.add(writer.reserve(size).submit(rows.subList(from, from + size)));
            from += size;
        }

        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertEquals(1000, count("SELECT count(*) FROM monitoring_events"));
        assertEquals(1000, count("SELECT count(DISTINCT event_id) FROM monitoring_events"));
        assertEquals(500_500, count("SELECT sum(seq) FROM monitoring_events"), "every seq 1..1000 present");
        WriterStats stats = writer.stats();
        assertEquals(1000, stats.rowsWritten());
        assertTrue(stats.batchesWritten() >= 10, "at most 100 rows per batch: " + stats);
        assertEquals(0, stats.queuedRows());
        assertEquals(0, stats.retries());
    }

    @Test
    void writingTheSameEventIdsAgainAddsNoRows() throws Exception {
        writer = started(WriterConfig.defaults());
        List<EventRow> rows = TestRows.rows(1, 50);
        writer.reserve(50).submit(rows).get(30, TimeUnit.SECONDS);

        writer.reserve(50).submit(rows).get(30, TimeUnit.SECONDS);
        List<EventRow> repeatedInOneBatch = List.of(rows.get(0), rows.get(0), TestRows.row(51));
        writer.reserve(3).submit(repeatedInOneBatch).get(30, TimeUnit.SECONDS);

        assertEquals(51, count("SELECT count(*) FROM monitoring_events"));
    }

    @Test
    void everyValueRoundTrips() throws Exception {
        writer = started(WriterConfig.defaults());
        EventRow full = new EventRow(UUID.randomUUID(), 42, "instance-a", "response", "websocket", "outbound",
                "checkout.js", "charge", 1_234_567_890_123L, 12.375, "timeout after 3 tries",
                "{\"tags\": [\"a\", null], \"user\": {\"id\": 7}}",
                Instant.parse("2024-05-06T07:08:09.123456Z"), Instant.parse("2024-05-06T07:08:10.000001Z"));
        EventRow sparse = new EventRow(UUID.randomUUID(), 43, "instance-a", "ping", "http", "inbound",
                null, null, null, null, null, "{}", null, Instant.parse("1999-12-31T23:59:59.999999Z"));
        writer.reserve(2).submit(List.of(full, sparse)).get(30, TimeUnit.SECONDS);

        assertEquals(full, readBack(full.eventId()));
        assertEquals(sparse, readBack(sparse.eventId()));
        assertEquals(1, count("SELECT count(*) FROM monitoring_events WHERE metadata->'user'->>'id' = '7'"),
                "metadata is stored as jsonb, queryable by path");
    }

    @Test
    void nullableColumnsAreStoredAsSqlNull() throws Exception {
        writer = started(WriterConfig.defaults());
        EventRow sparse = TestRows.row(7);
        writer.reserve(1).submit(List.of(sparse)).get(30, TimeUnit.SECONDS);
        assertEquals(1, count("SELECT count(*) FROM monitoring_events WHERE script_name IS NULL AND function_name IS NULL"
                + " AND data_size_bytes IS NULL AND response_time_ms IS NULL AND error IS NULL AND occurred_at IS NULL"));
        assertNull(readBack(sparse.eventId()).occurredAt());
    }

    @Test
    void aReservationBeyondCapacityIsRejectedAndLeavesNothingQueued() {
        writer = new EventWriter(pool, WriterConfig.builder().maxBatchSize(10).queueCapacity(100).build()); // not started
        WriteTicket held = writer.reserve(60);

        WriterFullException full = assertThrows(WriterFullException.class, () -> writer.reserve(41));

        assertTrue(full.getMessage().contains("capacity 100") && full.getMessage().contains("60 already queued"),
                full.getMessage());
        assertEquals(60, writer.stats().queuedRows(), "the refused reservation took no room");
        held.cancel();
        assertEquals(0, writer.stats().queuedRows());
        writer.reserve(100).cancel(); // the whole capacity is usable again
        assertThrows(IllegalArgumentException.class, () -> writer.reserve(2).submit(TestRows.rows(1, 3)),
                "a ticket takes exactly the rows it reserved");
    }

    @Test
    void closeFailsRowsItCouldNotWriteWithinTheDeadline() throws Exception {
        writer = started(WriterConfig.builder().table("no_such_table")
                .retryInitialBackoff(Duration.ofMillis(5)).retryMaxBackoff(Duration.ofMillis(20)).build());
        CompletableFuture<Void> done = writer.reserve(3).submit(TestRows.rows(1, 3));
        Await.until(Duration.ofSeconds(10), () -> writer.stats().retries() > 0, () -> writer.stats().toString());

        writer.close(Duration.ofMillis(100));

        ExecutionException failure = assertThrows(ExecutionException.class, () -> done.get(5, TimeUnit.SECONDS));
        assertInstanceOf(WriterClosedException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("drain deadline"), failure.getCause().getMessage());
        assertTrue(writer.stats().lastError().contains("no_such_table"), writer.stats().lastError());
        assertEquals(0, writer.stats().queuedRows());
        assertThrows(WriterClosedException.class, () -> writer.reserve(1));
        assertFalse(done.isCancelled());
    }

    private static EventWriter started(WriterConfig config) {
        EventWriter w = new EventWriter(pool, config);
        w.start();
        return w;
    }

    private static EventRow readBack(UUID id) throws SQLException {
        return StoredRows.readBack(db, id);
    }

    private static long count(String query) throws SQLException {
        return db.queryLong(query);
    }

    private static void sql(String statement) throws SQLException {
        db.execute(statement);
    }
}
