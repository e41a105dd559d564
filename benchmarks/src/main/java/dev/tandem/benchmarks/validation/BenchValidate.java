package dev.tandem.benchmarks.validation;

import dev.tandem.validation.ObservedEvent;
import dev.tandem.validation.Side;
import dev.tandem.validation.Validator;
import dev.tandem.validation.ValidatorConfig;
import dev.tandem.validation.report.ValidationReport;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Benchmark of the validation engine: events compared per second on one core, and the heap it holds. One
 * thread feeds a {@link Validator} both sides of every event (legacy 2 ms after ingest, realtime 150 ms
 * after, in time order, the validator's clock following the deliveries), no faults, with realistic canonical
 * events ({@link CanonicalPayloads}) built just before each small batch is fed. Building an event (the mapping
 * from its wire shape, which also writes its canonical bytes and id key) is the observers' work, done on their
 * own threads outside the validator's lock, and is timed apart: what is measured is {@link Validator#observe},
 * the part every event of both streams goes through one at a time. Run with {@code bin/bench-validate}; see
 * {@link ValidateBenchOptions#USAGE}. Prints figures; exits 0 whatever they are.
 */
public final class BenchValidate {
    /** The target from the issue, printed next to the figure; never enforced. */
    static final double TARGET_EVENTS_PER_SECOND = 1_000_000;
    static final long LEGACY_LAG_MICROS = 2_000;
    static final long REALTIME_LAG_MICROS = 150_000;
    static final int BATCH = 16;

    private BenchValidate() {
    }

    public static void main(String[] args) {
        ValidateBenchOptions options;
        try {
            options = ValidateBenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("bench-validate: " + e.getMessage());
            }
            System.err.print(ValidateBenchOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        run(options, System.out);
    }

    /** The validator's clock: the time of the delivery being fed. */
    private static final class SimulatedClock implements LongSupplier {
        long micros;

        @Override
        public long getAsLong() {
            return micros;
        }
    }

    static void run(ValidateBenchOptions o, PrintStream out) {
        long epoch = Instant.parse("2026-11-22T00:00:00Z").getEpochSecond() * 1_000_000L;
        CanonicalPayloads payloads = new CanonicalPayloads(42, epoch, o.rate());
        long behind = REALTIME_LAG_MICROS / payloads.gapMicros(); // realtime delivers event i - behind with legacy's i
        out.printf("bench-validate: %d x %,d events, each delivered by both sides, no faults; simulated rate %,d"
                        + " events/s (realtime %d ms behind legacy); warm-up %,d events%n", o.repeats(), o.events(),
                o.rate(), REALTIME_LAG_MICROS / 1_000, o.warmUp());
        out.printf("JDK %s, %d cores available, 1 feeding thread, max heap %,d MiB%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        long baseline = usedHeapAfterGc();

        SimulatedClock clock = new SimulatedClock();
        clock.micros = epoch;
        Validator validator = new Validator(ValidatorConfig.builder().source("bench-validate").build(), clock);
        Feeder feeder = new Feeder(validator, payloads, clock, behind);
        feeder.feed(o.warmUp());
        double[] rates = new double[o.repeats()];
        for (int r = 0; r < o.repeats(); r++) {
            long nanos = feeder.feed(o.events());
            rates[r] = o.events() / (nanos / 1e9);
            out.printf("repeat %d: %,.0f events compared/s (%,.0f observations/s), %.0f ns per event%n", r + 1,
                    rates[r], 2 * rates[r], nanos / (double) o.events());
        }
        feeder.finish();
        out.printf("not included above, the observers' part, on their own threads: new ObservedEvent (fields sorted,"
                        + " canonical bytes, id key) %.0f ns per event, both sides together; building the field maps"
                        + " (this benchmark's stand-in for the mapping, JSON parsing included) %.0f ns%n",
                feeder.constructNanos() / (double) feeder.eventsFed(), feeder.mapNanos() / (double) feeder.eventsFed());
        double median = median(rates);
        out.printf("median: %,.0f events compared/s per core (target >= %,.0f: %s)%n", median, TARGET_EVENTS_PER_SECOND,
                median >= TARGET_EVENTS_PER_SECOND ? "met" : "missed");

        feeder = null;
        long used = usedHeapAfterGc();
        clock.micros += ValidatorConfig.DEFAULT_GRACE.toNanos() / 1_000 + 1_000_000;
        ValidationReport report = validator.report(o.dashboards());
        out.printf("heap used after a full GC: %.1f MiB, of which the validator holds %.1f MiB (%,d ids in the"
                        + " dedup window, %,d-minute ring; %.1f MiB before it was created)%n", used / 1048576.0,
                (used - baseline) / 1048576.0, report.bounds().recentIds(), report.bounds().perMinuteRetention(),
                baseline / 1048576.0);
        ValidationReport.Totals t = report.totals();
        out.printf("report: matched %,d, mismatched %,d, missing %,d / %,d, duplicates %,d / %,d, out of order %,d / %,d,"
                        + " late %,d / %,d (legacy / realtime); realtime lag p99 %.1f ms; verdict %s%n", t.matched(),
                t.mismatched(), t.missingOnLegacy(), t.missingOnRealtime(), t.duplicatesLegacy(), t.duplicatesRealtime(),
                t.outOfOrderLegacy(), t.outOfOrderRealtime(), t.lateLegacy(), t.lateRealtime(),
                report.lagMs().realtime().p99(), report.verdict().result());
        ValidationReport.Capacity c = report.capacity();
        out.printf("capacity: at %,d dashboards the new path would cost %,.0f Realtime messages/s at the simulated"
                + " rate; over the quota of: %s%n", c.dashboards(), c.realtimeMessagesPerSecond(),
                c.overQuotaPlans().isEmpty() ? "no plan" : String.join(", ", c.overQuotaPlans()));
        long expected = (long) o.warmUp() + (long) o.repeats() * o.events();
        if (t.matched() != expected || t.mismatched() + t.missingOnLegacy() + t.missingOnRealtime() != 0) {
            out.printf("WARNING: expected %,d matched and nothing else; the figures above are suspect%n", expected);
        }
    }

    /**
     * Feeds deliveries in small batches, each built untimed just before it is fed, as an observer maps an event
     * just before it observes it: a batch is the next {@link #BATCH} deliveries on legacy and the realtime copies
     * of the events {@code behind} before them. So the event a delivery is compared with was built
     * {@code behind} events earlier, as in the service, where the first side's copy waits in memory.
     */
    private static final class Feeder {
        private final Validator validator;
        private final CanonicalPayloads payloads;
        private final SimulatedClock clock;
        private final long behind;
        private final ObservedEvent[] legacy = new ObservedEvent[BATCH];
        private final ObservedEvent[] realtime = new ObservedEvent[BATCH];
        private final List<Map<String, Object>> legacyFields = new ArrayList<>(Collections.nCopies(BATCH, null));
        private final List<Map<String, Object>> realtimeFields = new ArrayList<>(Collections.nCopies(BATCH, null));
        private long next; // the next event legacy delivers
        private long mapNanos;
        private long constructNanos;

        Feeder(Validator validator, CanonicalPayloads payloads, SimulatedClock clock, long behind) {
            this.validator = validator;
            this.payloads = payloads;
            this.clock = clock;
            this.behind = behind;
        }

        /** Delivers the next {@code count} events on legacy, and realtime {@code behind} events later; nanos spent. */
        long feed(long count) {
            long nanos = 0;
            for (long done = 0; done < count; ) {
                int n = (int) Math.min(BATCH, count - done);
                long t0 = System.nanoTime();
                for (int k = 0; k < n; k++) {
                    long i = next + k;
                    long j = i - behind;
                    realtimeFields.set(k, j < 0 ? null : payloads.fields(j, false));
                    legacyFields.set(k, payloads.fields(i, true));
                }
                long t1 = System.nanoTime();
                for (int k = 0; k < n; k++) {
                    long i = next + k;
                    long j = i - behind;
                    realtime[k] = j < 0 ? null
                            : CanonicalPayloads.event(realtimeFields.get(k), payloads.ingestedMicros(j) + REALTIME_LAG_MICROS);
                    legacy[k] = CanonicalPayloads.event(legacyFields.get(k), payloads.ingestedMicros(i) + LEGACY_LAG_MICROS);
                }
                long t2 = System.nanoTime();
                for (int k = 0; k < n; k++) {
                    if (realtime[k] != null) {
                        deliver(Side.REALTIME, realtime[k]);
                    }
                    deliver(Side.LEGACY, legacy[k]);
                }
                long t3 = System.nanoTime();
                mapNanos += t1 - t0;
                constructNanos += t2 - t1;
                nanos += t3 - t2;
                next += n;
                done += n;
            }
            return nanos;
        }

        private void deliver(Side side, ObservedEvent e) {
            clock.micros = Math.max(clock.micros, e.observedAtMicros());
            validator.observe(side, e);
        }

        /** Realtime delivers the events it is still behind on. */
        void finish() {
            for (long j = Math.max(0, next - behind); j < next; j++) {
                deliver(Side.REALTIME, payloads.realtime(j, payloads.ingestedMicros(j) + REALTIME_LAG_MICROS));
            }
        }

        /** Building each side's canonical field map (the observers' mapping, with this benchmark's JSON parsing). */
        long mapNanos() {
            return mapNanos;
        }

        /** {@code new ObservedEvent} for both sides: sorting the fields, writing the canonical bytes and id key. */
        long constructNanos() {
            return constructNanos;
        }

        long eventsFed() {
            return next;
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
