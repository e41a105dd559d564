package dev.tandem.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.validation.report.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ValidatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AtomicLong nowMicros = new AtomicLong(1_000_000_000L);

    private Validator validator(ValidatorConfig.Builder config) {
        return new Validator(config.build(), nowMicros::get);
    }

    private Validator validator() {
        return validator(ValidatorConfig.builder().grace(Duration.ofSeconds(5)));
    }

    private static ObservedEvent event(String id, Map<String, Object> overrides) throws Exception {
        Map<String, Object> fields = new HashMap<>();
        fields.put("event_id", id);
        fields.put("connection_type", "redis");
        fields.put("direction", "inbound");
        fields.put("response_time_ms", 150.0);
        fields.put("data_size_bytes", 1024L);
        fields.put("error", null);
        fields.put("metadata", JSON.readTree("{\"a\":1,\"b\":[1,2]}"));
        fields.put("ingested_at", Instant.parse("2026-11-22T10:00:00.123456Z"));
        fields.putAll(overrides);
        return new ObservedEvent(id, fields, 0);
    }

    private static ObservedEvent event(String id) throws Exception {
        return event(id, Map.of());
    }

    private void advance(Duration d) {
        nowMicros.addAndGet(d.toNanos() / 1_000);
    }

    @Test
    void equalEventsOnBothSidesMatch() throws Exception {
        Validator v = validator();
        for (int i = 0; i < 100; i++) {
            v.observe(Side.LEGACY, event("e" + i));
        }
        for (int i = 0; i < 100; i++) {
            v.observe(Side.REALTIME, event("e" + i));
        }
        ValidationSummary s = v.summary();
        assertEquals(100, s.matched());
        assertEquals(0, s.mismatched());
        assertEquals(100, s.legacySeen());
        assertEquals(100, s.realtimeSeen());
        assertEquals(0, s.pendingLegacyOnly() + s.pendingRealtimeOnly());
    }

    @Test
    void valuesCompareByMeaningNotBySpelling() throws Exception {
        Validator v = validator();
        v.observe(Side.LEGACY, event("e1", Map.of("response_time_ms", 150L,
                "metadata", JSON.readTree("{\"b\":[1,2],\"a\":1.0}"))));
        v.observe(Side.REALTIME, event("e1"));
        assertEquals(1, v.summary().matched());
    }

    @Test
    void differingFieldsAreReportedByName() throws Exception {
        Validator v = validator();
        v.observe(Side.LEGACY, event("e1", Map.of("direction", "outbound")));
        v.observe(Side.REALTIME, event("e1", Map.of("metadata", JSON.readTree("{\"a\":2,\"b\":[1,2]}"))));
        ValidationSummary s = v.summary();
        assertEquals(0, s.matched());
        assertEquals(1, s.mismatched());
        List<ValidationSummary.FieldDifference> diffs = s.mismatchSamples().get(0).differences();
        assertEquals(List.of("direction", "metadata.a"), diffs.stream().map(ValidationSummary.FieldDifference::field).toList());
        assertEquals("outbound", diffs.get(0).legacy());
        assertEquals("inbound", diffs.get(0).realtime());
    }

    @Test
    void ignoredFieldsNeverCauseAMismatch() throws Exception {
        Validator v = validator(ValidatorConfig.builder().ignoredFields(Set.of("broadcast_time")));
        v.observe(Side.LEGACY, event("e1", Map.of("broadcast_time", "x")));
        v.observe(Side.REALTIME, event("e1", Map.of("broadcast_time", "y")));
        assertEquals(1, v.summary().matched());
        assertEquals(1, v.report().totals().ignoredFieldDifferences());
    }

    @Test
    void broadcastTimeIsIgnoredByDefault() throws Exception {
        Validator v = validator();
        v.observe(Side.LEGACY, event("e1", Map.of("broadcast_time", "2026-11-22T10:00:01Z")));
        v.observe(Side.REALTIME, event("e1"));
        assertEquals(1, v.summary().matched());
        assertEquals(List.of("broadcast_time"), v.report().config().ignoredFields());
    }

    @Test
    void ignoreRulesWorkByPathInsideJson() throws Exception {
        Validator v = validator(ValidatorConfig.builder().ignoredFields(Set.of("metadata.b")));
        v.observe(Side.LEGACY, event("e1", Map.of("metadata", JSON.readTree("{\"a\":1,\"b\":[1,2]}"))));
        v.observe(Side.REALTIME, event("e1", Map.of("metadata", JSON.readTree("{\"a\":1,\"b\":[3]}"))));
        v.observe(Side.LEGACY, event("e2", Map.of("metadata", JSON.readTree("{\"a\":1,\"b\":{\"x\":1}}"))));
        v.observe(Side.REALTIME, event("e2", Map.of("metadata", JSON.readTree("{\"a\":2,\"b\":{\"x\":2}}"))));
        ValidationReport r = v.report();
        assertEquals(1, r.totals().matched());
        assertEquals(1, r.totals().mismatched());
        assertEquals(2, r.totals().ignoredFieldDifferences());
        assertEquals(List.of("metadata.a"), r.mismatches().stream().map(ValidationReport.FieldMismatch::field).toList());
    }

    @Test
    void aMismatchSampleCarriesBothValuesAsJson() throws Exception {
        Validator v = validator();
        v.observe(Side.LEGACY, event("e1", Map.of("data_size_bytes", 5L, "extra", "x")));
        v.observe(Side.REALTIME, event("e1", Map.of("data_size_bytes", 6L)));
        List<ValidationReport.FieldMismatch> m = v.report().mismatches();
        assertEquals(List.of("data_size_bytes", "extra"), m.stream().map(ValidationReport.FieldMismatch::field).sorted().toList());
        ValidationReport.Sample size = m.stream().filter(x -> x.field().equals("data_size_bytes")).findFirst().orElseThrow().samples().get(0);
        assertEquals("e1", size.eventId());
        assertEquals(5, size.legacy().asLong());
        assertEquals(6, size.realtime().asLong());
        assertEquals(null, size.absentOn());
        ValidationReport.Sample extra = m.stream().filter(x -> x.field().equals("extra")).findFirst().orElseThrow().samples().get(0);
        assertEquals("realtime", extra.absentOn());
        assertTrue(extra.realtime().isNull());
    }

    @Test
    void aFieldPresentOnOneSideOnlyIsADifference() throws Exception {
        Validator v = validator();
        v.observe(Side.LEGACY, event("e1", Map.of("extra", "x")));
        v.observe(Side.REALTIME, event("e1"));
        ValidationSummary s = v.summary();
        assertEquals(1, s.mismatched());
        assertEquals("<absent>", s.mismatchSamples().get(0).differences().get(0).realtime());
    }

    @Test
    void oneSidedEventsArePendingWithinGraceAndMissingAfter() throws Exception {
        Validator v = validator();
        v.observe(Side.LEGACY, event("only-legacy"));
        v.observe(Side.REALTIME, event("only-realtime"));
        advance(Duration.ofSeconds(4));
        ValidationSummary within = v.summary();
        assertEquals(1, within.pendingLegacyOnly());
        assertEquals(1, within.pendingRealtimeOnly());
        assertEquals(0, within.missingOnRealtime() + within.missingOnLegacy());

        advance(Duration.ofSeconds(2));
        ValidationSummary after = v.summary();
        assertEquals(1, after.missingOnRealtime());
        assertEquals(1, after.missingOnLegacy());
        assertEquals(0, after.pendingLegacyOnly() + after.pendingRealtimeOnly());
    }

    @Test
    void aLateArrivalMovesFromMissingToLate() throws Exception {
        Validator v = validator();
        v.observe(Side.LEGACY, event("e1"));
        advance(Duration.ofSeconds(6));
        assertEquals(1, v.summary().missingOnRealtime());
        v.observe(Side.REALTIME, event("e1"));
        ValidationSummary s = v.summary();
        assertEquals(0, s.missingOnRealtime());
        assertEquals(1, s.late());
        assertEquals(1, s.realtimeSeen());
        v.observe(Side.REALTIME, event("e1"));
        assertEquals(1, v.summary().duplicatesRealtime());
    }

    @Test
    void repeatedDeliveriesOnOneSideAreDuplicates() throws Exception {
        Validator v = validator();
        v.observe(Side.LEGACY, event("e1"));
        v.observe(Side.LEGACY, event("e1"));
        v.observe(Side.REALTIME, event("e1"));
        v.observe(Side.REALTIME, event("e1"));
        v.observe(Side.LEGACY, event("e1"));
        ValidationSummary s = v.summary();
        assertEquals(1, s.matched());
        assertEquals(2, s.duplicatesLegacy());
        assertEquals(1, s.duplicatesRealtime());
        assertEquals(1, s.legacySeen());
    }

    @Test
    void pendingIsBoundedAndTheOldestIsDeclaredMissingWhenFull() throws Exception {
        Validator v = validator(ValidatorConfig.builder().maxPending(10));
        for (int i = 0; i < 25; i++) {
            v.observe(Side.LEGACY, event("e" + i));
        }
        ValidationSummary s = v.summary();
        assertEquals(10, s.pendingLegacyOnly());
        assertEquals(15, s.missingOnRealtime());
        v.observe(Side.REALTIME, event("e24"));
        assertEquals(1, v.summary().matched());
        ValidationReport.Bounds b = v.report().bounds();
        assertEquals(15, b.pendingEvicted());
        assertEquals(ValidatorConfig.PENDING_FULL_POLICY, b.pendingFullPolicy());
    }

    @Test
    void unobservedSeqsCountApartFromMissingWhetherMarkedBeforeOrAfterTheGraceWindow() throws Exception {
        Validator v = validator();
        for (long seq = 1; seq <= 10; seq++) {
            v.observe(Side.REALTIME, event("e" + seq, Map.of("seq", seq, "source", "inst-1")));
        }
        // The legacy observer was away for seqs 3-4 (it said so before the grace window ran out) ...
        v.markUnobserved(Side.LEGACY, null, 3, 4);
        advance(Duration.ofSeconds(6));
        ValidationReport.Totals t = v.report().totals();
        assertEquals(2, t.unobservedLegacy());
        assertEquals(8, t.missingOnLegacy());
        // ... and for 7-9 (said after); another source's range covers nothing here.
        v.markUnobserved(Side.LEGACY, "inst-2", 1, 10);
        v.markUnobserved(Side.LEGACY, "inst-1", 7, 9);
        t = v.report().totals();
        assertEquals(5, t.unobservedLegacy());
        assertEquals(5, t.missingOnLegacy());
        // An unobserved event the observer got after all (a resume replayed it) is late, no longer unobserved.
        v.observe(Side.LEGACY, event("e8", Map.of("seq", 8L, "source", "inst-1")));
        t = v.report().totals();
        assertEquals(4, t.unobservedLegacy());
        assertEquals(1, t.lateLegacy());
        assertEquals(5, t.missingOnLegacy());
        assertEquals(0, t.unobservedRealtime() + t.missingOnRealtime());
    }

    @Test
    void theNextRunCarriesPendingEventsAndNeverCountsAnEarlierRunsMissingAgainstItself() throws Exception {
        Validator v = validator();
        v.observe(Side.LEGACY, event("old-missing"));
        advance(Duration.ofSeconds(6));
        v.observe(Side.LEGACY, event("carried"));
        ValidationReport first = v.nextRun(1);
        assertEquals(1, first.totals().missingOnRealtime());
        assertEquals(1, first.totals().pendingLegacy());
        ValidationReport opening = v.report();
        assertEquals(1, opening.totals().pendingLegacy());
        assertEquals(1, opening.totals().legacySeen());
        assertTrue(!opening.run().id().equals(first.run().id()));

        v.observe(Side.REALTIME, event("carried"));
        v.observe(Side.REALTIME, event("old-missing"));
        v.observe(Side.LEGACY, event("carried"));
        ValidationReport.Totals t = v.report().totals();
        assertEquals(1, t.matched());
        assertEquals(0, t.missingOnRealtime());
        assertEquals(1, t.lateRealtime());
        assertEquals(1, t.duplicatesLegacy());
        assertEquals(2, t.realtimeSeen());
    }

    @Test
    void configNamesTheSettingItRejects() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValidatorConfig.builder().grace(Duration.ZERO).build());
        assertTrue(e.getMessage().startsWith("grace"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ValidatorConfig.builder().maxPending(0).build());
        assertTrue(e.getMessage().startsWith("maxPending"), e.getMessage());
    }
}
