package dev.tandem.validation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Matches the events two streams delivered by event id and counts what agrees and what does not.
 *
 * <p>An event seen on one side only stays pending for the grace window, because the realtime path is
 * allowed to lag; after that it counts as missing on the other side. If it turns up later it is moved
 * from missing to late, never counted twice. Memory is bounded: pending events by
 * {@link ValidatorConfig#maxPending()} (the oldest is declared missing early when full), and the ids kept
 * for duplicate and late detection by the same bound (the oldest is forgotten).
 *
 * <p>Thread-safe: observers of both sides call {@link #observe} from their own threads.
 */
public final class Validator {
    private final ValidatorConfig config;
    private final LongSupplier clockMicros;
    private final FieldComparator comparator;

    /** Events seen on one side only, in first-seen order, so the sweep stops at the first young one. */
    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    /** Decided events, most recent last; bounded, for duplicate and late detection. */
    private final LinkedHashMap<String, Settled> settled;

    private final Map<Side, Long> seen = new EnumMap<>(Side.class);
    private final Map<Side, Long> missingOn = new EnumMap<>(Side.class);
    private final Map<Side, Long> duplicates = new EnumMap<>(Side.class);
    private long matched;
    private long mismatched;
    private long late;
    private final List<ValidationSummary.Mismatch> samples = new ArrayList<>();

    public Validator(ValidatorConfig config) {
        this(config, () -> {
            java.time.Instant now = java.time.Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        });
    }

    /** For tests: a clock in microseconds since the epoch. */
    public Validator(ValidatorConfig config, LongSupplier clockMicros) {
        this.config = config;
        this.clockMicros = clockMicros;
        this.comparator = new FieldComparator(config.ignoredFields());
        int bound = config.maxPending();
        this.settled = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Settled> eldest) {
                return size() > bound;
            }
        };
        for (Side s : Side.values()) {
            seen.put(s, 0L);
            missingOn.put(s, 0L);
            duplicates.put(s, 0L);
        }
    }

    /** Records that {@code side} delivered {@code event}. */
    public synchronized void observe(Side side, ObservedEvent event) {
        long now = clockMicros.getAsLong();
        sweep(now);
        String id = event.eventId();
        Settled done = settled.get(id);
        if (done != null) {
            if (done.seenOn(side)) {
                increment(duplicates, side);
            } else {
                // It was declared missing on this side and has now arrived: late, not missing.
                increment(seen, side);
                missingOn.merge(side, -1L, Long::sum);
                late++;
                done.mark(side);
            }
            return;
        }
        Pending first = pending.get(id);
        if (first == null) {
            increment(seen, side);
            pending.put(id, new Pending(side, event, now));
            if (pending.size() > config.maxPending()) {
                Iterator<Map.Entry<String, Pending>> eldest = pending.entrySet().iterator();
                declareMissing(eldest, eldest.next());
            }
            return;
        }
        if (first.side == side) {
            increment(duplicates, side);
            return;
        }
        increment(seen, side);
        pending.remove(id);
        ObservedEvent legacy = side == Side.LEGACY ? event : first.event;
        ObservedEvent realtime = side == Side.REALTIME ? event : first.event;
        List<ValidationSummary.FieldDifference> diffs = comparator.differences(legacy.fields(), realtime.fields());
        if (diffs.isEmpty()) {
            matched++;
        } else {
            mismatched++;
            if (samples.size() < config.maxSamples()) {
                samples.add(new ValidationSummary.Mismatch(id, diffs));
            }
        }
        settled.put(id, Settled.both());
    }

    /** The counts so far; events past the grace window are declared missing first. */
    public synchronized ValidationSummary summary() {
        sweep(clockMicros.getAsLong());
        long pendingLegacy = pending.values().stream().filter(p -> p.side == Side.LEGACY).count();
        return new ValidationSummary(seen.get(Side.LEGACY), seen.get(Side.REALTIME), matched, mismatched,
                missingOn.get(Side.LEGACY), missingOn.get(Side.REALTIME),
                pendingLegacy, pending.size() - pendingLegacy,
                duplicates.get(Side.LEGACY), duplicates.get(Side.REALTIME), late, samples);
    }

    private void sweep(long nowMicros) {
        long graceMicros = config.grace().toNanos() / 1_000;
        Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Pending> oldest = it.next();
            if (oldest.getValue().firstSeenMicros + graceMicros > nowMicros) {
                return;
            }
            declareMissing(it, oldest);
        }
    }

    private void declareMissing(Iterator<Map.Entry<String, Pending>> it, Map.Entry<String, Pending> entry) {
        it.remove();
        Side seenOn = entry.getValue().side;
        increment(missingOn, seenOn.other());
        settled.put(entry.getKey(), Settled.only(seenOn));
    }

    private static void increment(Map<Side, Long> counter, Side side) {
        counter.merge(side, 1L, Long::sum);
    }

    private record Pending(Side side, ObservedEvent event, long firstSeenMicros) {
    }

    /** Which sides an already-decided event has been seen on. */
    private static final class Settled {
        private boolean legacy;
        private boolean realtime;

        static Settled both() {
            Settled s = new Settled();
            s.legacy = true;
            s.realtime = true;
            return s;
        }

        static Settled only(Side side) {
            Settled s = new Settled();
            s.mark(side);
            return s;
        }

        boolean seenOn(Side side) {
            return side == Side.LEGACY ? legacy : realtime;
        }

        void mark(Side side) {
            if (side == Side.LEGACY) {
                legacy = true;
            } else {
                realtime = true;
            }
        }
    }
}
