package dev.tandem.realtimebridge.tap;

import static dev.tandem.realtimebridge.tap.TapFixture.insert;
import static dev.tandem.realtimebridge.tap.TapFixture.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.writer.EventRow;
import dev.tandem.realtimebridge.writer.EventWriter;
import dev.tandem.realtimebridge.writer.Pools;
import dev.tandem.realtimebridge.writer.TestRows;
import dev.tandem.realtimebridge.writer.WriterConfig;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

/** The tap against a real slot: what it delivers, in which order and shape, and what it acknowledges. */
class ReplicationTapTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestDatabase db;
    private static TimeZone jvmZone;
    private ReplicationTap tap;
    private String slot;

    @BeforeAll
    static void up() {
        // Run in a non-UTC zone: PgJDBC passes the JVM's zone to the server, and the tap must still get UTC text.
        jvmZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Tokyo"));
        db = TestDatabase.create("replication_tap");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
    }

    @AfterAll
    static void down() {
        db.close();
        TimeZone.setDefault(jvmZone);
    }

    @AfterEach
    void stopTapAndDropSlot() {
        if (tap != null) {
            tap.stop();
            assertFalse(tap.stats().connected(), "stopped tap reports no connection");
        }
        ReplicationTap.dropSlot(db.jdbcUrl(), db.user(), db.password(), slot);
        assertEquals(List.of(), db.replicationSlots(), "no slot left behind");
    }

    @Test
    void deliversInsertsGroupedPerTransactionInCommitOrderWithTheirTextValues() throws Exception {
        slot = TapFixture.slotName(db, "order");
        BlockingQueue<TapTransaction> received = new LinkedBlockingQueue<>();
        tap = new ReplicationTap(TapFixture.config(db, slot), received::add);
        tap.start();
        String confirmedAtStart = TapFixture.confirmedFlushLsn(db, slot);

        try (Connection a = db.connect(); Connection b = db.connect()) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            insert(a, 1);
            insert(a, 2);
            insert(b, 3);
            b.commit(); // b began after a but commits first: delivery follows commit order
            a.commit();
        }
        UUID full = insertFullRow(4);

        TapTransaction first = next(received);
        TapTransaction second = next(received);
        TapTransaction third = next(received);
        assertEquals(List.of(3L), seqs(List.of(first)));
        assertEquals(List.of(1L, 2L), seqs(List.of(second)), "one transaction, both rows, in the order written");
        assertEquals(List.of(4L), seqs(List.of(third)));
        assertTrue(lsn(first.commitLsn()).compareTo(lsn(second.commitLsn())) < 0);
        assertTrue(lsn(second.endLsn()).compareTo(lsn(third.commitLsn())) <= 0);

        TapChange change = third.changes().get(0);
        assertEquals(TapChange.Op.INSERT, change.op());
        assertEquals("public", change.schema());
        assertEquals("monitoring_events", change.table());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("event_id", full.toString());
        expected.put("seq", "4");
        expected.put("source", "instance-a");
        expected.put("type", "response");
        expected.put("connection_type", "websocket");
        expected.put("direction", "outbound");
        expected.put("script_name", "checkout.js");
        expected.put("function_name", null);
        expected.put("data_size_bytes", "2048");
        expected.put("response_time_ms", "12.5");
        expected.put("error", null);
        expected.put("metadata", "{\"k\": \"v\", \"list\": [1, null]}");
        expected.put("occurred_at", "2024-05-06 07:08:09.123456+00");
        expected.put("ingested_at", "2024-05-06 07:08:10+00");
        assertEquals(expected, change.columns());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(change.columns().keySet()), "table column order");

        Await.until(WAIT, () -> TapFixture.confirmedAtLeast(db, slot, third.endLsn()),
                () -> "confirmed_flush_lsn " + TapFixture.confirmedFlushLsn(db, slot) + ", wanted " + third.endLsn());
        assertTrue(lsn(third.endLsn()).compareTo(lsn(confirmedAtStart)) > 0);
        Await.until(WAIT, () -> third.endLsn().equals(tap.stats().lastAckedLsn()), () -> tap.stats().toString());
        TapStats stats = tap.stats();
        assertEquals(3, stats.transactions());
        assertEquals(4, stats.changes());
        assertTrue(stats.connected());
        assertEquals(0, stats.listenerFailures());
    }

    @Test
    void everyRowTheWriterCommitsReachesTheTapOnce() throws Exception {
        slot = TapFixture.slotName(db, "writer");
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        tap = new ReplicationTap(TapFixture.config(db, slot),
                tx -> tx.changes().forEach(c -> seen.add(c.columns().get("event_id"))));
        tap.start();
        List<EventRow> rows = TestRows.rows(1, 200);
        try (HikariDataSource pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 2, "tap-test-writer")) {
            EventWriter writer = new EventWriter(pool, WriterConfig.defaults());
            writer.start();
            List<CompletableFuture<Void>> done = new ArrayList<>();
            for (int i = 0; i < 200; i += 50) {
                done.add(writer.reserve(50).submit(rows.subList(i, i + 50)));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            writer.close(Duration.ofSeconds(5));
        }

        Await.until(WAIT, () -> seen.size() >= 200, () -> seen.size() + " of 200 seen");
        Set<String> written = rows.stream().map(r -> r.eventId().toString()).collect(Collectors.toSet());
        assertEquals(200, seen.size(), "no row delivered twice");
        assertEquals(written, Set.copyOf(seen));
    }

    @Test
    void aListenerThatThrowsDoesNotStopLaterTransactions() throws Exception {
        slot = TapFixture.slotName(db, "throws");
        List<TapTransaction> handled = Collections.synchronizedList(new ArrayList<>());
        tap = new ReplicationTap(TapFixture.config(db, slot), tx -> {
            if (seqs(List.of(tx)).contains(2L)) {
                throw new IllegalStateException("poison transaction with seq 2");
            }
            handled.add(tx);
        });
        tap.start();

        TapFixture.insertEach(db, 1, 2, 3);

        Await.until(WAIT, () -> handled.size() == 2, () -> "handled " + seqs(List.copyOf(handled)));
        assertEquals(List.of(1L, 3L), seqs(List.copyOf(handled)));
        String lastEnd = handled.get(1).endLsn();
        Await.until(WAIT, () -> lastEnd.equals(tap.stats().lastAckedLsn()), () -> tap.stats().toString());
        TapStats stats = tap.stats();
        assertEquals(1, stats.listenerFailures());
        assertNotNull(stats.lastError());
        assertTrue(stats.lastError().contains("poison transaction with seq 2"), stats.lastError());
        assertEquals(3, stats.transactions());
    }

    private static UUID insertFullRow(long seq) throws Exception {
        UUID id = UUID.randomUUID();
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO monitoring_events"
                + " VALUES (?, ?, 'instance-a', 'response', 'websocket', 'outbound', 'checkout.js', NULL, 2048, 12.5,"
                + " NULL, '{\"list\": [1, null], \"k\": \"v\"}', '2024-05-06 07:08:09.123456+00',"
                + " '2024-05-06 16:08:10+09')")) {
            ps.setObject(1, id);
            ps.setLong(2, seq);
            ps.executeUpdate();
        }
        return id;
    }

    private static TapTransaction next(BlockingQueue<TapTransaction> received) throws InterruptedException {
        TapTransaction tx = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(tx, "no transaction delivered within " + WAIT);
        return tx;
    }

    private static LogSequenceNumber lsn(String text) {
        return LogSequenceNumber.valueOf(text);
    }
}
