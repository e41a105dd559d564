package dev.tandem.validation.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tandem.validation.Thresholds;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One validation run's report, schema {@value #SCHEMA}: the figures, the verdict and the capacity projection.
 * {@link #toJson()} is the form others render and persist; {@link #fromJson} reads it back. Field names are
 * the JSON's (snake case) whatever mapper serialises these records. The schema is described in
 * validation/REPORT-SCHEMA.md; change it only with a new schema version.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ValidationReport(String schema, Run run, Config config, Totals totals, List<FieldMismatch> mismatches,
                               List<NoiseField> noise, Lags lagMs, LagHistograms lagHistogramMs, List<Minute> perMinute,
                               Verdict verdict, Capacity capacity, Calibration calibration, Bounds bounds) {
    public static final String SCHEMA = "tandem.validation.report/1";

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    public ValidationReport {
        mismatches = List.copyOf(mismatches);
        noise = List.copyOf(noise);
        perMinute = List.copyOf(perMinute);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode toJsonTree() {
        return JSON.valueToTree(this);
    }

    /** Reads a report back; refuses another schema. */
    public static ValidationReport fromJson(String json) {
        try {
            ValidationReport r = JSON.readValue(json, ValidationReport.class);
            if (!SCHEMA.equals(r.schema())) {
                throw new IllegalArgumentException("not a " + SCHEMA + " report: schema " + r.schema());
            }
            return r;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a validation report: " + e.getOriginalMessage(), e);
        }
    }

    /** @param source what the run watched (instance ids, file names) */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Run(String id, String startedAt, String endedAt, double durationSeconds, String source) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Config(long graceMs, List<String> ignoredFields, Thresholds thresholds) {
        public Config {
            ignoredFields = List.copyOf(ignoredFields);
        }
    }

    /** Counts over the whole run; see REPORT-SCHEMA.md for what each means and how they add up. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Totals(long legacySeen, long realtimeSeen, long matched, long mismatched, long missingOnLegacy,
                         long missingOnRealtime, long pendingLegacy, long pendingRealtime, long duplicatesLegacy,
                         long duplicatesRealtime, long outOfOrderLegacy, long outOfOrderRealtime, long lateLegacy,
                         long lateRealtime, long unobservedLegacy, long unobservedRealtime,
                         long ignoredFieldDifferences, long noiseFieldDifferences) {
    }

    /** A field path that differed between the sides, in how many events, with a few of them. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FieldMismatch(String field, long count, List<Sample> samples) {
        public FieldMismatch {
            samples = List.copyOf(samples);
        }
    }

    /** One differing value; {@code absentOn} names the side that lacked the field (its value is then null). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Sample(String eventId, JsonNode legacy, JsonNode realtime,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String absentOn) {
    }

    /**
     * A field that differs between two observations of one stream: {@code count} differences between the sides
     * were put down to it, not counted as mismatches; {@code calibrationCount} times the two observations differed.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record NoiseField(String field, long count, long calibrationCount) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Lags(Lag legacy, Lag realtime, Lag realtimeMinusLegacy) {
    }

    /** Milliseconds; all 0 when {@code count} is 0. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Lag(long count, double p50, double p95, double p99, double max) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record LagHistograms(List<Bucket> legacy, List<Bucket> realtime) {
        public LagHistograms {
            legacy = List.copyOf(legacy);
            realtime = List.copyOf(realtime);
        }
    }

    /** Lags above the previous bucket's {@code le} and at most this one's, in ms; {@code le} null: the rest. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Bucket(Long le, long count) {
    }

    /** One minute of the run; the lag p99s are null in a minute without lag samples. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Minute(String minute, long legacySeen, long realtimeSeen, long matched, long mismatched,
                         long missingOnLegacy, long missingOnRealtime, long duplicates, long late,
                         Double lagP99MsLegacy, Double lagP99MsRealtime) {
    }

    /** {@code result} is GO or NO-GO; {@code reasons} say why in sentences. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Verdict(String result, List<String> reasons, List<Check> checks) {
        public static final String GO = "GO";
        public static final String NO_GO = "NO-GO";

        public Verdict {
            reasons = List.copyOf(reasons);
            checks = List.copyOf(checks);
        }
    }

    /** {@code comparison} is "<=" (value at most the threshold) or ">=" (at least). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Check(String name, double value, double threshold, boolean passed, String comparison) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Capacity(double eventsPerSecond, long dashboards, double realtimeMessagesPerSecond, List<Plan> plans,
                           List<String> overQuotaPlans, double peakMinuteEventsPerSecond,
                           double peakMinuteRealtimeMessagesPerSecond, String quotaSource) {
        public Capacity {
            plans = List.copyOf(plans);
            overQuotaPlans = List.copyOf(overQuotaPlans);
        }
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Plan(String name, long messagesPerSecondQuota, boolean over) {
    }

    /**
     * Noise calibration: pairs of observations of one stream compared, and primary or secondary observations
     * whose twin never came within the grace window.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Calibration(boolean enabled, long pairsCompared, long unpaired) {
    }

    /** The memory bounds, their full policies, and how often each was reached; see REPORT-SCHEMA.md. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Bounds(long maxPending, String pendingFullPolicy, long pendingEvicted, long recentIds,
                         long recentIdsForgotten, long missingTracked, long missingForgotten,
                         long perMinuteRetention, long perMinuteDropped, long fieldPathsOverflowed,
                         long sourcesUntracked) {
    }
}
