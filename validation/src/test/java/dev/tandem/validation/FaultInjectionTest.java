package dev.tandem.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.validation.report.ValidationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * 100,000 events through both sides, with a seeded 1% of them per fault kind on one side each: every injected
 * fault must show up in its own category, counted exactly, and nothing else may show up anywhere.
 */
class FaultInjectionTest {
    private static final int EVENTS = 100_000;
    private static final int PER_KIND = EVENTS / 100;
    private static final long SEED = 20261122L;
    private static final long GAP_MICROS = 1_000; // 1,000 events/s
    private static final long LEGACY_LAG_MICROS = 2_000;
    private static final long REALTIME_LAG_MICROS = 150_000; // Postgres Changes polling
    private static final Duration GRACE = Duration.ofSeconds(5);

    enum Fault { DROP, DUPLICATE, MUTATE, REORDER, DELAY_PAST_GRACE, DELAY_WITHIN_GRACE }

    /** Field paths a mutation changes; identity and order fields (event_id, seq, source) are never mutated. */
    private static final List<String> MUTABLE = List.of("type", "connection_type", "direction", "script_name",
            "function_name", "data_size_bytes", "response_time_ms", "error", "occurred_at", "metadata.region",
            "metadata.attempt", "metadata.tags[1]");

    private record Delivery(long at, Side side, int index, boolean mutated) {
    }

    private record Injected(Fault fault, Side side) {
    }

    @Test
    void everyInjectedFaultIsReportedInItsOwnCategoryAndNothingElse() {
        Random random = new Random(SEED);
        Map<Integer, Injected> faults = new HashMap<>();
        Map<Integer, String> mutations = new HashMap<>();
        Map<Fault, EnumMap<Side, Integer>> injected = new EnumMap<>(Fault.class);
        // Events in blocks of ten, at most one fault a block, never on a block's last event: a reorder swaps the
        // faulted event with the next one, which stays clean, and no two faults touch each other.
        List<Integer> blocks = new ArrayList<>();
        for (int b = 0; b < EVENTS / 10; b++) {
            blocks.add(b);
        }
        Collections.shuffle(blocks, random);
        int next = 0;
        for (Fault fault : Fault.values()) {
            EnumMap<Side, Integer> bySide = new EnumMap<>(Side.class);
            for (Side s : Side.values()) {
                bySide.put(s, 0);
            }
            for (int k = 0; k < PER_KIND; k++) {
                int index = blocks.get(next++) * 10 + random.nextInt(9);
                Side side = random.nextBoolean() ? Side.LEGACY : Side.REALTIME;
                faults.put(index, new Injected(fault, side));
                bySide.merge(side, 1, Integer::sum);
                if (fault == Fault.MUTATE) {
                    mutations.put(index, MUTABLE.get(random.nextInt(MUTABLE.size())));
                }
            }
            injected.put(fault, bySide);
        }

        List<Delivery> deliveries = new ArrayList<>(2 * EVENTS + PER_KIND);
        for (int i = 0; i < EVENTS; i++) {
            for (Side side : Side.values()) {
                long at = ingested(i) + (side == Side.LEGACY ? LEGACY_LAG_MICROS : REALTIME_LAG_MICROS);
                Injected f = faults.get(i);
                Injected before = faults.get(i - 1);
                if (before != null && before.fault == Fault.REORDER && before.side == side) {
                    at = ingested(i - 1) + lag(side); // swapped with its predecessor
                }
                if (f == null || f.side != side) {
                    deliveries.add(new Delivery(at, side, i, false));
                    continue;
                }
                switch (f.fault) {
                    case DROP -> {
                    }
                    case DUPLICATE -> {
                        deliveries.add(new Delivery(at, side, i, false));
                        deliveries.add(new Delivery(at + 1_000 + random.nextInt(3_000_000), side, i, false));
                    }
                    case MUTATE -> deliveries.add(new Delivery(at, side, i, true));
                    case REORDER -> deliveries.add(new Delivery(ingested(i + 1) + lag(side), side, i, false));
                    case DELAY_PAST_GRACE -> deliveries.add(new Delivery(at + GRACE.toNanos() / 1_000 + 1_000_000
                            + random.nextInt(10_000_000), side, i, false));
                    case DELAY_WITHIN_GRACE -> deliveries.add(new Delivery(at + 1_500_000 + random.nextInt(3_000_000),
                            side, i, false));
                }
            }
        }
        deliveries.sort(Comparator.comparingLong(Delivery::at).thenComparing(Delivery::side).thenComparingInt(Delivery::index));

        TestEvents.Clock clock = new TestEvents.Clock(TestEvents.T0);
        Validator v = new Validator(ValidatorConfig.builder().grace(GRACE).build(), clock::now);
        for (Delivery d : deliveries) {
            clock.set(d.at);
            v.observe(d.side, event(d, mutations));
        }
        clock.set(deliveries.get(deliveries.size() - 1).at + GRACE.toNanos() / 1_000 + 1_000_000);
        ValidationReport.Totals t = v.report().totals();

        int drops = total(injected, Fault.DROP);
        int mutated = total(injected, Fault.MUTATE);
        int latePast = total(injected, Fault.DELAY_PAST_GRACE);
        assertEquals(count(injected, Fault.DROP, Side.REALTIME), t.missingOnRealtime(), "missing on realtime");
        assertEquals(count(injected, Fault.DROP, Side.LEGACY), t.missingOnLegacy(), "missing on legacy");
        assertEquals(count(injected, Fault.DUPLICATE, Side.LEGACY), t.duplicatesLegacy(), "duplicates on legacy");
        assertEquals(count(injected, Fault.DUPLICATE, Side.REALTIME), t.duplicatesRealtime(), "duplicates on realtime");
        assertEquals(mutated, t.mismatched(), "mismatched");
        assertEquals(count(injected, Fault.REORDER, Side.LEGACY), t.outOfOrderLegacy(), "out of order on legacy");
        assertEquals(count(injected, Fault.REORDER, Side.REALTIME), t.outOfOrderRealtime(), "out of order on realtime");
        assertEquals(count(injected, Fault.DELAY_PAST_GRACE, Side.LEGACY), t.lateLegacy(), "late on legacy");
        assertEquals(count(injected, Fault.DELAY_PAST_GRACE, Side.REALTIME), t.lateRealtime(), "late on realtime");
        // Delays within the grace window produce nothing: they are simply matched. So is everything else.
        assertEquals(EVENTS - drops - mutated - latePast, t.matched(), "matched");
        assertEquals(EVENTS - count(injected, Fault.DROP, Side.LEGACY), t.legacySeen(), "legacy seen");
        assertEquals(EVENTS - count(injected, Fault.DROP, Side.REALTIME), t.realtimeSeen(), "realtime seen");
        assertEquals(0, t.pendingLegacy() + t.pendingRealtime(), "pending");
        assertEquals(0, t.unobservedLegacy() + t.unobservedRealtime(), "unobserved");
        assertEquals(0, t.ignoredFieldDifferences(), "ignored field differences");
        assertEquals(0, t.noiseFieldDifferences(), "noise field differences");
        // Every event a side delivered is in exactly one outcome (REPORT-SCHEMA.md).
        long compared = t.matched() + t.mismatched();
        long late = t.lateLegacy() + t.lateRealtime();
        assertEquals(t.legacySeen(), compared + t.missingOnRealtime() + t.unobservedRealtime() + t.pendingLegacy() + late);
        assertEquals(t.realtimeSeen(), compared + t.missingOnLegacy() + t.unobservedLegacy() + t.pendingRealtime() + late);

        // Mismatches name exactly the mutated paths, each as often as it was mutated, with samples of those events.
        Map<String, Long> expectedByPath = new TreeMap<>();
        mutations.values().forEach(p -> expectedByPath.merge(p, 1L, Long::sum));
        Map<String, Long> reportedByPath = new TreeMap<>();
        Set<String> mutatedIds = new HashSet<>();
        mutations.keySet().forEach(i -> mutatedIds.add(TestEvents.id(i + 1)));
        for (ValidationReport.FieldMismatch m : v.report().mismatches()) {
            reportedByPath.put(m.field(), m.count());
            assertTrue(m.samples().size() <= 3 && !m.samples().isEmpty(), m.field() + " samples");
            m.samples().forEach(s -> assertTrue(mutatedIds.contains(s.eventId()), "sample " + s.eventId() + " was mutated"));
        }
        assertEquals(expectedByPath, reportedByPath);
        assertTrue(v.report().noise().isEmpty());
    }

