package dev.tandem.realtimebridge.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.outage.OutageBuffer;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.CommitOrder;
import dev.tandem.testsupport.TcpProxy;
import dev.tandem.testsupport.TestDatabase;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer while Postgres is unreachable: a {@link TcpProxy} in front of the pool's server is cut and restored,
 * so "down" is deterministic. Rows stay durable in the outage buffer, a full buffer refuses new rows, and the
 * buffer is replayed in order (also one left by an earlier run, torn tail and all).
 */
class EventWriterOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestDatabase db;
    private static TcpProxy proxy;
    private static HikariDataSource pool;
    @TempDir
    Path dir;
    private EventWriter writer;

    @BeforeAll
    static void up() throws IOException {
        db = TestDatabase.create("event_writer_outage");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        proxy = TcpProxy.inFrontOf(db.jdbcUrl());
        pool = Pools.hikari(proxy.jdbcUrl(db.jdbcUrl()), db.user(), db.password(), 2, "event-writer-outage-test");
    }

    @AfterAll
    static void down() throws IOException {
        pool.close();
        proxy.close();
        db.close();
    }

    @BeforeEach
    void reachable() throws SQLException {
        proxy.restore();
        sql("TRUNCATE monitoring_events");
    }

    @AfterEach
    void closeWriter() {
        proxy.restore();
        if (writer != null) {
            writer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void rowsSubmittedWhilePostgresIsUnreachableAreDurableOnDiskAndReplayedInOrder() throws Exception {
        writer = started(config().build());
        writer.reserve(100).submit(TestRows.rows(1, 100)).get(30, TimeUnit.SECONDS);

        proxy.cut();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            done.add(writer.reserve(100).submit(TestRows.rows(101 + 100L * i, 100)));
        }
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        WriterStats down = writer.stats();
        assertEquals(CircuitBreaker.State.OPEN, down.breaker(), down.toString());
        assertEquals(1000, down.rowsSpilled(), down.toString());
        assertEquals(1000, down.outage().records(), "durable means on disk while Postgres is down");
        assertEquals(100, count("SELECT count(*) FROM monitoring_events"));
        assertTrue(!segmentFiles().isEmpty());

        proxy.restore();
        Await.until(WAIT, () -> writer.stats().outage().records() == 0, () -> writer.stats().toString());

        assertEquals(1100, count("SELECT count(*) FROM monitoring_events"));
        assertEquals(1100, count("SELECT count(DISTINCT event_id) FROM monitoring_events"));
        assertInCommitOrder(1100);
        assertEquals(List.of(), segmentFiles(), "replayed segments are deleted");
        WriterStats up = writer.stats();
        assertEquals(CircuitBreaker.State.CLOSED, up.breaker());
        assertEquals(1000, up.rowsReplayed());
        assertEquals(0, up.queuedRows());

        writer.reserve(5).submit(TestRows.rows(1101, 5)).get(30, TimeUnit.SECONDS);
        assertEquals(1105, count("SELECT count(*) FROM monitoring_events"), "straight to Postgres again");
        assertEquals(1000, writer.stats().rowsSpilled());
    }

    @Test
    void aFullBufferRefusesNewRowsBeforeQueuingAndDrainsInOrderAfterRecovery() throws Exception {
        writer = started(config().outageMaxBytes(WriterConfig.MIN_OUTAGE_MAX_BYTES).build());
        proxy.cut();
        writer.reserve(50).submit(TestRows.rows(1, 50)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        List<CompletableFuture<Void>> accepted = new ArrayList<>();
        long seq = 51;
        OutageFullException full = null;
        while (full == null && seq < 100_000) {
            WriteTicket ticket = writer.reserve(50);
            try {
                accepted.add(ticket.submit(TestRows.rows(seq, 50)));
                seq += 50;
            } catch (OutageFullException e) {
                full = e;
                ticket.cancel();
            }
        }
        assertNotNull(full, "the buffer never filled");
        assertEquals(WriterConfig.MIN_OUTAGE_MAX_BYTES, full.maxBytes());
        assertTrue(full.retryAfterSeconds() >= 1, full.toString());
        assertTrue(full.getMessage().contains("refuse_new"), full.getMessage());
        CompletableFuture.allOf(accepted.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long stored = seq - 1;
        WriterStats down = writer.stats();
        assertEquals(stored, down.outage().records(), "every admitted row made it in: room was reserved for it");
        assertTrue(down.outage().bytes() <= WriterConfig.MIN_OUTAGE_MAX_BYTES, down.toString());
        assertEquals(50, down.rowsRefused());
        assertEquals(0, down.queuedRows(), "the refused ticket took no room");

        proxy.restore();
        Await.until(WAIT, () -> writer.stats().outage().records() == 0, () -> writer.stats().toString());
        assertEquals(stored, count("SELECT count(DISTINCT event_id) FROM monitoring_events"));
        assertEquals(stored, count("SELECT count(*) FROM monitoring_events"));
        assertInCommitOrder(stored);
        assertEquals(List.of(), segmentFiles());
        writer.reserve(50).submit(TestRows.rows(seq, 50)).get(30, TimeUnit.SECONDS);
    }

    @Test
    void aBufferLeftByAnEarlierRunIsReplayedOnStartAfterItsTornTailIsCut() throws Exception {
        List<EventRow> rows = TestRows.rows(1, 120);
        try (OutageBuffer previous = OutageBuffer.open(dir, WriterConfig.DEFAULT_OUTAGE_MAX_BYTES)) {
            for (int from = 0; from < rows.size(); from += 40) {
                previous.append(rows.subList(from, from + 40).stream().map(RowCodec::encode).toList(), 0);
            }
        }
        List<Path> segments = segmentFiles();
        byte[] half = RowCodec.encode(TestRows.row(121));
        // The process died while appending row 121: its header and part of its payload made it to disk.
        try (var out = Files.newOutputStream(segments.get(segments.size() - 1), StandardOpenOption.APPEND)) {
            out.write(ByteBuffer.allocate(8).putInt(half.length).putInt(0x12345678).array());
            out.write(half, 0, half.length / 2);
        }

        writer = new EventWriter(pool, config().build());
        assertEquals(120, writer.maxBufferedSeq("test-instance"), "the torn row 121 is not counted");
        assertEquals(0, writer.maxBufferedSeq("another-instance"));
        assertEquals(120, writer.stats().outage().records());
        assertTrue(writer.stats().outage().truncatedBytes() > 8);
        writer.start();

        Await.until(WAIT, () -> writer.stats().outage().records() == 0, () -> writer.stats().toString());
        assertEquals(120, count("SELECT count(*) FROM monitoring_events"));
        assertInCommitOrder(120);
        assertEquals(List.of(), segmentFiles());
        assertNull(writer.stats().lastError());
    }

    private WriterConfig.Builder config() {
        return WriterConfig.builder().maxBatchSize(50).outageDir(dir)
                .retryInitialBackoff(Duration.ofMillis(10)).retryMaxBackoff(Duration.ofMillis(100))
                .breakerOpenFor(Duration.ofMillis(200));
    }

    private static EventWriter started(WriterConfig config) {
        EventWriter w = new EventWriter(pool, config);
        w.start();
        return w;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static void assertInCommitOrder(long expectedRows) throws SQLException {
        try (Connection c = db.connect()) {
            List<Long> seqs = CommitOrder.seqs(c, "test-instance");
            assertEquals(expectedRows, seqs.size());
            assertNull(CommitOrder.firstDisorder(seqs));
        }
    }

    private static long count(String query) throws SQLException {
        return db.queryLong(query);
    }

    private static void sql(String statement) throws SQLException {
        db.execute(statement);
    }
}
