package dev.tandem.validation;

import dev.tandem.validation.report.RealtimeCapacity;
import dev.tandem.validation.report.ValidationReport;
import dev.tandem.validation.report.Verdicts;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Matches the events two streams delivered by event id and reports what agrees and what does not.
 *
 * <p>Every event lands in exactly one outcome per side:
 * <ul>
 *   <li>seen on both sides within the grace window: compared, <b>matched</b> or <b>mismatched</b> (per field
 *       path, ignore rules and noise calibration applied);</li>
 *   <li>seen on one side only for the grace window: <b>missing</b> on the other, or <b>unobserved</b> there when
 *       its {@code seq} falls in a range {@link #markUnobserved marked} as not watched (observer disconnected);</li>
 *   <li>arriving after it was declared missing or unobserved: <b>late</b>, and taken back out of missing (never
 *       counted twice);</li>
 *   <li>delivered again on a side: a <b>duplicate</b> there (not seen twice);</li>
 *   <li>arriving after a later {@code seq} of its source, not late and not held up (see
 *       {@link ValidatorConfig#delayedAfter()}): <b>out of order</b> on that side (and still matched).</li>
 * </ul>
 * Lag per side (ingest to observed) and realtime minus legacy go into HdrHistograms; everything is also kept
 * per minute.
 *
 * <p>Time comes from the clock given at construction, read on every call, so a test drives it. Memory is
 * bounded by the windows, not by the run: pending events by the grace window (and {@code maxPending}), ids of
 * compared events by the dedup window (and {@code maxRecentIds}), missing ones by the late window (and
 * {@code maxMissingTracked}), minutes by {@code perMinuteRetention}; see {@link ValidatorConfig}.
 *
 * <p>Thread-safe: observers of both sides call {@link #observe} from their own threads.
 */
public final class Validator {
    private static final int LEGACY = Side.LEGACY.ordinal();
    private static final int REALTIME = Side.REALTIME.ordinal();

    private final ValidatorConfig config;
    private final LongSupplier clockMicros;
    private final FieldComparator comparator;
    private final long graceMicros;
    private final long dedupMicros;
    private final long lateMicros;
    private final long delayedAfterMicros;
    /** Per side: whether a second observer watches it too. */
    private final boolean[] calibrated = new boolean[2];

    // State that spans runs: what is in flight, and what was decided recently.
    /** Events seen on one side only, by id, with their entries. */
    private final PendingIds<Pending> pending = new PendingIds<>();
    /** Ids of events both sides delivered, to recognise a repeat. */
    private final RecentIds recent;
    /**
     * Pending entries in first-seen order, so the sweep stops at the first young one. An entry decided early
     * (matched) stays until its grace window ends, marked resolved: at most the grace window's worth.
     */
    private final ArrayDeque<Pending> pendingQueue = new ArrayDeque<>();
    private final long[] pendingOn = new long[2];
    private long nextPendingDeadline = Long.MAX_VALUE;
    /** Events declared missing (or unobserved), in declaration order, to recognise them when they come late. */
    private final LinkedHashMap<String, Missing> missing = new LinkedHashMap<>();
    /** Per source, the highest seq seen on each side. */
    private final Map<String, long[]> highestSeq = new HashMap<>();
    private final List<ArrayDeque<Range>> unobservedRanges = List.of(new ArrayDeque<>(), new ArrayDeque<>());
    /** Per side, primary or secondary observations waiting for their twin, for noise calibration. */
    private final List<LinkedHashMap<String, Twin>> calibration = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());

    // The current run's figures.
    private int runOrdinal;
    private UUID runId;
    private long runStartMicros;
    private long[] seen;
    private long[] missingOn;
    private long[] unobservedOn;
    private long[] duplicates;
    private long[] outOfOrder;
    private long[] late;
    private long compared;
    private long ignoredDifferences;
    private long pendingEvicted;
    private long missingForgotten;
    private long sourcesUntracked;
    private long calibrationCompared;
    private long calibrationUnpaired;
    private SignatureCounts signatures;
    private MismatchLedger fields;
    private List<ValidationSummary.Mismatch> summarySamples;
    private LagRecorder lagLegacy;
    private LagRecorder lagRealtime;
    private LagRecorder lagRealtimeMinusLegacy;
    private MinuteRing minutes;

    public Validator(ValidatorConfig config) {
        this(config, Validator::wallClockMicros);
    }

    /** @param clockMicros the time now, microseconds since the epoch; read on every call */
    public Validator(ValidatorConfig config, LongSupplier clockMicros) {
        this.config = config;
        this.clockMicros = clockMicros;
        this.comparator = new FieldComparator(config.ignoredFields());
        this.graceMicros = config.graceMicros();
        this.dedupMicros = config.dedupWindow().toNanos() / 1_000;
        this.lateMicros = config.lateWindow().toNanos() / 1_000;
        this.delayedAfterMicros = config.delayedAfter().toNanos() / 1_000;
        this.recent = new RecentIds(config.maxRecentIds());
        for (Side side : config.noiseCalibration()) {
            calibrated[side.ordinal()] = true;
        }
        startRun(clockMicros.getAsLong());
    }

    private static long wallClockMicros() {
        return ObservedEvent.micros(Instant.now());
    }

    public ValidatorConfig config() {
        return config;
    }

    private void startRun(long now) {
        runOrdinal++;
        runId = UUID.randomUUID();
        runStartMicros = now;
        seen = pendingOn.clone(); // events carried over pending count as seen in the run that decides them
        missingOn = new long[2];
        unobservedOn = new long[2];
        duplicates = new long[2];
        outOfOrder = new long[2];
        late = new long[2];
        compared = 0;
        ignoredDifferences = 0;
        pendingEvicted = 0;
        missingForgotten = 0;
        sourcesUntracked = 0;
        calibrationCompared = 0;
        calibrationUnpaired = 0;
        signatures = new SignatureCounts(4_096);
        fields = new MismatchLedger(config);
        summarySamples = new ArrayList<>();
        lagLegacy = new LagRecorder(3, true);
        lagRealtime = new LagRecorder(3, true);
        lagRealtimeMinusLegacy = new LagRecorder(3, false);
        minutes = new MinuteRing(config.perMinuteRetention(), now);
    }

    /** Records that {@code side} delivered {@code event}. */
    public synchronized void observe(Side side, ObservedEvent event) {
        long now = clockMicros.getAsLong();
        advance(now);
        int s = side.ordinal();
        String id = event.eventId();
        long hi = event.idHi();
        long lo = event.idLo();
        Pending first = pending.get(hi, lo);
        if (first != null) {
            if (first.side == side) {
                duplicate(s);
                return;
            }
            pending.remove(hi, lo);
            recent.add(hi, lo, now + dedupMicros);
            first.resolved = true;
            pendingOn[first.side.ordinal()]--;
            arrived(s, event, highestSeq(event), event.observedAtMicros() - first.observedAtMicros > delayedAfterMicros);
            compare(id, first, side, event);
            calibratePrimary(s, id, event, now);
            return;
        }
        long[] highest = highestSeq(event);
        // Both sides delivered every id in recent, so one whose seq is beyond any this side has seen is not there:
        // an in-order stream never looks (the look is the one random access into a big table).
        boolean seenBefore = highest == null || event.seq() <= highest[s];
        if (seenBefore && recent.contains(hi, lo)) {
            duplicate(s);
            return;
        }
        if (!missing.isEmpty()) {
            Missing m = missing.get(id);
            if (m != null) {
                if (m.seenOn == side) {
                    duplicate(s);
                } else {
                    arrivedLate(s, id, event, m, now);
                    recent.add(hi, lo, now + dedupMicros);
                    calibratePrimary(s, id, event, now);
                }
                return;
            }
        }
        arrived(s, event, highest, false);
        Pending p = new Pending(id, side, event, now, hi, lo);
        pending.put(hi, lo, p);
        if (pendingQueue.isEmpty()) {
            nextPendingDeadline = now + graceMicros;
        }
        pendingQueue.addLast(p);
        pendingOn[s]++;
        if (pendingOn[LEGACY] + pendingOn[REALTIME] > config.maxPending()) {
            Pending oldest;
            do {
                oldest = pendingQueue.pollFirst();
            } while (oldest.resolved);
            giveUp(oldest, now);
            pendingEvicted++;
        }
        calibratePrimary(s, id, event, now);
    }

    /**
     * Records a second observer's copy of what {@code side} delivered (Diffy's secondary: the same stream
     * watched twice). Its differences from the primary observation of the same event teach which fields are
     * noise; it is not matched against the other side. Needs {@link ValidatorConfig#noiseCalibration()}.
     */
    public synchronized void observeSecondary(Side side, ObservedEvent event) {
        if (!config.noiseCalibration().contains(side)) {
            throw new IllegalStateException("a second observation of " + side + " needs noiseCalibration(" + side
                    + ") in the ValidatorConfig");
        }
        long now = clockMicros.getAsLong();
        advance(now);
        LinkedHashMap<String, Twin> waiting = calibration.get(side.ordinal());
        Twin twin = waiting.get(event.eventId());
        if (twin == null) {
            hold(waiting, event.eventId(), new Twin(event, true, now));
        } else if (!twin.secondary) {
            waiting.remove(event.eventId());
            calibrate(twin.event, event);
        }
    }

    /**
     * Marks {@code fromSeq..toSeq} (inclusive) of {@code source} (null: any source) as not watched on
     * {@code side}, because its observer was disconnected: such events that only the other side delivered count
     * as unobserved on {@code side}, not missing, including those already declared missing.
     */
    public synchronized void markUnobserved(Side side, String source, long fromSeq, long toSeq) {
        if (toSeq < fromSeq) {
            return;
        }
        long now = clockMicros.getAsLong();
        advance(now);
        int s = side.ordinal();
        Range range = new Range(source, fromSeq, toSeq);
        ArrayDeque<Range> ranges = unobservedRanges.get(s);
        ranges.addLast(range);
        if (ranges.size() > config.maxUnobservedRanges()) {
            ranges.removeFirst();
        }
        for (Missing m : missing.values()) {
            if (m.seenOn != side && !m.unobserved && m.run == runOrdinal && range.covers(m.source, m.seq)) {
                m.unobserved = true;
                missingOn[s]--;
                unobservedOn[s]++;
                minutes.unmissing(m.minute, side);
            }
        }
    }

    /** Declares what the grace window has run out on and moves the minute on; a caller may tick when idle. */
    public synchronized void tick() {
        advance(clockMicros.getAsLong());
    }

    private void advance(long now) {
        if (now >= nextPendingDeadline) {
            sweepPending(now);
        }
        recent.expire(now);
        if (!missing.isEmpty()) {
            Iterator<Missing> it = missing.values().iterator();
            while (it.hasNext() && it.next().declaredAtMicros + lateMicros <= now) {
                it.remove();
            }
        }
        for (LinkedHashMap<String, Twin> waiting : calibration) {
            if (!waiting.isEmpty()) {
                Iterator<Twin> it = waiting.values().iterator();
                while (it.hasNext() && it.next().atMicros + graceMicros <= now) {
                    it.remove();
                    calibrationUnpaired++;
                }
            }
        }
        minutes.advance(now);
    }

    private void sweepPending(long now) {
        Pending p;
        while ((p = pendingQueue.peekFirst()) != null) {
            if (p.firstSeenMicros + graceMicros > now) {
                nextPendingDeadline = p.firstSeenMicros + graceMicros;
                return;
            }
            pendingQueue.pollFirst();
            if (!p.resolved) {
                giveUp(p, now);
            }
        }
        nextPendingDeadline = Long.MAX_VALUE;
    }

    /** The other side never delivered {@code p} in time: it is missing there (or unobserved). */
    private void giveUp(Pending p, long now) {
        p.resolved = true;
        pending.remove(p.hi, p.lo);
        pendingOn[p.side.ordinal()]--;
        declareMissing(p.id, p, now);
    }

    private void declareMissing(String id, Pending p, long now) {
        Side missingSide = p.side.other();
        int ms = missingSide.ordinal();
        boolean unobserved = isUnobserved(ms, p.event.source(), p.event.seq());
        if (unobserved) {
            unobservedOn[ms]++;
        } else {
            missingOn[ms]++;
            minutes.missing(missingSide);
        }
        missing.put(id, new Missing(p.side, now, minutes.currentMinute(), p.event.observedAtMicros(), runOrdinal,
                unobserved, p.event.source(), p.event.seq()));
        if (missing.size() > config.maxMissingTracked()) {
            Iterator<Missing> it = missing.values().iterator();
            it.next();
            it.remove();
            missingForgotten++;
        }
    }

    private boolean isUnobserved(int side, String source, long seq) {
        for (Range r : unobservedRanges.get(side)) {
            if (r.covers(source, seq)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The highest seq seen on each side from the event's source, or null: no seq or source, or a source beyond
     * {@link ValidatorConfig#maxSources()}.
     */
    private long[] highestSeq(ObservedEvent e) {
        String source = e.source();
        if (e.seq() == ObservedEvent.NONE || source == null) {
            return null;
        }
        long[] highest = highestSeq.get(source);
        if (highest == null && highestSeq.size() < config.maxSources()) {
            highest = new long[] {Long.MIN_VALUE, Long.MIN_VALUE};
            highestSeq.put(source, highest);
        }
        return highest;
    }

    /** A first delivery on side {@code s}: seen, its lag, its order ({@code highest}: see {@link #highestSeq}). */
    private void arrived(int s, ObservedEvent e, long[] highest, boolean heldUp) {
        seen[s]++;
        recordLag(s, e);
        if (highest == null) {
            if (e.seq() != ObservedEvent.NONE && e.source() != null) {
                sourcesUntracked++;
            }
            return;
        }
        long seq = e.seq();
        if (seq >= highest[s]) {
            highest[s] = seq;
        } else if (!heldUp) {
            outOfOrder[s]++;
        }
    }

    private void recordLag(int s, ObservedEvent e) {
        long ingested = e.ingestedAtMicros();
        boolean hasLag = ingested != ObservedEvent.NONE;
        long lag = hasLag ? e.observedAtMicros() - ingested : 0;
        if (hasLag) {
            (s == LEGACY ? lagLegacy : lagRealtime).record(lag);
        }
        minutes.seen(s == LEGACY ? Side.LEGACY : Side.REALTIME, lag, hasLag);
    }

    private void arrivedLate(int s, String id, ObservedEvent e, Missing m, long now) {
        missing.remove(id);
        seen[s]++;
        recordLag(s, e);
        long[] highest = highestSeq(e);
        if (highest != null && e.seq() > highest[s]) {
            highest[s] = e.seq();
        }
        lagRealtimeMinusLegacy.record(s == REALTIME ? e.observedAtMicros() - m.observedAtMicros
                : m.observedAtMicros - e.observedAtMicros());
        if (m.run == runOrdinal) {
            if (m.unobserved) {
                unobservedOn[s]--;
            } else {
                missingOn[s]--;
                minutes.unmissing(m.minute, s == LEGACY ? Side.LEGACY : Side.REALTIME);
            }
        }
        late[s]++;
        minutes.late();
    }

    private void duplicate(int s) {
        duplicates[s]++;
        minutes.duplicate();
    }

    /**
     * Compares {@code event}, just delivered on {@code side}, with the other side's copy waiting in {@code first}.
     * Equal canonical bytes, the usual case, decide it without touching the waiting event itself.
     */
    private void compare(String id, Pending first, Side side, ObservedEvent event) {
        compared++;
        minutes.compared();
        long legacyAt = side == Side.LEGACY ? event.observedAtMicros() : first.observedAtMicros;
        long realtimeAt = side == Side.REALTIME ? event.observedAtMicros() : first.observedAtMicros;
        lagRealtimeMinusLegacy.record(realtimeAt - legacyAt);
        byte[] mine = event.canonical();
        if (mine != null && first.canonical != null && ObservedEvent.sameNames(event.names(), first.names)
                && Arrays.equals(mine, first.canonical)) {
            return;
        }
        ObservedEvent legacy = side == Side.LEGACY ? event : first.event;
        ObservedEvent realtime = side == Side.REALTIME ? event : first.event;
        int quick = comparator.quickCompare(legacy, realtime);
        if (quick >= 0) {
            ignoredDifferences += quick;
            return;
        }
        FieldComparator.Outcome outcome = comparator.differences(legacy, realtime);
        ignoredDifferences += outcome.ignoredDifferences();
        List<FieldComparator.Difference> diffs = outcome.differences();
        if (diffs.isEmpty()) {
            return;
        }
        long signature = fields.recordMismatch(id, diffs);
        signatures.add(signature);
        minutes.mismatched(signature);
        if (summarySamples.size() < config.maxSamples()) {
            summarySamples.add(new ValidationSummary.Mismatch(id, diffs.stream()
                    .map(d -> new ValidationSummary.FieldDifference(d.path(),
                            d.legacyPresent() ? String.valueOf(d.legacy()) : "<absent>",
                            d.realtimePresent() ? String.valueOf(d.realtime()) : "<absent>"))
                    .toList()));
        }
    }

    /** A primary observation: pairs it with the secondary's copy, or holds it for that copy. */
    private void calibratePrimary(int s, String id, ObservedEvent event, long now) {
        if (!calibrated[s]) {
            return;
        }
        LinkedHashMap<String, Twin> waiting = calibration.get(s);
        Twin twin = waiting.get(id);
        if (twin == null) {
            hold(waiting, id, new Twin(event, false, now));
        } else if (twin.secondary) {
            waiting.remove(id);
            calibrate(event, twin.event);
        }
    }

    private void hold(LinkedHashMap<String, Twin> waiting, String id, Twin twin) {
        waiting.put(id, twin);
        if (waiting.size() > config.maxPending()) {
            Iterator<Twin> it = waiting.values().iterator();
            it.next();
            it.remove();
            calibrationUnpaired++;
        }
    }

    private void calibrate(ObservedEvent primary, ObservedEvent secondary) {
        calibrationCompared++;
        if (comparator.quickCompare(primary, secondary) >= 0) {
            return;
        }
        List<FieldComparator.Difference> diffs = comparator.differences(primary, secondary).differences();
        fields.recordCalibration(diffs);
    }

    /** The figures so far (events past the grace window declared first), for the summary endpoint. */
    public synchronized ValidationSummary summary() {
        advance(clockMicros.getAsLong());
        long mismatched = signatures.mismatched(fields.noiseMask(compared, calibrationCompared));
        return new ValidationSummary(seen[LEGACY], seen[REALTIME], compared - mismatched, mismatched,
                missingOn[LEGACY], missingOn[REALTIME], pendingOn[LEGACY], pendingOn[REALTIME],
                duplicates[LEGACY], duplicates[REALTIME], late[LEGACY] + late[REALTIME], summarySamples);
    }

    /** The report of the run so far, projecting capacity for {@link ValidatorConfig#dashboards()}. */
    public ValidationReport report() {
        return report(config.dashboards());
    }

    /** The report of the run so far, projecting capacity for this many dashboards on the new path. */
    public synchronized ValidationReport report(int dashboards) {
        long now = clockMicros.getAsLong();
        advance(now);
        return buildReport(now, dashboards);
    }

    /**
     * Ends the current run and starts the next: returns the ended run's final report, then resets every figure.
     * Events still pending are carried into the next run, which counts them as seen again and decides them, so
     * a run boundary never makes an event missing; ids recently compared or declared missing are still
     * recognised (a late arrival of an event the ended run declared missing counts as late in the new run,
     * and not against its missing).
     */
    public synchronized ValidationReport nextRun(int dashboards) {
        long now = clockMicros.getAsLong();
        advance(now);
        ValidationReport ended = buildReport(now, dashboards);
        startRun(now);
        return ended;
    }

    private ValidationReport buildReport(long now, int dashboards) {
        long noiseMask = fields.noiseMask(compared, calibrationCompared);
        long mismatched = signatures.mismatched(noiseMask);
        double durationSeconds = Math.max(0, now - runStartMicros) / 1_000_000.0;
        ValidationReport.Run run = new ValidationReport.Run(runId.toString(), iso(runStartMicros), iso(now),
                durationSeconds, config.source());
        ValidationReport.Config cfg = new ValidationReport.Config(config.grace().toMillis(),
                config.ignoredFields().stream().sorted().toList(), config.thresholds());
        ValidationReport.Totals totals = new ValidationReport.Totals(seen[LEGACY], seen[REALTIME], compared - mismatched,
                mismatched, missingOn[LEGACY], missingOn[REALTIME], pendingOn[LEGACY], pendingOn[REALTIME],
                duplicates[LEGACY], duplicates[REALTIME], outOfOrder[LEGACY], outOfOrder[REALTIME], late[LEGACY],
                late[REALTIME], unobservedOn[LEGACY], unobservedOn[REALTIME], ignoredDifferences,
                fields.noiseDifferences(noiseMask));
        ValidationReport.Lags lags = new ValidationReport.Lags(lag(lagLegacy), lag(lagRealtime), lag(lagRealtimeMinusLegacy));
        ValidationReport.LagHistograms histograms = new ValidationReport.LagHistograms(buckets(lagLegacy), buckets(lagRealtime));
        double eventsPerSecond = durationSeconds == 0 ? 0 : Math.max(seen[LEGACY], seen[REALTIME]) / durationSeconds;
        ValidationReport.Capacity capacity = RealtimeCapacity.project(eventsPerSecond,
                minutes.peakFullMinuteEventsPerSecond(runStartMicros), dashboards);
        ValidationReport.Bounds bounds = new ValidationReport.Bounds(config.maxPending(), ValidatorConfig.PENDING_FULL_POLICY,
                pendingEvicted, recent.size(), recent.forgotten(), missing.size(), missingForgotten,
                config.perMinuteRetention(), minutes.dropped(), fields.pathsOverflowed(), sourcesUntracked);
        return new ValidationReport(ValidationReport.SCHEMA, run, cfg, totals, fields.mismatches(noiseMask),
                fields.noise(noiseMask), lags, histograms, minutes.report(noiseMask),
                Verdicts.evaluate(totals, lags.realtime(), durationSeconds, config.thresholds()), capacity,
                new ValidationReport.Calibration(!config.noiseCalibration().isEmpty(), calibrationCompared, calibrationUnpaired),
                bounds);
    }

    private static ValidationReport.Lag lag(LagRecorder r) {
        return new ValidationReport.Lag(r.count(), r.percentileMs(50), r.percentileMs(95), r.percentileMs(99), r.maxMs());
    }

    private static List<ValidationReport.Bucket> buckets(LagRecorder r) {
        long[] counts = r.buckets();
        List<ValidationReport.Bucket> out = new ArrayList<>(counts.length);
        for (int i = 0; i < counts.length; i++) {
            out.add(new ValidationReport.Bucket(i < LagRecorder.BUCKET_UPPER_MS.length ? LagRecorder.BUCKET_UPPER_MS[i] : null,
                    counts[i]));
        }
        return out;
    }

    private static String iso(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000).toString();
    }

    /** Sizes of everything that holds per-event state, for tests of the memory bounds. */
    record Footprint(int pending, int pendingQueued, int recentIds, int missingTracked, int calibrationHeld,
                     int sources, int fieldPaths) {
    }

    synchronized Footprint footprint() {
        return new Footprint((int) (pendingOn[LEGACY] + pendingOn[REALTIME]), pendingQueue.size(), recent.size(),
                missing.size(), calibration.get(0).size() + calibration.get(1).size(), highestSeq.size(), fields.paths());
    }

    /**
     * An event seen on one side only so far; what the comparison needs of the event is copied here, so that the
     * common case reads this entry and the bytes only.
     */
    private static final class Pending {
        final String id;
        final Side side;
        final ObservedEvent event;
        final String[] names;
        final byte[] canonical;
        final long observedAtMicros;
        final long firstSeenMicros;
        final long hi;
        final long lo;
        /** Matched, or given up on: only waiting in the queue for its grace window to end. */
        boolean resolved;

        Pending(String id, Side side, ObservedEvent event, long firstSeenMicros, long hi, long lo) {
            this.id = id;
            this.side = side;
            this.event = event;
            this.names = event.names();
            this.canonical = event.canonical();
            this.observedAtMicros = event.observedAtMicros();
            this.firstSeenMicros = firstSeenMicros;
            this.hi = hi;
            this.lo = lo;
        }
    }

    /** An event declared missing on the side it was not seen on. */
    private static final class Missing {
        final Side seenOn;
        final long declaredAtMicros;
        final long minute;
        final long observedAtMicros;
        final int run;
        boolean unobserved;
        final String source;
        final long seq;

        Missing(Side seenOn, long declaredAtMicros, long minute, long observedAtMicros, int run, boolean unobserved,
                String source, long seq) {
            this.seenOn = seenOn;
            this.declaredAtMicros = declaredAtMicros;
            this.minute = minute;
            this.observedAtMicros = observedAtMicros;
            this.run = run;
            this.unobserved = unobserved;
            this.source = source;
            this.seq = seq;
        }
    }

    private record Twin(ObservedEvent event, boolean secondary, long atMicros) {
    }

    /** Seqs a side did not watch; a null source covers every source. */
    private record Range(String source, long from, long to) {
        boolean covers(String eventSource, long seq) {
            return seq != ObservedEvent.NONE && seq >= from && seq <= to
                    && (source == null || source.equals(eventSource));
        }
    }
}