    private static long ingested(int i) {
        return TestEvents.T0 + i * GAP_MICROS;
    }

    private static long lag(Side side) {
        return side == Side.LEGACY ? LEGACY_LAG_MICROS : REALTIME_LAG_MICROS;
    }

    private static int count(Map<Fault, EnumMap<Side, Integer>> injected, Fault fault, Side side) {
        return injected.get(fault).get(side);
    }

    private static int total(Map<Fault, EnumMap<Side, Integer>> injected, Fault fault) {
        return count(injected, fault, Side.LEGACY) + count(injected, fault, Side.REALTIME);
    }

    private static ObservedEvent event(Delivery d, Map<Integer, String> mutations) {
        long seq = d.index + 1;
        Map<String, Object> f = TestEvents.fields(seq, ingested(d.index));
        if (d.mutated) {
            mutate(f, mutations.get(d.index));
        }
        return new ObservedEvent(TestEvents.id(seq), f, d.at);
    }

    private static void mutate(Map<String, Object> f, String path) {
        ObjectNode metadata = (ObjectNode) f.get("metadata");
        switch (path) {
            case "data_size_bytes" -> f.put(path, (Long) f.get(path) + 1);
            case "response_time_ms" -> f.put(path, (Double) f.get(path) + 0.5);
            case "error" -> f.put(path, "connection reset");
            case "occurred_at" -> f.put(path, ((java.time.Instant) f.get(path)).plusNanos(1_000));
            case "metadata.region" -> metadata.put("region", "us-2");
            case "metadata.attempt" -> metadata.put("attempt", 2);
            case "metadata.tags[1]" -> ((ArrayNode) metadata.get("tags")).set(1, "c");
            default -> f.put(path, f.get(path) + "-changed");
        }
    }
}
