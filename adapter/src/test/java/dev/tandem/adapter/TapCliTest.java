package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.adapter.CliTest.Run;
import dev.tandem.migrations.Migrator;
import dev.tandem.realtimebridge.tap.ReplicationTap;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code tandem tap status} and {@code tandem tap drop-slot} against a real slot, in-process like {@link CliTest}. */
class TapCliTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestDatabase db;

    @BeforeAll
    static void up() {
        db = TestDatabase.create("cli_tap");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
    }

    @AfterAll
    static void down() {
        db.close();
    }

    private static Run tap(String command, String slot, String... more) {
        String[] args = Stream.concat(Stream.of("tap", command, "--db-url", db.jdbcUrl(), "--db-user", db.user(),
                "--db-password", db.password(), "--tap-slot", slot), Stream.of(more)).toArray(String[]::new);
        return CliTest.run(args);
    }

    @Test
    void bothSubcommandsListTheirSettings() {
        Run tap = CliTest.run("tap", "--help");
        assertEquals(0, tap.exit());
        assertTrue(tap.out().contains("status") && tap.out().contains("drop-slot"), tap.out());
        for (String sub : new String[] {"status", "drop-slot"}) {
            Run r = CliTest.run("tap", sub, "--help");
            assertEquals(0, r.exit(), sub);
            for (String expected : List.of("--tap-slot", "TANDEM_TAP_SLOT", "--db-url", "--db-password")) {
                assertTrue(r.out().contains(expected), sub + " lacks " + expected + ": " + r.out());
            }
            assertFalse(r.out().contains("--http-port"), sub + ": " + r.out());
        }
    }

    @Test
    void aMissingSlotIsReportedAndDroppingItIsANoOp() {
        String slot = db.name() + "_none";
        Run status = tap("status", slot);
        assertEquals(0, status.exit(), status.err());
        assertTrue(status.out().contains("replication slot " + slot + " does not exist"), status.out());
        Run drop = tap("drop-slot", slot);
        assertEquals(0, drop.exit(), drop.err());
        assertTrue(drop.out().contains("nothing to drop"), drop.out());
    }

    @Test
    void statusShowsTheReaderAndTheLagAndDropRefusesWhileATapReads() throws Exception {
        String slot = db.name() + "_live";
        ReplicationTap tap = new ReplicationTap(TapConfig.builder().jdbcUrl(db.jdbcUrl()).user(db.user())
                .password(db.password()).slotName(slot).build(), tx -> { });
        tap.start();
        try {
            Await.until(WAIT, () -> tap.stats().connected(), () -> tap.stats().toString());
            Await.until(WAIT, () -> line(tap("status", slot), "active").startsWith("yes"), () -> tap("status", slot).out());
            Run status = tap("status", slot);
            assertEquals(0, status.exit(), status.err());
            assertEquals("replication slot " + slot, status.out().lines().findFirst().orElseThrow());
            assertEquals(db.name(), line(status, "database"));
            assertTrue(line(status, "active").matches("yes, read by process \\d+"), status.out());
            assertTrue(line(status, "lag_bytes").matches("\\d+ \\(.*"), status.out());
            assertTrue(line(status, "retained_wal_bytes").matches("\\d+ \\(.*"), status.out());
            assertTrue(line(status, "confirmed_flush_lsn").matches("[0-9A-F]+/[0-9A-F]+"), status.out());

            Run refused = tap("drop-slot", slot);
            assertEquals(1, refused.exit(), refused.out());
            assertTrue(refused.err().startsWith("tandem: replication slot " + slot + " is being read by process "),
                    refused.err());
            assertTrue(refused.err().contains("Nothing was dropped"), refused.err());
            assertEquals(1, refused.err().strip().lines().count(), refused.err());
            assertEquals(List.of(slot), db.replicationSlots());
        } finally {
            tap.stop();
        }

        insertRow(); // committed while nobody reads: the lag grows
        Run idle = tap("status", slot);
        assertEquals("no", line(idle, "active"));
        assertTrue(Long.parseLong(line(idle, "lag_bytes").split(" ")[0]) > 0, idle.out());

        Run dropped = tap("drop-slot", slot);
        assertEquals(0, dropped.exit(), dropped.err());
        assertTrue(dropped.out().startsWith("dropped replication slot " + slot), dropped.out());
        assertEquals(List.of(), db.replicationSlots());
        assertTrue(tap("status", slot).out().contains("does not exist"));
    }

    @Test
    void aSlotOfThatNameThatIsNotATapSlotIsLeftAlone() throws Exception {
        String slot = db.name() + "_phys";
        // A physical slot belongs to no database, so TestDatabase.close() would not drop it: dropped below.
        sql("SELECT slot_name::text FROM pg_create_physical_replication_slot(?)", slot);
        try {
            Run drop = tap("drop-slot", slot);
            assertEquals(1, drop.exit(), drop.out());
            assertEquals("tandem: replication slot " + slot + " is a physical slot, not a tap slot of database "
                    + db.name() + " (logical, pgoutput); not dropped", drop.err().strip());
            assertEquals("1", sql("SELECT count(*)::text FROM pg_replication_slots WHERE slot_name = ?", slot));
            Run status = tap("status", slot);
            assertEquals(0, status.exit(), status.err());
            assertTrue(status.out().startsWith("replication slot " + slot + " (not a tap slot of " + db.name()
                    + ": a physical slot)"), status.out());
        } finally {
            sql("SELECT pg_drop_replication_slot(?)::text", slot);
        }
    }

    @Test
    void anUnreachableDatabaseExitsWithOneAndNoStackTrace() {
        Run r = CliTest.run("tap", "status", "--db-url", "jdbc:postgresql://127.0.0.1:1/tandem");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("tandem: cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:1/tandem"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        Run bad = CliTest.run("tap", "drop-slot", "--tap-slot", "Not-A-Slot");
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().startsWith("tandem: TANDEM_TAP_SLOT (--tap-slot) must be"), bad.err());
    }

    /** The value printed after {@code key} on its status line. */
    private static String line(Run status, String key) {
        return status.out().lines().map(String::strip).filter(l -> l.startsWith(key + " "))
                .map(l -> l.substring(key.length()).strip()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " line in: " + status.out()));
    }

    private static void insertRow() throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO monitoring_events"
                + " (event_id, seq, source, type, connection_type, direction, ingested_at)"
                + " VALUES (?, 1, 'cli-test', 'event', 'http', 'inbound', now())")) {
            ps.setObject(1, UUID.randomUUID());
            ps.executeUpdate();
        }
    }

    private static String sql(String query, String parameter) throws Exception {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement(query)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
