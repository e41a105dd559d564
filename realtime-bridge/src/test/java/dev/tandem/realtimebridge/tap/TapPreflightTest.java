package dev.tandem.realtimebridge.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.migrations.Migrator;
import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Preflight against the local server (wal_level=logical, superuser) with the Tandem schema applied. */
class TapPreflightTest {
    private static TestDatabase db;

    @BeforeAll
    static void up() {
        db = TestDatabase.create("tap_preflight");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
    }

    @AfterAll
    static void down() {
        db.close();
    }

    @Test
    void aReadyServerHasNoProblems() throws Exception {
        try (Connection c = db.connect()) {
            assertEquals(List.of(), TapPreflight.problems(c, "supabase_realtime", TapFixture.slotName(db, "ok")));
        }
    }

    @Test
    void aMissingPublicationIsNamed() throws Exception {
        try (Connection c = db.connect()) {
            List<String> problems = TapPreflight.problems(c, "no_such_publication", TapFixture.slotName(db, "ok"));
            assertEquals(1, problems.size(), problems.toString());
            assertTrue(problems.get(0).contains("no_such_publication") && problems.get(0).contains("does not exist"),
                    problems.get(0));
        }
    }

    @Test
    void aSlotOfThatNameThatIsNotPgoutputIsReportedAndRefusedByTheTap() throws Exception {
        String slot = TapFixture.slotName(db, "physical");
        try (Connection c = db.connect()) {
            // A physical slot belongs to no database, so TestDatabase.close() would not drop it: dropped below.
            TapFixture.query(db, "SELECT slot_name::text FROM pg_create_physical_replication_slot(?)", slot);
            try {
                List<String> problems = TapPreflight.problems(c, "supabase_realtime", slot);
                assertEquals(1, problems.size(), problems.toString());
                assertTrue(problems.get(0).contains(slot) && problems.get(0).contains("physical"), problems.get(0));

                ReplicationTap tap = new ReplicationTap(TapFixture.config(db, slot), tx -> { });
                IllegalStateException refused = assertThrows(IllegalStateException.class, tap::start);
                assertTrue(refused.getMessage().contains("pgoutput"), refused.getMessage());
            } finally {
                ReplicationTap.dropSlot(db.jdbcUrl(), db.user(), db.password(), slot);
            }
            assertEquals("0", TapFixture.query(db, "SELECT count(*)::text FROM pg_replication_slots WHERE slot_name = ?", slot));
        }
    }
}
