package dev.tandem.validation;

import java.time.Duration;
import java.util.Set;

/**
 * Settings of a {@link Validator}. Immutable; build with {@link #builder()}. Every bound on memory is here,
 * with what happens when it is reached; none of them grows with the length of a run.
 *
 * @param grace               how long an event may be seen on one side only before it counts as missing on
 *                            the other (Realtime's Postgres Changes polls every 100-500 ms, so 5 s by default)
 * @param maxPending          bound on events seen on one side only; when full, the oldest is declared missing
 *                            early (policy {@value #PENDING_FULL_POLICY}, counted as {@code pending_evicted})
 * @param maxSamples          how many mismatch samples {@link Validator#summary()} keeps
 * @param samplesPerField     how many samples the report keeps for each differing field path
 * @param ignoredFields       field paths never compared, because they legitimately differ between the sides
 *                            ({@code broadcast_time}; {@code metadata.trace} covers everything under it too)
 * @param dedupWindow         how long an id that both sides delivered is remembered, to recognise a repeat
 * @param maxRecentIds        bound on ids remembered for {@code dedupWindow}; when full, the oldest is
 *                            forgotten (policy {@value #RECENT_FULL_POLICY}, counted as {@code recent_ids_forgotten})
 * @param lateWindow          how long an event declared missing is remembered, to recognise it as late
 * @param maxMissingTracked   bound on missing events remembered for {@code lateWindow}; when full, the oldest
 *                            is forgotten (policy {@value #RECENT_FULL_POLICY}, counted as {@code missing_forgotten})
 * @param delayedAfter        an event that arrives after a later {@code seq} of its source counts as out of
 *                            order, unless it came more than this after the other side delivered it: then it
 *                            was held up, which the lag figures show (and, past the grace window, {@code late}),
 *                            not reordered. 1 s: twice the 500 ms Postgres Changes polling can add.
 * @param noiseCalibration    the sides watched by a second observer too ({@link Validator#observeSecondary}):
 *                            each of their primary observations is kept until the second observer's copy of it
 *                            arrives (at most the grace window), to learn which fields differ between two
 *                            observations of one stream
 * @param noiseRelativePercent Diffy's relative threshold: a noisy field still counts as mismatching when its
 *                            difference rate between the sides exceeds its noise rate by more than this
 *                            relative margin, in percent ...
 * @param noiseAbsolutePercent ... and by more than this many percentage points
 * @param thresholds          what a GO verdict requires
 * @param perMinuteRetention  how many per-minute buckets a run keeps, newest last (a ring: the oldest minute
 *                            is dropped when full, counted as {@code per_minute_dropped}); 1,440 is a day
 * @param maxFieldPaths       bound on distinct differing field paths counted; later ones count under
 *                            {@value #OTHER_FIELDS}
 * @param maxSources          bound on sources whose {@code seq} order is tracked; later ones are not
 * @param maxUnobservedRanges bound on unobserved seq ranges kept per side; the oldest is dropped when full
 * @param dashboards          dashboards assumed subscribed on the new path, for the capacity projection, when
 *                            the report is asked for without a number
 * @param source              what the run watches (instance id, file names), for the report
 */
