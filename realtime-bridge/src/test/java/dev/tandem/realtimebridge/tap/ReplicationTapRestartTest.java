package dev.tandem.realtimebridge.tap;

import static dev.tandem.realtimebridge.tap.TapFixture.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.migrations.Migrator;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * At-least-once across a stop/start, a tap killed in the middle of a transaction, and a lost connection:
 * nothing acknowledged too early, nothing skipped.
 */
class ReplicationTapRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static TestDatabase db;
    private final List<ReplicationTap> taps = new ArrayList<>();
    private String slot;

    @BeforeAll
    static void up() {
        db = TestDatabase.create("replication_tap_restart");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
    }

    @AfterAll
    static void down() {
        db.close();
    }

    @AfterEach
    void stopTapsAndDropSlot() {
        taps.forEach(ReplicationTap::stop);
        ReplicationTap.dropSlot(db.jdbcUrl(), db.user(), db.password(), slot);
        assertEquals(List.of(), db.replicationSlots(), "no slot left behind");
    }

    @Test
    void aNewTapOnTheSameSlotGetsExactlyWhatTheOldOneHadNotAcknowledged() throws Exception {
        slot = TapFixture.slotName(db, "resume");
        List<TapTransaction> firstRun = Collections.synchronizedList(new ArrayList<>());
        ReplicationTap first = started(firstRun::add);
        TapFixture.insertEach(db, 1, 2, 3);
        Await.until(WAIT, () -> firstRun.size() == 3, () -> "first run got " + seqs(List.copyOf(firstRun)));
        String acked = firstRun.get(2).endLsn();
        Await.until(WAIT, () -> TapFixture.confirmedAtLeast(db, slot, acked), () -> TapFixture.confirmedFlushLsn(db, slot));
        first.stop();

        TapFixture.insertEach(db, 4, 5, 6); // committed while no tap is reading
        List<TapTransaction> secondRun = Collections.synchronizedList(new ArrayList<>());
        started(secondRun::add);
        Await.until(WAIT, () -> secondRun.size() == 3, () -> "second run got " + seqs(List.copyOf(secondRun)));
        TapFixture.insertEach(db, 7);
        Await.until(WAIT, () -> secondRun.size() == 4, () -> "second run got " + seqs(List.copyOf(secondRun)));

        assertEquals(List.of(1L, 2L, 3L), seqs(firstRun));
        // 7 arriving proves the stream caught up, so an already-acknowledged 1..3 would have shown up before it.
        assertEquals(List.of(4L, 5L, 6L, 7L), seqs(List.copyOf(secondRun)));
    }

    @Test
    void aTransactionWhoseHandlingWasCutShortByALostConnectionIsDeliveredAgain() throws Exception {
        slot = TapFixture.slotName(db, "lost");
        List<TapTransaction> handled = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch inSecond = new CountDownLatch(1);
        CountDownLatch connectionKilled = new CountDownLatch(1);
        ReplicationTap tap = started(tx -> {
            handled.add(tx);
            if (seqs(List.of(tx)).contains(2L) && inSecond.getCount() > 0) {
                inSecond.countDown();
                assertTrue(connectionKilled.await(WAIT.toSeconds(), TimeUnit.SECONDS)); // still "handling" seq 2
            }
        });
        TapFixture.insertEach(db, 1, 2, 3);
        assertTrue(inSecond.await(WAIT.toSeconds(), TimeUnit.SECONDS), "listener reached seq 2");
        String firstEnd = handled.get(0).endLsn();
        Await.until(WAIT, () -> TapFixture.confirmedAtLeast(db, slot, firstEnd), () -> TapFixture.confirmedFlushLsn(db, slot));

        // The server ends the tap's session while its listener is still busy with seq 2, which is thus never acked.
        TapFixture.query(db, "SELECT pg_terminate_backend(active_pid)::text FROM pg_replication_slots WHERE slot_name = ?", slot);
        Await.until(WAIT, () -> "t".equals(TapFixture.query(db,
                "SELECT active_pid IS NULL FROM pg_replication_slots WHERE slot_name = ?", slot)), () -> "slot still active");
        connectionKilled.countDown();

        Await.until(WAIT, () -> Collections.frequency(seqs(List.copyOf(handled)), 2L) == 2
                && seqs(List.copyOf(handled)).getLast() == 3L, () -> "handled " + seqs(List.copyOf(handled)));
        List<Long> seqs = seqs(List.copyOf(handled));
        assertEquals(1, Collections.frequency(seqs, 1L), "acknowledged before the loss, so not re-sent: " + seqs);
        assertEquals(List.of(1L, 2L), seqs.subList(0, 2));
        Await.until(WAIT, () -> tap.stats().reconnects() >= 1 && tap.stats().connected(), () -> tap.stats().toString());
    }

    @Test
    void aTapKilledBetweenTheBeginAndTheCommitOfAManyRowTransactionMissesNothingOnceStartedAgain() throws Exception {
        slot = TapFixture.slotName(db, "killed");
        List<TapTransaction> firstRun = Collections.synchronizedList(new ArrayList<>());
        List<PgOutputMessage> firstRunMessages = Collections.synchronizedList(new ArrayList<>());
        ReplicationTap[] first = new ReplicationTap[1];
        first[0] = started(firstRun::add, message -> {
            firstRunMessages.add(message);
            // Begin and 3 of the 50 rows of seq 100..149 are in; its Commit is not. Kill the tap right here:
            // the server loses the connection and this tap object is never used again.
            if (message instanceof PgOutputMessage.Changes c && seqOf(c) == 102L) {
                first[0].stop(); // from the tap's own thread: returns at once, the loop ends after this message
                TapFixture.query(db, "SELECT pg_terminate_backend(active_pid)::text FROM pg_replication_slots"
                        + " WHERE slot_name = ?", slot);
            }
        });
        TapFixture.insertEach(db, 1);
        Await.until(WAIT, () -> firstRun.size() == 1, () -> "first run got " + seqs(List.copyOf(firstRun)));
        String ackedBeforeKill = firstRun.get(0).endLsn();
        Await.until(WAIT, () -> TapFixture.confirmedAtLeast(db, slot, ackedBeforeKill),
                () -> TapFixture.confirmedFlushLsn(db, slot));

        insertInOneTransaction(100, 50);
        Await.until(WAIT, () -> "t".equals(TapFixture.query(db,
                "SELECT active_pid IS NULL FROM pg_replication_slots WHERE slot_name = ?", slot)), () -> "slot still held");
        Await.until(WAIT, () -> first[0].stats().transactions() == 1 && !first[0].stats().connected(),
                () -> first[0].stats().toString());
        assertEquals(List.of(1L), seqs(List.copyOf(firstRun)), "the cut transaction never reached the listener");
        PgOutputMessage.Begin cutBegin = firstRunMessages.stream().filter(PgOutputMessage.Begin.class::isInstance)
                .map(PgOutputMessage.Begin.class::cast).reduce((a, b) -> b).orElseThrow();
        String cutCommit = TransactionAssembler.lsn(cutBegin.finalLsn());
        // The driver may move the slot past idle WAL on a keep-alive, but never up to the cut transaction's commit.
        assertEquals("t", TapFixture.query(db, "SELECT confirmed_flush_lsn < ?::pg_lsn FROM pg_replication_slots"
                + " WHERE slot_name = ?", cutCommit, slot), "confirmed " + TapFixture.confirmedFlushLsn(db, slot)
                + ", cut transaction commits at " + cutCommit);

        TapFixture.insertEach(db, 200); // committed while no tap is reading
        List<TapTransaction> secondRun = Collections.synchronizedList(new ArrayList<>());
        started(secondRun::add, message -> { });
        TapFixture.insertEach(db, 201);
        Await.until(WAIT, () -> secondRun.size() == 3, () -> "second run got " + seqs(List.copyOf(secondRun)));

        List<Long> cut = new ArrayList<>();
        for (long seq = 100; seq < 150; seq++) {
            cut.add(seq);
        }
        assertEquals(cut, seqs(List.of(secondRun.get(0))), "the whole transaction, as one, in the order written");
        assertEquals(List.of(200L), seqs(List.of(secondRun.get(1))));
        assertEquals(List.of(201L), seqs(List.of(secondRun.get(2))));
        String lastEnd = secondRun.get(2).endLsn();
        Await.until(WAIT, () -> TapFixture.confirmedAtLeast(db, slot, lastEnd), () -> TapFixture.confirmedFlushLsn(db, slot));
    }

    private static long seqOf(PgOutputMessage.Changes c) {
        return Long.parseLong(c.changes().get(0).columns().get("seq"));
    }

    /** Rows {@code firstSeq}, {@code firstSeq + 1}, ... in a single transaction. */
    private static void insertInOneTransaction(long firstSeq, int count) throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            for (int i = 0; i < count; i++) {
                TapFixture.insert(c, firstSeq + i);
            }
            c.commit();
        }
    }

    private ReplicationTap started(TapListener listener) {
        return started(listener, message -> { });
    }

    private ReplicationTap started(TapListener listener, Consumer<PgOutputMessage> probe) {
        ReplicationTap tap = new ReplicationTap(TapFixture.config(db, slot), listener, probe);
        taps.add(tap);
        tap.start();
        return tap;
    }
}
