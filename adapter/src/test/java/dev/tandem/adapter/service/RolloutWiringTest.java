package dev.tandem.adapter.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.tandem.adapter.rollout.FlagUpdate;
import dev.tandem.adapter.rollout.Rollout;
import dev.tandem.adapter.rollout.RolloutSettings;
import dev.tandem.adapter.rollout.Stage;
import dev.tandem.adapter.rollout.TandemFeature;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.writer.Pools;
import dev.tandem.testsupport.TestDatabase;
import java.time.Clock;
import org.junit.jupiter.api.Test;

/** A closed run's report, as ValidationRuns hands it over, drives auto-rollback. */
class RolloutWiringTest {
    @Test
    void aNoGoReportRollsBackWithItsRunIdAndReasons() throws Exception {
        try (TestDatabase db = TestDatabase.create("rollout_wiring");
             HikariDataSource pool = Pools.hikari(db.jdbcUrl(), db.user(), db.password(), 2, "wiring-test")) {
            new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
            db.execute("INSERT INTO validation_runs (id, started_at, ended_at, verdict, report) VALUES"
                    + " (gen_random_uuid(), now() - interval '1 hour', now(), 'GO', '{}')");
            Rollout rollout = new Rollout(pool, null, RolloutSettings.DEFAULTS, Clock.systemUTC()).start();
            rollout.moveTo(Stage.CANARY, 1_000, "ops", "");
            rollout.setFlag(TandemFeature.AUTO_ROLLBACK, new FlagUpdate(true, null, null), "ops", "");
            ObjectMapper json = new ObjectMapper();
            RolloutWiring.rollBackOnNoGo(rollout, json.readTree("""
                    {"run": {"id": "0192f3c4-0000-7000-8000-00000000000a"},
                     "verdict": {"result": "GO", "reasons": []}}"""));
            assertEquals(Stage.CANARY, rollout.snapshot().stage(), "GO changes nothing");
            RolloutWiring.rollBackOnNoGo(rollout, json.readTree("""
                    {"run": {"id": "0192f3c4-0000-7000-8000-00000000000b"},
                     "verdict": {"result": "NO-GO", "reasons": ["missing_on_realtime 1 > 0"]}}"""));
            assertEquals(Stage.SHADOW, rollout.snapshot().stage());
            assertEquals("NO-GO verdict of validation run 0192f3c4-0000-7000-8000-00000000000b: missing_on_realtime 1 > 0",
                    stageRowReason(db));
        }
    }

    private static String stageRowReason(TestDatabase db) throws Exception {
        try (var c = db.connect(); var st = c.createStatement();
             var rs = st.executeQuery("SELECT reason FROM rollout_audit WHERE actor = 'auto-rollback' AND subject = 'stage'")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
