package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@code tandem migrate} with the realtime settings: --info, broadcast refused, anon read switched. */
class MigrateCliTest {
    private static CliTest.Run migrate(TestDatabase db, String... args) {
        return CliTest.run(Stream.concat(Stream.of("migrate", "--db-url", db.jdbcUrl(), "--db-user", db.user(),
                "--db-password", db.password()), Stream.of(args)).toArray(String[]::new));
    }

    @Test
    void helpListsTheRealtimeSettings() {
        CliTest.Run help = CliTest.run("migrate", "--help");
        assertEquals(0, help.exit(), help.err());
        for (String s : new String[] {"--realtime-mode", "TANDEM_REALTIME_MODE", "--realtime-topic", "--realtime-anon-read",
                "--db-url", "--info"}) {
            assertTrue(help.out().contains(s), s + ": " + help.out());
        }
        assertTrue(!help.out().contains("--retention-days"), "retention is the service's, not migrate's: " + help.out());
    }

    @Test
    void infoListsEveryVersionAndTheRealtimeScriptWithItsState() {
        try (TestDatabase db = TestDatabase.create("cli_migrate_info")) {
            CliTest.Run before = migrate(db, "--info");
            assertEquals(0, before.exit(), before.err());
            assertEquals(List.of("1 Pending", "2 Pending", "3 Pending", "4 Pending", "5 Pending", "R Pending"), versionsAndStates(before.out()));

            CliTest.Run applied = migrate(db);
            assertEquals(0, applied.exit(), applied.err());
            assertTrue(applied.out().contains("applied 6 migration(s)") && applied.out().contains("now at version 5"), applied.out());
            assertTrue(applied.out().contains("realtime: postgres_changes, anon read off"), applied.out());

            CliTest.Run after = migrate(db, "--info");
            assertEquals(List.of("1 Success", "2 Success", "3 Success", "4 Success", "5 Success", "R Success"), versionsAndStates(after.out()));
            assertTrue(after.out().lines().anyMatch(l -> l.startsWith("2 ") && l.contains("monitoring stats")), after.out());
            assertTrue(after.out().lines().anyMatch(l -> l.startsWith("3 ") && l.contains("supabase roles and rls")), after.out());
            assertTrue(after.out().lines().anyMatch(l -> l.startsWith("R ") && l.contains("realtime access")), after.out());

            // Other realtime settings: the applied realtime script is out of date and its new run pending.
            CliTest.Run other = migrate(db, "--info", "--realtime-anon-read", "true");
            List<String> states = versionsAndStates(other.out());
            assertTrue(states.contains("R Pending") && states.stream().noneMatch(s -> s.equals("R Success")), other.out());
        }
    }

    @Test
    void anonReadIsAFlagOfMigrateAndOnlyAChangeAppliesAnything() throws SQLException {
        try (TestDatabase db = TestDatabase.create("cli_migrate_anon")) {
            migrate(db);
            CliTest.Run on = migrate(db, "--realtime-anon-read", "true");
            assertEquals(0, on.exit(), on.err());
            assertTrue(on.out().contains("applied 1 migration(s)"), on.out());
            assertTrue(on.out().contains("realtime: postgres_changes, anon read on"), on.out());
            assertEquals("true", one(db, "SELECT has_table_privilege('anon', 'monitoring_events', 'SELECT')::text"));
            assertTrue(migrate(db, "--realtime-anon-read", "true").out().contains("schema already current"));

            CliTest.Run bad = migrate(db, "--realtime-anon-read", "yes");
            assertEquals(2, bad.exit());
            assertEquals("tandem: TANDEM_REALTIME_ANON_READ (--realtime-anon-read) must be true or false, got 'yes'", bad.err().strip());
        }
    }

    @Test
    void broadcastWithoutTheRealtimeSchemaExitsWithTwoAndChangesNothing() throws SQLException {
        try (TestDatabase db = TestDatabase.create("cli_migrate_broadcast")) {
            migrate(db);
            CliTest.Run r = migrate(db, "--realtime-mode", "broadcast", "--realtime-topic", "dash:events");
            assertEquals(2, r.exit(), r.out() + r.err());
            assertTrue(r.err().startsWith("tandem: TANDEM_REALTIME_MODE (--realtime-mode) is broadcast, but broadcast mode"
                    + " needs Supabase Realtime's realtime schema"), r.err());
            assertTrue(r.err().contains("database " + db.name() + " has no schema realtime; nothing was changed"), r.err());
            assertEquals("6", one(db, "SELECT count(*) FROM tandem_schema_history"));
        }
    }

    @Test
    void broadcastAgainstADatabaseThatDoesNotExistDoesNotCreateIt() throws SQLException {
        TestDatabase db = TestDatabase.create("cli_migrate_absent");
        db.close(); // the name is free now
        CliTest.Run r = migrate(db, "--realtime-mode", "broadcast");
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("the database does not exist yet; nothing was changed"), r.err());
        assertTrue(r.out().isEmpty(), r.out());
        try (TestDatabase other = TestDatabase.create("cli_migrate_probe"); Connection c = other.connect();
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + db.name() + "'")) {
            rs.next();
            assertEquals(0, rs.getInt(1), "the database was not created");
        }
    }

    private static List<String> versionsAndStates(String infoOutput) {
        return infoOutput.lines().skip(1).map(l -> l.split("\\s+"))
                .map(f -> f[0] + " " + Stream.of(f).filter(w -> w.matches("Pending|Success|Outdated|Superseded")).findFirst().orElse("?"))
                .toList();
    }

    private static String one(TestDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
