package dev.tandem.adapter.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.writer.Pools;
import dev.tandem.testsupport.TestDatabase;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Flags in a real PostgreSQL: guard rails, the audit log, auto-rollback, and two instances agreeing. */
class RolloutDatabaseTest {
    private TestDatabase db;
    private HikariDataSource pool;
    private Rollout rollout;

    @BeforeEach
    void up() {
        db = TestDatabase.create("rollout");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 3, "rollout-test");
        rollout = instance().start();
    }

    @AfterEach
    void down() {
        rollout.close();
        pool.close();
        db.close();
    }

    @Test
    void guardRailsRefuseUnsafeStepsNamingEachFailedCondition() throws Exception {
        assertEquals(Stage.SHADOW, rollout.snapshot().stage());
        assertEquals(List.of("CANARY needs a GO verdict: no validation run has closed yet"),
                refused(() -> rollout.moveTo(Stage.CANARY, 1_000, "ops", "")));

        run("NO-GO", "missing_on_realtime 3 > 0", "3 hours", "2 hours");
        assertTrue(refused(() -> rollout.advance(null, "ops", "")).get(0)
                .matches("CANARY needs a GO verdict: the latest run .* is NO-GO: \\[missing_on_realtime 3 > 0\\]"));

        run("GO", null, "2 hours", "1 minute");
        RolloutChange c = rollout.advance(1_000, "ops", "first canary");
        assertEquals(Stage.SHADOW, c.before().stage());
        assertEquals(Stage.CANARY, c.after().stage());
        assertEquals(1_000, rollout.snapshot().effectiveBasisPoints());

        List<String> legacyOff = refused(() -> rollout.moveTo(Stage.LEGACY_OFF, null, "ops", ""));
        assertEquals("LEGACY_OFF needs stage REALTIME (stage is CANARY)", legacyOff.get(0));
        assertTrue(legacyOff.get(1).startsWith("LEGACY_OFF needs GO verdicts over the last 1440 min"), legacyOff.toString());
        assertTrue(legacyOff.get(1).contains("is NO-GO"), legacyOff.toString());
        assertEquals(List.of("LEGACY_BROADCAST off needs every dashboard on Realtime (stage LEGACY_OFF); stage would be CANARY"),
                refused(() -> rollout.setFlag(TandemFeature.LEGACY_BROADCAST, new FlagUpdate(false, null, null), "ops", "")));

        rollout.setFlag(TandemFeature.KILL_SWITCH, new FlagUpdate(true, null, null), "ops", "incident");
        assertEquals(List.of("KILL_SWITCH is on: turn it off before moving forward"),
                refused(() -> rollout.moveTo(Stage.CANARY, 2_500, "ops", "")));
        assertEquals(Stage.SHADOW, rollout.rollback("ops", "never refused").after().stage(), "a way back, always");
        rollout.moveTo(Stage.LEGACY_ONLY, null, "ops", "");
        rollout.setFlag(TandemFeature.KILL_SWITCH, new FlagUpdate(false, null, null), "ops", "");
        List<String> skip = refused(() -> rollout.moveTo(Stage.CANARY, 500, "ops", ""));
        assertEquals(List.of("CANARY needs DUAL_WRITE on (stage is LEGACY_ONLY)",
                "CANARY needs VALIDATION on, so that verdicts exist (stage is LEGACY_ONLY)"), skip);
        assertEquals(Stage.LEGACY_ONLY, rollout.snapshot().stage(), "a refused step changes nothing");
    }

    @Test
    void legacyOffNeedsGoVerdictsCoveringTheWholeWindow() throws Exception {
        run("GO", null, "3 hours", "1 minute");
        rollout.moveTo(Stage.CANARY, 500, "ops", "");
        rollout.moveTo(Stage.REALTIME, null, "ops", "");
        Rollout shortWindow = new Rollout(pool, null, new RolloutSettings(500, Duration.ofHours(1)), Clock.systemUTC());
        assertEquals(List.of(), shortWindow.guardFailures(Stage.LEGACY_OFF, null), "one GO run covering the last hour");
        Rollout longWindow = new Rollout(pool, null, new RolloutSettings(500, Duration.ofHours(5)), Clock.systemUTC());
        List<String> failed = longWindow.guardFailures(Stage.LEGACY_OFF, null);
        assertEquals(1, failed.size(), failed.toString());
        assertTrue(failed.get(0).contains("the runs in it only began at"), failed.toString());
        assertEquals(Stage.LEGACY_OFF, shortWindow.moveTo(Stage.LEGACY_OFF, null, "ops", "done").after().stage());
        assertFalse(shortWindow.snapshot().legacyBroadcast());
    }

    @Test
    void everyChangeIsAuditedWithWhoWhenOldNewAndWhy() throws Exception {
        run("GO", null, "1 hour", "1 minute");
        rollout.moveTo(Stage.CANARY, 2_500, "alice", "canary for team A");
        JsonNode entries = AuditLog.recent(pool, 10);
        assertEquals(2, entries.size(), entries.toString());
        JsonNode stage = entries.get(0);
        assertEquals("stage", stage.path("subject").asText());
        assertEquals("SHADOW", stage.path("old").path("stage").asText());
        assertEquals("CANARY", stage.path("new").path("stage").asText());
        JsonNode flag = entries.get(1);
        assertEquals("REALTIME_CLIENTS", flag.path("subject").asText());
        assertEquals("alice", flag.path("actor").asText());
        assertEquals("canary for team A", flag.path("reason").asText());
        assertFalse(flag.path("old").path("enabled").asBoolean());
        assertTrue(flag.path("new").path("enabled").asBoolean());
        assertEquals("25", flag.path("new").path("parameters").path("percentage").asText());
        assertTrue(flag.path("at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));

        rollout.setFlag(TandemFeature.AUTO_ROLLBACK, new FlagUpdate(true, null, null), "bob", "");
        rollout.setFlag(TandemFeature.AUTO_ROLLBACK, new FlagUpdate(true, null, null), "bob", "again");
        assertEquals(3, AuditLog.recent(pool, 10).size(), "a change to the same value writes no audit row");
    }

    @Test
    void aNoGoVerdictWithAutoRollbackOnDropsToShadowAtZeroPercentAndIsAudited() throws Exception {
        run("GO", null, "1 hour", "1 minute");
        rollout.moveTo(Stage.CANARY, 5_000, "ops", "");
        assertTrue(rollout.onVerdict("r1", "NO-GO", List.of("mismatched 4 > 0")).isEmpty(), "AUTO_ROLLBACK is off");
        assertEquals(Stage.CANARY, rollout.snapshot().stage());

        rollout.setFlag(TandemFeature.AUTO_ROLLBACK, new FlagUpdate(true, null, null), "ops", "");
        assertTrue(rollout.onVerdict("r2", "GO", List.of()).isEmpty());
        RolloutChange back = rollout.onVerdict("r3", "NO-GO", List.of("mismatched 4 > 0", "lag p99 9000 ms > 5000 ms")).orElseThrow();
        assertEquals(Stage.CANARY, back.before().stage());
        assertEquals(Stage.SHADOW, rollout.snapshot().stage());
        assertFalse(rollout.snapshot().enabled(TandemFeature.REALTIME_CLIENTS));
        assertEquals(0, rollout.snapshot().rollout().basisPoints());
        JsonNode last = AuditLog.recent(pool, 1).get(0);
        assertEquals(Rollout.AUTO_ROLLBACK_ACTOR, last.path("actor").asText());
        assertEquals("NO-GO verdict of validation run r3: mismatched 4 > 0; lag p99 9000 ms > 5000 ms", last.path("reason").asText());
        assertTrue(rollout.onVerdict("r4", "NO-GO", List.of("again")).isEmpty(), "already rolled back");
    }

    @Test
    void twoInstancesAgreeWithinASecondOfAChangeMadeOnEither() throws Exception {
        try (Rollout other = instance().start()) {
            dev.tandem.testsupport.Await.until(Duration.ofSeconds(10), () -> rollout.listening() && other.listening(),
                    () -> "both instances listening");
            for (Rollout[] pair : new Rollout[][]{{rollout, other}, {other, rollout}}) {
                boolean kill = !pair[1].snapshot().enabled(TandemFeature.KILL_SWITCH);
                CountDownLatch heard = new CountDownLatch(1);
                AtomicReference<FlagSnapshot> seen = new AtomicReference<>();
                pair[1].onChange((before, after) -> {
                    if (after.enabled(TandemFeature.KILL_SWITCH) == kill) {
                        seen.set(after);
                        heard.countDown();
                    }
                });
                long t0 = System.nanoTime();
                pair[0].setFlag(TandemFeature.KILL_SWITCH, new FlagUpdate(kill, null, null), "ops", "");
                assertTrue(heard.await(1, TimeUnit.SECONDS), "the other instance heard of the change within 1 s");
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertEquals(kill, pair[1].snapshot().enabled(TandemFeature.KILL_SWITCH));
                assertEquals(kill, pair[1].current().enabled(TandemFeature.KILL_SWITCH));
                assertTrue(seen.get().sameAs(pair[0].snapshot()), "both see the same flags");
                System.out.println("rollout: change seen by the other instance after " + ms + " ms");
            }
        }
    }

    @Test
    void flagsTakeOnlyWhatTheyAcceptAndTogglzCannotWriteAroundTheAudit() {
        assertEquals("strategy: KILL_SWITCH takes no strategy (it is on or off for everyone), got 'gradual'",
                assertThrows(IllegalArgumentException.class, () -> rollout.setFlag(TandemFeature.KILL_SWITCH,
                        new FlagUpdate(true, "gradual", null), "ops", "")).getMessage());
        assertEquals("parameters: VALIDATION takes no parameters, got [percentage]",
                assertThrows(IllegalArgumentException.class, () -> rollout.setFlag(TandemFeature.VALIDATION,
                        new FlagUpdate(null, null, Map.of("percentage", "5")), "ops", "")).getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> new PostgresStateRepository(pool).setFeatureState(FlagSnapshot.defaultState(TandemFeature.KILL_SWITCH)));
    }

    private Rollout instance() {
        return new Rollout(pool, () -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()),
                RolloutSettings.DEFAULTS, Clock.systemUTC());
    }

    /** A closed validation run from {@code startedAgo} to {@code endedAgo} before now (PostgreSQL intervals). */
    private void run(String verdict, String reason, String startedAgo, String endedAgo) throws SQLException {
        String report = "{\"verdict\": {\"result\": \"" + verdict + "\", \"reasons\": [" + (reason == null ? "" : "\"" + reason + "\"") + "]}}";
        db.execute("INSERT INTO validation_runs (id, started_at, ended_at, verdict, report) VALUES (gen_random_uuid(),"
                + " now() - interval '" + startedAgo + "', now() - interval '" + endedAgo + "', '" + verdict + "', '" + report + "')");
    }

    private interface Step {
        void run() throws Exception;
    }

    private static List<String> refused(Step step) throws Exception {
        try {
            step.run();
        } catch (RolloutRefusedException e) {
            return e.failedConditions();
        }
        throw new AssertionError("not refused");
    }
}
