package dev.tandem.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.validation.report.RealtimeCapacity;
import dev.tandem.validation.report.ValidationReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report: its JSON shape, the verdict, the capacity projection and the per-minute figures. */
class ReportTest {
    private final TestEvents.Clock clock = new TestEvents.Clock(TestEvents.T0);

    private Validator validator(ValidatorConfig.Builder config) {
        return new Validator(config.build(), clock::now);
    }

    /**
     * {@code count} events at {@code perSecond} from the clock's now, seqs from {@code firstSeq}, legacy 2 ms
     * and realtime {@code realtimeLagMs} after ingest, delivered in time order with the clock following.
     */
    private void feed(Validator v, long firstSeq, int count, int perSecond, long realtimeLagMs) {
        long gap = 1_000_000L / perSecond;
        long start = clock.now();
        List<long[]> deliveries = new ArrayList<>(); // at, side, seq, ingested
        for (int i = 0; i < count; i++) {
            long ingested = start + i * gap;
            deliveries.add(new long[] {ingested + 2_000, 0, firstSeq + i, ingested});
            deliveries.add(new long[] {ingested + realtimeLagMs * 1_000, 1, firstSeq + i, ingested});
        }
        deliveries.sort((a, b) -> Long.compare(a[0], b[0]));
        for (long[] d : deliveries) {
            clock.set(d[0]);
            v.observe(d[1] == 0 ? Side.LEGACY : Side.REALTIME, TestEvents.event(d[2], d[3], d[0]));
        }
        clock.set(Math.max(clock.now(), start + count * gap));
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void theJsonHasExactlyTheVersionedShapeAndReadsBack() {
        Validator v = validator(ValidatorConfig.builder().source("tandem-host-1"));
        feed(v, 1, 100, 100, 150);
        v.observe(Side.LEGACY, TestEvents.event(1_000, clock.now(), clock.now(), Map.of("direction", "sideways")));
        v.observe(Side.REALTIME, TestEvents.event(1_000, clock.now(), clock.now()));
        ValidationReport report = v.report(3);
        JsonNode j = report.toJsonTree();

        assertEquals(List.of("schema", "run", "config", "totals", "mismatches", "noise", "lag_ms", "lag_histogram_ms",
                "per_minute", "verdict", "capacity", "calibration", "bounds"), keys(j));
        assertEquals("tandem.validation.report/1", j.get("schema").asText());
        assertEquals(List.of("id", "started_at", "ended_at", "duration_seconds", "source"), keys(j.get("run")));
        assertEquals("tandem-host-1", j.at("/run/source").asText());
        assertEquals("2026-11-22T10:00:00Z", j.at("/run/started_at").asText());
        assertEquals(List.of("grace_ms", "ignored_fields", "thresholds"), keys(j.get("config")));
        assertEquals(5000, j.at("/config/grace_ms").asLong());
        assertEquals(List.of("max_missing", "max_mismatch_rate", "max_duplicates", "max_lag_p99_ms", "min_events",
                "min_duration_seconds"), keys(j.at("/config/thresholds")));
        assertEquals(List.of("legacy_seen", "realtime_seen", "matched", "mismatched", "missing_on_legacy",
                "missing_on_realtime", "pending_legacy", "pending_realtime", "duplicates_legacy", "duplicates_realtime",
                "out_of_order_legacy", "out_of_order_realtime", "late_legacy", "late_realtime", "unobserved_legacy",
                "unobserved_realtime", "ignored_field_differences", "noise_field_differences"), keys(j.get("totals")));
        assertEquals(List.of("field", "count", "samples"), keys(j.at("/mismatches/0")));
        assertEquals(List.of("event_id", "legacy", "realtime"), keys(j.at("/mismatches/0/samples/0")));
        assertEquals("sideways", j.at("/mismatches/0/samples/0/legacy").asText());
        assertEquals(List.of("legacy", "realtime", "realtime_minus_legacy"), keys(j.get("lag_ms")));
        assertEquals(List.of("count", "p50", "p95", "p99", "max"), keys(j.at("/lag_ms/legacy")));
        assertEquals(List.of("legacy", "realtime"), keys(j.get("lag_histogram_ms")));
        assertEquals(List.of("le", "count"), keys(j.at("/lag_histogram_ms/legacy/0")));
        assertTrue(j.at("/lag_histogram_ms/legacy/15/le").isNull(), "the last bucket is unbounded");
        assertEquals(List.of("minute", "legacy_seen", "realtime_seen", "matched", "mismatched", "missing_on_legacy",
                "missing_on_realtime", "duplicates", "late", "lag_p99_ms_legacy", "lag_p99_ms_realtime"),
                keys(j.at("/per_minute/0")));
        assertEquals(List.of("result", "reasons", "checks"), keys(j.get("verdict")));
        assertEquals(List.of("name", "value", "threshold", "passed", "comparison"), keys(j.at("/verdict/checks/0")));
        assertEquals(List.of("events_per_second", "dashboards", "realtime_messages_per_second", "plans",
                "over_quota_plans", "peak_minute_events_per_second", "peak_minute_realtime_messages_per_second",
                "quota_source"), keys(j.get("capacity")));
        assertEquals(List.of("name", "messages_per_second_quota", "over"), keys(j.at("/capacity/plans/0")));
        assertEquals(3, j.at("/capacity/dashboards").asLong());

        ValidationReport back = ValidationReport.fromJson(report.toJson());
        assertEquals(report, back);
        assertEquals(report.toJson(), back.toJson());
        assertThrows(IllegalArgumentException.class,
                () -> ValidationReport.fromJson(report.toJson().replace("report/1", "report/2")));
    }

    @Test
    void aCleanRunLongAndBigEnoughIsGo() {
        Validator v = validator(ValidatorConfig.builder());
        feed(v, 1, 6_100, 100, 150); // 61 s at 100 events/s
        ValidationReport.Verdict verdict = v.report().verdict();
        assertEquals("GO", verdict.result());
        assertEquals(List.of("all 8 checks passed"), verdict.reasons());
        assertTrue(verdict.checks().stream().allMatch(ValidationReport.Check::passed));
        assertEquals(List.of("events_compared", "duration_seconds", "missing_on_legacy", "missing_on_realtime",
                "mismatch_rate", "duplicates_legacy", "duplicates_realtime", "lag_p99_ms_realtime"),
                verdict.checks().stream().map(ValidationReport.Check::name).toList());
    }

    @Test
    void noGoSpellsOutEachFailedCheckWithItsValueAndThreshold() {
        Validator v = validator(ValidatorConfig.builder());
        feed(v, 1, 2_000, 100, 150);
        long now = clock.now();
        for (long seq = 10_000; seq < 10_012; seq++) { // 12 events realtime never delivers
            v.observe(Side.LEGACY, TestEvents.event(seq, now, now));
        }
        v.observe(Side.LEGACY, TestEvents.event(20_000, now, now, Map.of("script_name", "other.py")));
        v.observe(Side.REALTIME, TestEvents.event(20_000, now, now));
        v.observe(Side.REALTIME, TestEvents.event(20_000, now, now));
        clock.advanceMillis(6_000);
        ValidationReport.Verdict verdict = v.report().verdict();
        assertEquals("NO-GO", verdict.result());
        assertEquals(List.of(
                "run duration: 26.14 s, threshold at least 60 s",
                "missing on realtime: 12 events, threshold 0",
                "mismatch rate: 0.0005 (1 of 2,001 events compared), threshold 0",
                "duplicates on realtime: 1, threshold 0"), verdict.reasons());
        ValidationReport.Check missing = verdict.checks().stream().filter(c -> c.name().equals("missing_on_realtime"))
                .findFirst().orElseThrow();
        assertEquals(new ValidationReport.Check("missing_on_realtime", 12, 0, false, "<="), missing);
    }

    @Test
    void tooFewEventsAndTooMuchLagAreNoGo() {
        Validator v = validator(ValidatorConfig.builder()
                .thresholds(new Thresholds(0, 0.0, 0, 100, 1_000, 1)));
        feed(v, 1, 500, 100, 250);
        ValidationReport.Verdict verdict = v.report().verdict();
        assertEquals("NO-GO", verdict.result());
        assertEquals(2, verdict.reasons().size(), verdict.reasons().toString());
        assertEquals("events compared: 500, threshold at least 1,000", verdict.reasons().get(0));
        assertTrue(verdict.reasons().get(1).matches("realtime lag p99: 250(\\.\\d+)? ms, threshold 100 ms"),
                verdict.reasons().get(1));
    }

    @Test
    void capacityIsEventsPerSecondTimesDashboardsAgainstEachPlan() {
        Validator v = validator(ValidatorConfig.builder());
        feed(v, 1, 1_200, 10, 150); // 120 s at 10 events/s
        ValidationReport.Capacity c = v.report(20).capacity();
        assertEquals(10, c.eventsPerSecond(), 0.01);
        assertEquals(200, c.realtimeMessagesPerSecond(), 0.1);
        assertEquals(List.of("free"), c.overQuotaPlans());
        assertEquals(List.of("free", "pro", "pro_no_spend_cap", "team", "enterprise"),
                c.plans().stream().map(ValidationReport.Plan::name).toList());
        assertEquals(List.of(100L, 500L, 2_500L, 2_500L, 2_500L),
                c.plans().stream().map(ValidationReport.Plan::messagesPerSecondQuota).toList());
        assertEquals(RealtimeCapacity.QUOTA_SOURCE, c.quotaSource());
        assertEquals(List.of(), v.report(5).capacity().overQuotaPlans()); // 50 messages/s fits every plan
        assertEquals(List.of("free", "pro", "pro_no_spend_cap", "team", "enterprise"),
                v.report(300).capacity().overQuotaPlans());
    }

    @Test
    void theBusiestFullMinuteCountsAgainstTheQuotaNotOnlyTheAverage() {
        Validator v = validator(ValidatorConfig.builder());
        feed(v, 1, 600, 10, 150);        // minute 0: 10 events/s
        feed(v, 1_000, 3_000, 50, 150);  // minute 1: 50 events/s
        feed(v, 10_000, 600, 10, 150);   // minute 2: 10 events/s
        clock.advanceMillis(60_000);     // minute 3: nothing
        ValidationReport.Capacity c = v.report(5).capacity();
        assertEquals(4_200 / 240.0, c.eventsPerSecond(), 0.05);
        assertEquals(50, c.peakMinuteEventsPerSecond(), 0.1);
        assertEquals(250, c.peakMinuteRealtimeMessagesPerSecond(), 0.5);
        assertEquals(List.of("free"), c.overQuotaPlans(), "87.5 messages/s on average, 250 in the busiest minute");
    }

    @Test
    void aPlanIsOverOnlyAboveItsQuota() {
        ValidationReport.Capacity c = RealtimeCapacity.project(5, -1, 20);
        assertEquals(100, c.realtimeMessagesPerSecond(), 0.0);
        assertFalse(c.plans().get(0).over(), "exactly at the quota");
        assertEquals(5, c.peakMinuteEventsPerSecond(), 0.0, "without a full minute the average stands in");
    }

    @Test
    void perMinuteFiguresLandInTheMinuteTheyHappenedIn() {
        Validator v = validator(ValidatorConfig.builder());
        // Minute 10:00: 50 matched, and one event realtime does not deliver in time ...
        feed(v, 1, 50, 1, 150);
        // ... sent at 10:00:50, so missing from 10:00:55.
        clock.set(TestEvents.T0 + 50_000_000);
        v.observe(Side.LEGACY, TestEvents.event(500, clock.now(), clock.now()));
        clock.set(TestEvents.T0 + 60_000_000);
        // Minute 10:01: the next call declares it missing, in the minute of its deadline (10:00); then a
        // mismatch and a duplicate.
        v.observe(Side.LEGACY, TestEvents.event(501, clock.now(), clock.now(), Map.of("error", "x")));
        v.observe(Side.REALTIME, TestEvents.event(501, clock.now(), clock.now() + 300_000));
        v.observe(Side.REALTIME, TestEvents.event(501, clock.now(), clock.now()));
        // Minute 10:03 (10:02 stays empty): the missing event arrives late.
        clock.set(TestEvents.T0 + 185_000_000);
        v.observe(Side.REALTIME, TestEvents.event(500, TestEvents.T0 + 50_000_000, clock.now()));
        List<ValidationReport.Minute> minutes = v.report().perMinute();
        assertEquals(List.of("2026-11-22T10:00:00Z", "2026-11-22T10:01:00Z", "2026-11-22T10:02:00Z",
                "2026-11-22T10:03:00Z"), minutes.stream().map(ValidationReport.Minute::minute).toList());
        ValidationReport.Minute m0 = minutes.get(0);
        assertEquals(51, m0.legacySeen());
        assertEquals(50, m0.realtimeSeen());
        assertEquals(50, m0.matched());
        assertEquals(0, m0.missingOnRealtime(), "declared in this minute, and since arrived late");
        assertEquals(2, m0.lagP99MsLegacy(), 0.05);
        assertEquals(150, m0.lagP99MsRealtime(), 2);
        ValidationReport.Minute m1 = minutes.get(1);
        assertEquals(List.of(1L, 1L, 0L, 1L, 0L, 0L, 1L, 0L), List.of(m1.legacySeen(), m1.realtimeSeen(), m1.matched(),
                m1.mismatched(), m1.missingOnLegacy(), m1.missingOnRealtime(), m1.duplicates(), m1.late()));
        assertEquals(0, m1.lagP99MsLegacy(), 0.01);
        assertEquals(300, m1.lagP99MsRealtime(), 4);
        assertEquals(new ValidationReport.Minute("2026-11-22T10:02:00Z", 0, 0, 0, 0, 0, 0, 0, 0, null, null),
                minutes.get(2));
        assertEquals(1, minutes.get(3).late());
        assertEquals(1, minutes.get(3).realtimeSeen());
        assertEquals(0, v.report().totals().missingOnRealtime());
        assertEquals(1, v.report().totals().lateRealtime());
    }

    @Test
    void aMissingEventDeclaredInAMinuteIsCountedThere() {
        Validator v = validator(ValidatorConfig.builder().grace(Duration.ofSeconds(5)));
        v.observe(Side.REALTIME, TestEvents.event(1, clock.now(), clock.now()));
        clock.advanceMillis(70_000);
        List<ValidationReport.Minute> minutes = v.report().perMinute();
        assertEquals(1, minutes.get(0).missingOnLegacy());
        assertEquals(0, minutes.get(1).missingOnLegacy());
    }
}