public record ValidatorConfig(Duration grace, int maxPending, int maxSamples, int samplesPerField,
                              Set<String> ignoredFields, Duration dedupWindow, int maxRecentIds, Duration lateWindow,
                              int maxMissingTracked, Duration delayedAfter, Set<Side> noiseCalibration,
                              double noiseRelativePercent, double noiseAbsolutePercent, Thresholds thresholds,
                              int perMinuteRetention, int maxFieldPaths, int maxSources, int maxUnobservedRanges,
                              int dashboards, String source) {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_PENDING = 1_000_000;
    public static final int DEFAULT_MAX_SAMPLES = 10;
    public static final String PENDING_FULL_POLICY = "DECLARE_OLDEST_MISSING";
    public static final String RECENT_FULL_POLICY = "FORGET_OLDEST";
    public static final String OTHER_FIELDS = "(other fields)";

    public ValidatorConfig {
        requirePositive("grace", grace);
        requireAtLeast("maxPending", maxPending, 1);
        requireAtLeast("maxSamples", maxSamples, 0);
        requireAtLeast("samplesPerField", samplesPerField, 0);
        ignoredFields = Set.copyOf(ignoredFields);
        requirePositive("dedupWindow", dedupWindow);
        requireAtLeast("maxRecentIds", maxRecentIds, 1);
        requirePositive("lateWindow", lateWindow);
        requireAtLeast("maxMissingTracked", maxMissingTracked, 1);
        requirePositive("delayedAfter", delayedAfter);
        noiseCalibration = Set.copyOf(noiseCalibration);
        if (!(noiseRelativePercent >= 0) || !(noiseAbsolutePercent >= 0)) {
            throw new IllegalArgumentException("noiseRelativePercent and noiseAbsolutePercent must be 0 or more, got "
                    + noiseRelativePercent + " and " + noiseAbsolutePercent);
        }
        if (thresholds == null) {
            throw new IllegalArgumentException("thresholds must be set");
        }
        requireAtLeast("perMinuteRetention", perMinuteRetention, 1);
        requireAtLeast("maxFieldPaths", maxFieldPaths, 1);
        requireAtLeast("maxSources", maxSources, 0);
        requireAtLeast("maxUnobservedRanges", maxUnobservedRanges, 1);
        requireAtLeast("dashboards", dashboards, 0);
        source = source == null ? "" : source;
    }

    public long graceMicros() {
        return grace.toNanos() / 1_000;
    }

    private static void requirePositive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
        }
    }

    private static void requireAtLeast(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.grace = grace;
        b.maxPending = maxPending;
        b.maxSamples = maxSamples;
        b.samplesPerField = samplesPerField;
        b.ignoredFields = ignoredFields;
        b.dedupWindow = dedupWindow;
        b.maxRecentIds = maxRecentIds;
        b.lateWindow = lateWindow;
        b.maxMissingTracked = maxMissingTracked;
        b.delayedAfter = delayedAfter;
        b.noiseCalibration = noiseCalibration;
        b.noiseRelativePercent = noiseRelativePercent;
        b.noiseAbsolutePercent = noiseAbsolutePercent;
        b.thresholds = thresholds;
        b.perMinuteRetention = perMinuteRetention;
        b.maxFieldPaths = maxFieldPaths;
        b.maxSources = maxSources;
        b.maxUnobservedRanges = maxUnobservedRanges;
        b.dashboards = dashboards;
        b.source = source;
        return b;
    }

    public static final class Builder {
        private Duration grace = DEFAULT_GRACE;
        private int maxPending = DEFAULT_MAX_PENDING;
        private int maxSamples = DEFAULT_MAX_SAMPLES;
        private int samplesPerField = 3;
        private Set<String> ignoredFields = Set.of("broadcast_time");
        private Duration dedupWindow = Duration.ofMinutes(5);
        private int maxRecentIds = 2_000_000;
        private Duration lateWindow = Duration.ofHours(1);
        private int maxMissingTracked = 100_000;
        private Duration delayedAfter = Duration.ofSeconds(1);
        private Set<Side> noiseCalibration = Set.of();
        private double noiseRelativePercent = 20.0;
        private double noiseAbsolutePercent = 0.03;
        private Thresholds thresholds = Thresholds.DEFAULTS;
        private int perMinuteRetention = 24 * 60;
        private int maxFieldPaths = 256;
        private int maxSources = 10_000;
        private int maxUnobservedRanges = 1_000;
        private int dashboards = 1;
        private String source = "";

        public Builder grace(Duration grace) {
            this.grace = grace;
            return this;
        }

        public Builder maxPending(int maxPending) {
            this.maxPending = maxPending;
            return this;
        }

        public Builder maxSamples(int maxSamples) {
            this.maxSamples = maxSamples;
            return this;
        }

        public Builder samplesPerField(int samplesPerField) {
            this.samplesPerField = samplesPerField;
            return this;
        }

        public Builder ignoredFields(Set<String> ignoredFields) {
            this.ignoredFields = ignoredFields;
            return this;
        }

        public Builder dedupWindow(Duration dedupWindow) {
            this.dedupWindow = dedupWindow;
            return this;
        }

        public Builder maxRecentIds(int maxRecentIds) {
            this.maxRecentIds = maxRecentIds;
            return this;
        }

        public Builder lateWindow(Duration lateWindow) {
            this.lateWindow = lateWindow;
            return this;
        }

        public Builder maxMissingTracked(int maxMissingTracked) {
            this.maxMissingTracked = maxMissingTracked;
            return this;
        }

        public Builder delayedAfter(Duration delayedAfter) {
            this.delayedAfter = delayedAfter;
            return this;
        }

        /** The sides a second observer also watches, for noise calibration; none by default. */
        public Builder noiseCalibration(Side... sides) {
            this.noiseCalibration = Set.copyOf(java.util.Arrays.asList(sides));
            return this;
        }

        public Builder noiseThresholds(double relativePercent, double absolutePercent) {
            this.noiseRelativePercent = relativePercent;
            this.noiseAbsolutePercent = absolutePercent;
            return this;
        }

        public Builder thresholds(Thresholds thresholds) {
            this.thresholds = thresholds;
            return this;
        }

        public Builder perMinuteRetention(int minutes) {
            this.perMinuteRetention = minutes;
            return this;
        }

        public Builder maxFieldPaths(int maxFieldPaths) {
            this.maxFieldPaths = maxFieldPaths;
            return this;
        }

        public Builder maxSources(int maxSources) {
            this.maxSources = maxSources;
            return this;
        }

        public Builder maxUnobservedRanges(int maxUnobservedRanges) {
            this.maxUnobservedRanges = maxUnobservedRanges;
            return this;
        }

        public Builder dashboards(int dashboards) {
            this.dashboards = dashboards;
            return this;
        }

        public Builder source(String source) {
            this.source = source;
            return this;
        }

        public ValidatorConfig build() {
            return new ValidatorConfig(grace, maxPending, maxSamples, samplesPerField, ignoredFields, dedupWindow,
                    maxRecentIds, lateWindow, maxMissingTracked, delayedAfter, noiseCalibration, noiseRelativePercent,
                    noiseAbsolutePercent, thresholds, perMinuteRetention, maxFieldPaths, maxSources, maxUnobservedRanges,
                    dashboards, source);
        }
    }
}
