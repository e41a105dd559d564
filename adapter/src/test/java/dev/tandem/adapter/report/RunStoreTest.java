package dev.tandem.adapter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.writer.Pools;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs in {@code validation_runs}: saving, listing newest first, paging, lookup; and closing them on a timer. */
class RunStoreTest {
    private static TestDatabase db;
    private static HikariDataSource pool;
    private static RunStore store;

    @BeforeAll
    static void migrate() {
        db = TestDatabase.create("run_store");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 2, "run-store-test");
        store = new RunStore(pool, Reports.JSON);
    }

    @AfterAll
    static void drop() {
        if (pool != null) {
            pool.close();
        }
        db.close();
    }

    @BeforeEach
    void empty() throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
            st.execute("TRUNCATE validation_runs");
        }
    }

    @Test
    void aSavedRunComesBackWholeAndItsSummaryHasTheKeyTotals() throws Exception {
        ObjectNode report = Reports.fixture("nogo");
        RunStore.RunSummary saved = store.save(report);
        UUID id = UUID.fromString("0192f3c4-2222-7000-8000-000000000002");
        assertEquals(id, saved.id());
        assertEquals("NO-GO", saved.verdict());
        assertEquals("2026-11-22T14:12:00Z", saved.endedAt());
        assertEquals(RunStore.KEY_TOTALS, iterate(saved.totals()));
        assertEquals(4, saved.totals().path("missing_on_realtime").asLong());
        assertEquals(report, store.get(id).orElseThrow(), "the whole report, as it was");
        assertTrue(store.get(UUID.randomUUID()).isEmpty());

        assertEquals(saved, store.save(report), "saving the same run again changes nothing");
        assertEquals(1, store.list(10, 0).size());
    }

    @Test
    void runsAreListedNewestFirstAndPaged() throws Exception {
        Instant t = Instant.parse("2026-11-22T10:00:00Z");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(store.save(run(t.plusSeconds(60L * i), i % 2 == 0 ? "GO" : "NO-GO")).id());
        }
        List<UUID> newestFirst = ids.reversed();
        assertEquals(newestFirst, store.list(10, 0).stream().map(RunStore.RunSummary::id).toList());
        assertEquals(newestFirst.subList(0, 2), store.list(2, 0).stream().map(RunStore.RunSummary::id).toList());
        assertEquals(newestFirst.subList(2, 4), store.list(2, 2).stream().map(RunStore.RunSummary::id).toList());
        assertEquals(List.of(), store.list(2, 6));
        assertEquals(ids.get(4).toString(), store.latest().orElseThrow().path("run").path("id").asText());
        assertThrows(IllegalArgumentException.class, () -> store.list(0, 0));
        assertThrows(IllegalArgumentException.class, () -> store.list(RunStore.MAX_PAGE + 1, 0));
    }

    @Test
    void aReportWithoutIdTimesOrVerdictIsRefused() throws Exception {
        ObjectNode noId = Reports.fixture("go");
        ((ObjectNode) noId.path("run")).put("id", "run-1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.save(noId)).getMessage().contains("run.id must be a UUID"));
        ObjectNode noEnd = Reports.fixture("go");
        ((ObjectNode) noEnd.path("run")).remove("ended_at");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> store.save(noEnd)).getMessage().contains("run.ended_at"));
        ObjectNode noVerdict = Reports.fixture("go");
        noVerdict.remove("verdict");
        assertThrows(IllegalArgumentException.class, () -> store.save(noVerdict));
        assertTrue(store.latest().isEmpty());
    }

    @Test
    void runsCloseOnDemandOnTheirTimerAndOnceMoreWhenStopped() throws Exception {
        AtomicInteger closes = new AtomicInteger();
        Instant t = Instant.parse("2026-11-22T12:00:00Z");
        RunSource source = () -> {
            int n = closes.incrementAndGet();
            if (n == 2) {
                throw new IllegalStateException("the validator hiccuped"); // the timer carries on
            }
            return uncheckedRun(t.plusSeconds(n));
        };
        ValidationRuns runs = new ValidationRuns(source, store);
        assertEquals(t.plusSeconds(1).toString(), runs.closeNow().endedAt());

        runs.every(Duration.ofMillis(100));
        Await.until(Duration.ofSeconds(10), () -> closes.get() >= 4, () -> "closed " + closes.get());
        runs.close();
        int afterStop = store.list(100, 0).size();
        assertEquals(closes.get() - 1, afterStop, "every close but the failed one was kept, the last at stop");
        Thread.sleep(300);
        assertEquals(afterStop, store.list(100, 0).size(), "nothing closes after stop");
        runs.close();
        assertEquals(afterStop, store.list(100, 0).size(), "stopping twice closes once");
        assertThrows(IllegalStateException.class, runs::closeNow);
    }

    private static ObjectNode run(Instant end, String verdict) throws Exception {
        ObjectNode r = Reports.fixture("go");
        ((ObjectNode) r.path("run")).put("id", UUID.randomUUID().toString()).put("started_at", end.minusSeconds(60).toString())
                .put("ended_at", end.toString());
        ((ObjectNode) r.path("verdict")).put("result", verdict);
        return r;
    }

    private static ObjectNode uncheckedRun(Instant end) {
        try {
            return run(end, "GO");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> iterate(JsonNode o) {
        List<String> keys = new ArrayList<>();
        o.fieldNames().forEachRemaining(keys::add);
        return keys;
    }
}
