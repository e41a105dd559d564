package dev.tandem.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.validation.report.ValidationReport;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Memory is bounded by the windows, not by the run. What the validator holds depends only on the event rate
 * times each window (grace, dedup, late) and on the minute ring's length; so a 24-hour run at 1,000 events/s is
 * covered, compressed, by (a) running at 1,000 events/s well past every window and checking that the state and
 * the heap stop growing, and (b) running more than 24 hours at a low rate, past the minute ring.
 */
class BoundedMemoryTest {
    private static final ObjectNode METADATA = JsonNodeFactory.instance.objectNode().put("region", "eu-1");
    private final TestEvents.Clock clock = new TestEvents.Clock(TestEvents.T0);

    /** A lean event (the full test event costs more to build than to validate). */
    private static ObservedEvent event(long seq, long ingested, long observed, boolean changed) {
        Map<String, Object> f = new HashMap<>(8);
        f.put("seq", seq);
        f.put("source", TestEvents.SOURCE);
        f.put("direction", changed ? "outbound" : "inbound");
        f.put("metadata", METADATA);
        f.put("ingested_at", TestEvents.instant(ingested));
        return new ObservedEvent(TestEvents.id(seq), f, observed);
    }

    /**
     * Events {@code from..to-1} at {@code perSecond} from {@code start}: legacy 2 ms after ingest, realtime
     * 150 ms after; realtime drops every {@code dropEvery}-th and alters every 500th.
     */
    private void run(Validator v, long start, long from, long to, long perSecond, long dropEvery) {
        long gap = 1_000_000 / perSecond;
        long realtimeBehind = 150_000 / gap; // realtime delivers event i - realtimeBehind while legacy delivers i
        for (long i = from; i < to + realtimeBehind; i++) {
            if (i < to) {
                long ingested = start + i * gap;
                clock.set(ingested + 2_000);
                v.observe(Side.LEGACY, event(i + 1, ingested, clock.now(), false));
            }
            long j = i - realtimeBehind;
            if (j >= from && (dropEvery == 0 || j % dropEvery != 0)) {
                long ingested = start + j * gap;
                clock.set(Math.max(clock.now(), ingested + 150_000));
                v.observe(Side.REALTIME, event(j + 1, ingested, clock.now(), j % 500 == 0));
            }
        }
    }

    /** Heap in use after a full collection, as the platform's memory bean reports it. */
    private static long heapAfterFullGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        memory.gc();
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Test
    void atAThousandEventsPerSecondTheStateAndTheHeapStopGrowingOnceTheWindowsAreFull() {
        ValidatorConfig config = ValidatorConfig.builder().grace(Duration.ofSeconds(5))
                .dedupWindow(Duration.ofSeconds(60)).lateWindow(Duration.ofSeconds(120)).build();
        Validator v = new Validator(config, clock::now);
        long perSecond = 1_000;
        long heapAtFiveMinutes = 0;
        for (int minute = 0; minute < 15; minute++) {
            for (int tenth = 0; tenth < 6; tenth++) { // check every 10 s
                long from = (minute * 60L + tenth * 10L) * perSecond;
                run(v, TestEvents.T0, from, from + 10 * perSecond, perSecond, 1_000);
                Validator.Footprint f = v.footprint();
                assertTrue(f.pending() <= perSecond * 5, "pending " + f);
                assertTrue(f.pendingQueued() <= perSecond * 5 + perSecond / 5, "pending queue " + f);
                assertTrue(f.recentIds() <= perSecond * (60 + 1), "recent ids " + f);
                assertTrue(f.missingTracked() <= 120 + 10, "missing tracked " + f); // one drop a second, 120 s
                assertEquals(1, f.sources());
                assertTrue(f.fieldPaths() <= 1, "field paths " + f);
            }
            if (minute == 4) {
                heapAtFiveMinutes = heapAfterFullGc();
            }
        }
        long heapAtFifteenMinutes = heapAfterFullGc();
        long growth = heapAtFifteenMinutes - heapAtFiveMinutes;
        assertTrue(growth < 8L << 20, "heap grew by " + (growth >> 10) + " KiB from minute 5 to 15 ("
                + (heapAtFiveMinutes >> 10) + " KiB to " + (heapAtFifteenMinutes >> 10) + " KiB)");

        clock.advanceMillis(6_000);
        ValidationReport r = v.report();
        assertEquals(900_000, r.totals().legacySeen());
        assertEquals(900, r.totals().missingOnRealtime());
        assertEquals(900, r.totals().mismatched()); // every 500th altered, half of those dropped (every 1,000th)
        assertEquals(16, r.perMinute().size()); // and the minute the report is made in
        assertEquals(0, r.bounds().recentIdsForgotten() + r.bounds().pendingEvicted() + r.bounds().missingForgotten());
    }

    @Test
    void aRunLongerThanADayKeepsTheLastDayOfMinutes() {
        Validator v = new Validator(ValidatorConfig.builder().build(), clock::now);
        long perSecond = 1;
        run(v, TestEvents.T0, 0, 25 * 3_600 * perSecond, perSecond, 3_600);
        clock.advanceMillis(6_000);
        ValidationReport r = v.report();
        assertEquals(24 * 60, r.perMinute().size());
        assertEquals(60 + 1, r.bounds().perMinuteDropped()); // 25 h and the minute the report is made in
        assertEquals("2026-11-22T11:01:00Z", r.perMinute().get(0).minute());
        assertEquals("2026-11-23T11:00:00Z", r.perMinute().get(r.perMinute().size() - 1).minute());
        assertEquals(25, r.totals().missingOnRealtime(), "totals cover the whole run");
        Validator.Footprint f = v.footprint();
        assertTrue(f.recentIds() <= 5 * 60 + 1, f.toString());
        assertTrue(f.missingTracked() <= 2, f.toString()); // the last hour's drop
    }

    @Test
    void theIdCapsForgetTheOldestAndCountIt() {
        Validator v = new Validator(ValidatorConfig.builder().maxRecentIds(1_000).maxMissingTracked(10).build(),
                clock::now);
        run(v, TestEvents.T0, 0, 5_000, 1_000, 100); // realtime drops 50 of 5,000 (the ones it would alter)
        clock.advanceMillis(6_000);
        ValidationReport r = v.report();
        assertEquals(50, r.totals().missingOnRealtime());
        assertEquals(4_950, r.totals().matched() + r.totals().mismatched());
        assertEquals(new Validator.Footprint(0, 0, 1_000, 10, 0, 1, 0), v.footprint());
        assertEquals(3_950, r.bounds().recentIdsForgotten());
        assertEquals(40, r.bounds().missingForgotten());
        assertEquals(0, r.bounds().pendingEvicted());
    }
}
