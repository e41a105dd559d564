package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.migrations.Migrator;
import dev.tandem.testsupport.TestDatabase;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tandem stage} against a real database, in-process like {@link CliTest}. */
class StageCliTest {
    private static TestDatabase db;

    @BeforeAll
    static void up() {
        db = TestDatabase.create("cli_stage");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
    }

    @AfterAll
    static void down() {
        db.close();
    }

    private static CliTest.Run stage(String... args) {
        return CliTest.run(Stream.concat(Stream.of("stage"), Stream.concat(Stream.of(args),
                Stream.of("--db-url", db.jdbcUrl(), "--db-user", db.user(), "--db-password", db.password())))
                .toArray(String[]::new));
    }

    @Test
    void showsAdvancesRefusesAndRollsBackWithTheAuditActorFromTheCommandLine() throws Exception {
        CliTest.Run shown = stage();
        assertEquals(0, shown.exit(), shown.err());
        assertTrue(shown.out().startsWith("stage: SHADOW"), shown.out());
        assertTrue(shown.out().contains("next: CANARY, refused now:\n  - CANARY needs a GO verdict: no validation run"
                + " has closed yet"), shown.out());

        CliTest.Run refused = stage("advance", "--percentage", "10");
        assertEquals(3, refused.exit());
        assertTrue(refused.err().contains("stage SHADOW -> CANARY refused: CANARY needs a GO verdict"), refused.err());

        db.execute("INSERT INTO validation_runs (id, started_at, ended_at, verdict, report) VALUES"
                + " (gen_random_uuid(), now() - interval '1 hour', now(), 'GO', '{}')");
        CliTest.Run advanced = stage("advance", "--percentage", "10", "--reason", "canary from the CLI");
        assertEquals(0, advanced.exit(), advanced.err());
        assertTrue(advanced.out().startsWith("stage SHADOW -> CANARY (1 flag(s) changed)"), advanced.out());
        assertTrue(advanced.out().contains("dashboards on Realtime: 10.0%"), advanced.out());
        assertEquals(1, db.queryLong("SELECT count(*) FROM rollout_audit WHERE actor LIKE 'cli:%' AND subject = 'stage'"
                + " AND reason = 'canary from the CLI'"));

        CliTest.Run kill = stage("kill-switch", "on", "--reason", "incident");
        assertEquals(0, kill.exit(), kill.err());
        assertTrue(kill.out().startsWith("KILL_SWITCH on (changed)"), kill.out());
        assertTrue(kill.out().contains("KILL SWITCH ON"), kill.out());
        CliTest.Run back = stage("rollback");
        assertEquals(0, back.exit(), back.err());
        assertTrue(back.out().startsWith("stage CANARY -> SHADOW"), back.out());

        CliTest.Run bad = stage("set", "SIDEWAYS");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("stage: must be one of [LEGACY_ONLY, DUAL_WRITE, SHADOW, CANARY, REALTIME,"
                + " LEGACY_OFF], got 'SIDEWAYS'"), bad.err());
    }
}
