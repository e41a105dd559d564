package dev.tandem.realtimebridge.writer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.outage.OutageBuffer;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The COPY fast path against a real table: a batch holding an event_id already there still lands (the others
 * exactly once) by INSERT ... ON CONFLICT DO NOTHING, COPY stores every value exactly as that INSERT does,
 * and a COPY refused for another reason leaves the writing to INSERT for a while.
 */
class EventWriterCopyTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestDatabase db;
    private static HikariDataSource pool;
    @TempDir
    Path dir;

    @BeforeAll
    static void up() {
        db = TestDatabase.create("event_writer_copy");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 2, "event-writer-copy-test");
    }

    @AfterAll
    static void down() {
        pool.close();
        db.close();
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        db.execute("TRUNCATE monitoring_events");
        db.execute("DROP TABLE IF EXISTS events_by_insert");
    }

    @Test
    void aBatchHoldingEventIdsAlreadyInTheTableWritesTheOthersExactlyOnceByTheFallback() throws Exception {
        EventWriter writer = new EventWriter(pool, WriterConfig.defaults());
        writer.start();
        try {
            List<EventRow> first = TestRows.rows(1, 10);
            writer.reserve(10).submit(first).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(1, writer.stats().batchesCopied(), writer.stats().toString());
            assertEquals(0, writer.stats().copyFallbacks());

            List<EventRow> mixed = new ArrayList<>(TestRows.rows(11, 97));
            mixed.add(0, first.get(0));
            mixed.add(50, first.get(5));
            mixed.add(first.get(9));
            mixed.add(mixed.get(3)); // and one new row twice in the same batch
            writer.reserve(mixed.size()).submit(mixed).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            assertEquals(107, count("SELECT count(*) FROM monitoring_events"));
            assertEquals(107, count("SELECT count(DISTINCT event_id) FROM monitoring_events"));
            assertEquals(107L * 108 / 2, count("SELECT sum(seq) FROM monitoring_events"), "every seq 1..107 once");
            WriterStats stats = writer.stats();
            assertEquals(1, stats.copyFallbacks(), "the batch COPY refused is counted: " + stats);
            assertEquals(1, stats.batchesCopied());
            assertEquals(0, stats.retries(), "a duplicate never fails the batch: " + stats);
            assertNull(stats.lastError());
            assertEquals(111, stats.rowsWritten(), "rows the database skipped as duplicates count as written");

            writer.reserve(5).submit(TestRows.rows(108, 5)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(2, writer.stats().batchesCopied(), "a duplicate does not turn COPY off");
            assertEquals(112, count("SELECT count(*) FROM monitoring_events"));
        } finally {
            writer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void anOutageBufferReplayedAfterItsRowsWereCommittedDuplicatesNothing() throws Exception {
        // A crash after a replayed batch committed but before its segment was deleted: the buffer still holds rows
        // the table has, followed by rows it has not.
        List<EventRow> rows = TestRows.rows(1, 120);
        new EventInsert("monitoring_events", true).write(pool, rows.subList(0, 40));
        try (OutageBuffer previous = OutageBuffer.open(dir, WriterConfig.DEFAULT_OUTAGE_MAX_BYTES)) {
            for (int from = 0; from < rows.size(); from += 40) {
                previous.append(rows.subList(from, from + 40).stream().map(RowCodec::encode).toList(), 0);
            }
        }
        EventWriter writer = new EventWriter(pool, WriterConfig.builder().maxBatchSize(40).outageDir(dir).build());
        writer.start();
        try {
            Await.until(WAIT, () -> writer.stats().outage().records() == 0, () -> writer.stats().toString());
            assertEquals(120, count("SELECT count(*) FROM monitoring_events"));
            assertEquals(120, count("SELECT count(DISTINCT event_id) FROM monitoring_events"));
            WriterStats stats = writer.stats();
            assertEquals(120, stats.rowsReplayed(), stats.toString());
            assertEquals(1, stats.copyFallbacks(), "the first 40 were already there: " + stats);
            assertEquals(2, stats.batchesCopied(), "the rest of the buffer goes by COPY: " + stats);
            assertNull(stats.lastError());
        } finally {
            writer.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void trickyValuesStoredByCopyAreExactlyWhatInsertStores() throws Exception {
        db.execute("CREATE TABLE events_by_insert (LIKE monitoring_events INCLUDING ALL)");
        List<EventRow> rows = trickyRows();

        EventInsert copy = new EventInsert("monitoring_events", true);
        assertEquals(EventInsert.Path.COPY, copy.write(pool, rows));
        EventInsert insert = new EventInsert("events_by_insert", false);
        assertEquals(EventInsert.Path.INSERT, insert.write(pool, rows));

        assertEquals(rowsAsText("events_by_insert"), rowsAsText("monitoring_events"));
        for (EventRow row : rows) {
            assertEquals(microseconds(row), readBack(row.eventId()));
        }
        assertEquals(1, count("SELECT count(*) FROM monitoring_events WHERE metadata->>'tab' = E'a\\tb'"
                + " AND metadata->>'emoji' = '🙈' AND metadata->'n'->>0 = '1'"), "metadata is jsonb, queryable by path");
        assertEquals(1, count("SELECT count(*) FROM monitoring_events WHERE script_name = '\\N'"),
                "a literal \\N is text, not NULL");
        assertEquals(1, count("SELECT count(*) FROM monitoring_events WHERE response_time_ms = 0"
                + " AND response_time_ms::text = '-0'"), "negative zero kept");
    }

    @Test
    void rowsCopyDoesNotCarryGoByInsertWithTheSameOutcome() throws Exception {
        EventInsert insert = new EventInsert("monitoring_events", true);
        EventRow year10000 = at(Instant.parse("9999-12-31T23:59:59.999999500Z"));
        EventRow bc = at(Instant.parse("0000-06-01T12:00:00Z"));
        assertEquals(EventInsert.Path.INSERT, insert.write(pool, List.of(TestRows.row(1), year10000, bc)));
        assertEquals(3, count("SELECT count(*) FROM monitoring_events"));
        assertEquals(Instant.parse("+10000-01-01T00:00:00Z"), readBack(year10000.eventId()).ingestedAt());
        assertEquals(bc.ingestedAt(), readBack(bc.eventId()).ingestedAt());

        EventRow nul = new EventRow(UUID.randomUUID(), 4, "test-instance", "t", "http", "inbound", null, null, null,
                null, "zero \u0000 byte", "{}", null, Instant.EPOCH);
        assertThrows(SQLException.class, () -> insert.write(pool, List.of(TestRows.row(5), nul)),
                "text cannot hold U+0000, by either path");
        assertEquals(3, count("SELECT count(*) FROM monitoring_events"), "nothing of a failed batch is kept");
        assertEquals(0, insert.copyFallbacks(), "COPY was not even tried for these");
        assertEquals(0, insert.batchesCopied());
    }

    @Test
    void copyRefusedForAnotherReasonLeavesTheWritingToInsertForAWhile() throws Exception {
        // Row level security applies to a user that neither owns the table nor bypasses RLS, and PostgreSQL
        // refuses COPY FROM for such a user; INSERT goes through the policies.
        String role = "tandem_rls_" + Long.toHexString(System.nanoTime());
        db.execute("CREATE ROLE " + role + " NOLOGIN");
        db.execute("GRANT SELECT, INSERT ON monitoring_events TO " + role);
        db.execute("CREATE POLICY copy_test_all ON monitoring_events FOR ALL TO " + role + " USING (true) WITH CHECK (true)");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.jdbcUrl());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(1);
        config.setConnectionInitSql("SET ROLE " + role);
        try (HikariDataSource restricted = new HikariDataSource(config)) {
            AtomicLong now = new AtomicLong();
            EventInsert insert = new EventInsert("monitoring_events", true, now::get);

            assertEquals(EventInsert.Path.INSERT_AFTER_COPY, insert.write(restricted, TestRows.rows(1, 10)));
            assertEquals(EventInsert.Path.INSERT, insert.write(restricted, TestRows.rows(11, 10)), "COPY paused");
            now.addAndGet(EventInsert.COPY_PAUSE_NANOS - 1);
            assertEquals(EventInsert.Path.INSERT, insert.write(restricted, TestRows.rows(21, 10)));
            now.addAndGet(1);
            assertEquals(EventInsert.Path.INSERT_AFTER_COPY, insert.write(restricted, TestRows.rows(31, 10)),
                    "COPY tried again after the pause");
            assertEquals(2, insert.copyFallbacks());
            assertEquals(40, count("SELECT count(*) FROM monitoring_events"));
            assertEquals(EventInsert.Path.INSERT, insert.write(pool, TestRows.rows(41, 10)), "paused again");
            assertEquals(EventInsert.Path.COPY, new EventInsert("monitoring_events", true).write(pool,
                    TestRows.rows(51, 10)), "the table's owner may COPY");
        } finally {
            db.execute("DROP POLICY copy_test_all ON monitoring_events");
            db.execute("REVOKE ALL ON monitoring_events FROM " + role);
            db.execute("DROP ROLE " + role);
        }
    }

    /**
     * Values a COPY encoding could get wrong: what text format would have to escape (tab, newline, carriage return,
     * backslash, a literal \N or \.), multi-byte and unpaired UTF-16, NULLs, the edges of each type's range and
     * precision, and nanos that round to the next microsecond or second.
     */
    private static List<EventRow> trickyRows() {
        List<EventRow> rows = new ArrayList<>();
        rows.add(new EventRow(UUID.randomUUID(), Long.MAX_VALUE, "src\ttab", "type\nnewline", "conn\rreturn",
                "inbound", "\\N", "back\\slash\\", Long.MAX_VALUE, Double.MAX_VALUE,
                "line 1\r\nline 2\n\\.\n\ttabbed \\t not a tab",
                "{\"tab\": \"a\\tb\", \"emoji\": \"🙈\", \"quote\": \"\\\"\", \"bs\": \"\\\\\", \"n\": [1, 2.50, -3e5],"
                        + " \"u\": \"\\u00e9\\u2028\"}",
                Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("1970-01-01T00:00:00.000001Z")));
        rows.add(new EventRow(UUID.randomUUID(), Long.MIN_VALUE, "ünïcödé ✓ 中文 \uD83D\uDE48 e\u0301", "", " ",
                "outbound", "", "\u007f\u0001\u001b[0m", 0L, Double.MIN_VALUE, "", "{}",
                Instant.parse("1969-12-31T23:59:59.999999Z"), Instant.parse("2024-05-06T07:08:09.123456500Z")));
        rows.add(new EventRow(UUID.randomUUID(), 0, "s", "t", "c", "inbound", null, null, null, null, null, "{}", null,
                Instant.parse("2024-12-31T23:59:59.999999500Z")));
        rows.add(new EventRow(UUID.randomUUID(), 3, "s", "t", "c", "inbound", "lone \uD800 surrogate", null, 1L, -0.0,
                null, "{\"deep\": {\"a\": [{\"b\": null}, true, false]}}", Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z")));
        double[] doubles = {0.1 + 0.2, 1e-300, 1.0000000000000002, 123456789.123456789, 4.9e-324, 2.2250738585072014E-308,
                Double.POSITIVE_INFINITY, 12.375, 0.0, 1e22, 9007199254740993.0};
        for (int i = 0; i < doubles.length; i++) {
            rows.add(new EventRow(UUID.randomUUID(), 10 + i, "s", "t", "c", "outbound", null, null, (long) i, doubles[i],
                    null, "{}", Instant.parse("2000-02-29T12:00:00.000000499Z"),
                    Instant.parse("2038-01-19T03:14:08Z").plusNanos(i)));
        }
        return rows;
    }

    /** The row as the table stores it: timestamps rounded to microseconds as PgJDBC rounds them. */
    private static EventRow microseconds(EventRow r) {
        return new EventRow(r.eventId(), r.seq(), r.source(), r.type(), r.connectionType(), r.direction(),
                r.scriptName() == null ? null : r.scriptName().replace('\uD800', '?'), r.functionName(),
                r.dataSizeBytes(), r.responseTimeMs(), r.error(), normalized(r.metadataJson()), round(r.occurredAt()),
                round(r.ingestedAt()));
    }

    private static Instant round(Instant t) {
        if (t == null) {
            return null;
        }
        int subMicro = t.getNano() % 1000;
        return subMicro >= 500 ? t.plusNanos(1000 - subMicro) : t.minusNanos(subMicro);
    }

    private static String normalized(String json) {
        try (Connection c = db.connect(); var ps = c.prepareStatement("SELECT ?::jsonb::text")) {
            ps.setString(1, json);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static EventRow at(Instant ingestedAt) {
        return new EventRow(UUID.randomUUID(), 2, "test-instance", "t", "http", "inbound", null, null, null, null, null,
                "{}", null, ingestedAt);
    }

    /** Every row of the table as PostgreSQL prints it (float8 in its shortest exact form, -0 included), sorted. */
    private static List<String> rowsAsText(String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.connect(); var st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT t::text FROM " + table + " t ORDER BY event_id")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        assertTrue(!rows.isEmpty());
        return rows;
    }

    private static EventRow readBack(UUID id) throws SQLException {
        return StoredRows.readBack(db, id);
    }

    private static long count(String query) throws SQLException {
        return db.queryLong(query);
    }
}
