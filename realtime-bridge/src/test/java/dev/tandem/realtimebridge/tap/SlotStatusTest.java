package dev.tandem.realtimebridge.tap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.migrations.Migrator;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.replication.LogSequenceNumber;

/** The slot as the server reports it: held or not, and the lag that builds up while nobody reads it. */
class SlotStatusTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestDatabase db;

    @BeforeAll
    static void up() {
        db = TestDatabase.create("slot_status");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
    }

    @AfterAll
    static void down() {
        db.close();
    }

    @Test
    void aMissingSlotIsEmpty() throws Exception {
        try (Connection c = db.connect()) {
            assertEquals(Optional.empty(), SlotStatus.read(c, TapFixture.slotName(db, "none")));
        }
    }

    @Test
    void lagGrowsWhileNobodyReadsAndTheSlotMovesOnOnceATapHasCaughtUp() throws Exception {
        String slot = TapFixture.slotName(db, "lag");
        AtomicLong rows = new AtomicLong();
        ReplicationTap tap = new ReplicationTap(TapFixture.config(db, slot), tx -> rows.addAndGet(tx.changes().size()));
        tap.start();
        try (Connection c = db.connect()) {
            TapFixture.insertEach(db, 1);
            Await.until(WAIT, () -> rows.get() == 1, () -> rows + " rows seen");
            SlotStatus reading = status(c, slot);
            assertTrue(reading.active(), reading.toString());
            assertTrue(reading.isTapSlotOf(db.name()), reading.toString());
            assertFalse(reading.isTapSlotOf("some_other_database"), reading.toString());
            assertEquals("pgoutput", reading.plugin());
            assertNotNull(reading.confirmedFlushLsn());
            assertTrue(reading.lagBytes() >= 0 && reading.retainedWalBytes() >= reading.lagBytes(), reading.toString());

            tap.stop();
            Await.until(WAIT, () -> !status(c, slot).active(), () -> "slot still held");
            long lagBefore = status(c, slot).lagBytes();
            TapFixture.insertEach(db, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
            SlotStatus idle = status(c, slot);
            assertFalse(idle.active(), idle.toString());
            assertTrue(idle.lagBytes() > lagBefore + 10 * 100, "ten rows of WAL behind: " + idle + ", before " + lagBefore);
            assertEquals(List.of(slot), db.replicationSlots());

            AtomicReference<String> lastEnd = new AtomicReference<>();
            ReplicationTap second = new ReplicationTap(TapFixture.config(db, slot), tx -> {
                lastEnd.set(tx.endLsn());
                rows.addAndGet(tx.changes().size());
            });
            second.start();
            try {
                Await.until(WAIT, () -> rows.get() == 11, () -> rows + " rows seen");
                // Caught up: the slot now stands at least where the last of the ten rows ends, >1000 bytes on.
                Await.until(WAIT, () -> TapFixture.confirmedAtLeast(db, slot, lastEnd.get()), () -> status(c, slot).toString());
                assertTrue(bytesBetween(idle.confirmedFlushLsn(), status(c, slot).confirmedFlushLsn()) > 10 * 100,
                        status(c, slot) + " after " + idle);
            } finally {
                second.stop();
            }
        } finally {
            tap.stop();
            ReplicationTap.dropSlot(db.jdbcUrl(), db.user(), db.password(), slot);
        }
    }

    private static long bytesBetween(String from, String to) {
        return LogSequenceNumber.valueOf(to).asLong() - LogSequenceNumber.valueOf(from).asLong();
    }

    private static SlotStatus status(Connection c, String slot) {
        try {
            return SlotStatus.read(c, slot).orElseThrow();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
