package dev.tandem.validation;

import dev.tandem.validation.report.ValidationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-minute figures of a run, minute by the validator's clock, in a ring of the last {@code retention}
 * minutes: the oldest minute is dropped when a new one would not fit (counted as {@link #dropped()}). Each
 * figure lands in the minute it happened: seen when observed, matched or mismatched when the second side
 * arrived, missing when declared, late when the late copy arrived. A missing event found later (late, or
 * unobserved) is taken back out of the minute it was declared in, as from the totals, while that minute is
 * still kept. Only the current minute has lag histograms; a closed minute keeps its p99s.
 */
final class MinuteRing {
    private static final long MINUTE_MICROS = 60_000_000L;

    private final int retention;
    private final long runStartMinute;
    private final long[] minute;
    private final long[] legacySeen;
    private final long[] realtimeSeen;
    private final long[] compared;
    private final long[] missingOnLegacy;
    private final long[] missingOnRealtime;
    private final long[] duplicates;
    private final long[] late;
    private final double[] p99Legacy;
    private final double[] p99Realtime;
    private final SignatureCounts[] signatures;
    private final LagRecorder lagLegacy = new LagRecorder(2, false);
    private final LagRecorder lagRealtime = new LagRecorder(2, false);
    private long current;
    private long currentEndMicros;

    MinuteRing(int retention, long startMicros) {
        this.retention = retention;
        this.minute = new long[retention];
        this.legacySeen = new long[retention];
        this.realtimeSeen = new long[retention];
        this.compared = new long[retention];
        this.missingOnLegacy = new long[retention];
        this.missingOnRealtime = new long[retention];
        this.duplicates = new long[retention];
        this.late = new long[retention];
        this.p99Legacy = new double[retention];
        this.p99Realtime = new double[retention];
        this.signatures = new SignatureCounts[retention];
        Arrays.fill(minute, Long.MIN_VALUE);
        this.runStartMinute = Math.floorDiv(startMicros, MINUTE_MICROS);
        this.current = runStartMinute;
        open(current);
    }

    /** Moves to the minute of {@code nowMicros}, closing the current one; a clock going back stays put. */
    void advance(long nowMicros) {
        if (nowMicros < currentEndMicros) {
            return;
        }
        long next = Math.floorDiv(nowMicros, MINUTE_MICROS);
        close();
        long from = Math.max(current + 1, next - retention + 1);
        for (long m = from; m <= next; m++) {
            open(m);
        }
        current = next;
        currentEndMicros = (next + 1) * MINUTE_MICROS;
    }

    private void open(long m) {
        int i = slot(m);
        minute[i] = m;
        legacySeen[i] = 0;
        realtimeSeen[i] = 0;
        compared[i] = 0;
        missingOnLegacy[i] = 0;
        missingOnRealtime[i] = 0;
        duplicates[i] = 0;
        late[i] = 0;
        p99Legacy[i] = Double.NaN;
        p99Realtime[i] = Double.NaN;
        signatures[i] = null;
        currentEndMicros = (m + 1) * MINUTE_MICROS;
    }

    private void close() {
        int i = slot(current);
        p99Legacy[i] = lagLegacy.count() == 0 ? Double.NaN : lagLegacy.percentileMs(99);
        p99Realtime[i] = lagRealtime.count() == 0 ? Double.NaN : lagRealtime.percentileMs(99);
        lagLegacy.reset();
        lagRealtime.reset();
    }

    private int slot(long m) {
        return (int) Math.floorMod(m, (long) retention);
    }

    private int cur() {
        return slot(current);
    }

    long currentMinute() {
        return current;
    }

    void seen(Side side, long lagMicros, boolean hasLag) {
        int i = cur();
        if (side == Side.LEGACY) {
            legacySeen[i]++;
            if (hasLag) {
                lagLegacy.record(lagMicros);
            }
        } else {
            realtimeSeen[i]++;
            if (hasLag) {
                lagRealtime.record(lagMicros);
            }
        }
    }

    void compared() {
        compared[cur()]++;
    }

    void mismatched(long signature) {
        int i = cur();
        if (signatures[i] == null) {
            signatures[i] = new SignatureCounts(64);
        }
        signatures[i].add(signature);
    }

    void missing(Side side) {
        adjustMissing(current, side, 1);
    }

    /** Takes a missing event back out of the minute it was declared in, if that minute is still kept. */
    void unmissing(long declaredMinute, Side side) {
        adjustMissing(declaredMinute, side, -1);
    }

    private void adjustMissing(long m, Side side, long delta) {
        int i = slot(m);
        if (minute[i] != m) {
            return;
        }
        if (side == Side.LEGACY) {
            missingOnLegacy[i] += delta;
        } else {
            missingOnRealtime[i] += delta;
        }
    }

    void duplicate() {
        duplicates[cur()]++;
    }

    void late() {
        late[cur()]++;
    }

    /** Minutes of the run no longer kept. */
    long dropped() {
        return Math.max(0, current - runStartMinute + 1 - retention);
    }

    /** Kept minutes, oldest first, the current one with its p99s so far. */
    List<ValidationReport.Minute> report(long noiseMask) {
        List<ValidationReport.Minute> out = new ArrayList<>();
        long first = Math.max(runStartMinute, current - retention + 1);
        for (long m = first; m <= current; m++) {
            int i = slot(m);
            if (minute[i] != m) {
                continue;
            }
            double pl = m == current ? (lagLegacy.count() == 0 ? Double.NaN : lagLegacy.percentileMs(99)) : p99Legacy[i];
            double pr = m == current ? (lagRealtime.count() == 0 ? Double.NaN : lagRealtime.percentileMs(99)) : p99Realtime[i];
            long mismatched = signatures[i] == null ? 0 : signatures[i].mismatched(noiseMask);
            out.add(new ValidationReport.Minute(Instant.ofEpochSecond(m * 60).toString(), legacySeen[i], realtimeSeen[i],
                    compared[i] - mismatched, mismatched, missingOnLegacy[i], missingOnRealtime[i], duplicates[i], late[i],
                    Double.isNaN(pl) ? null : pl, Double.isNaN(pr) ? null : pr));
        }
        return out;
    }

    /** The busiest kept full minute's distinct events per second (the larger side), or -1 without a full minute. */
    double peakFullMinuteEventsPerSecond(long runStartMicros) {
        double peak = -1;
        long first = Math.max(runStartMinute, current - retention + 1);
        for (long m = first; m < current; m++) {
            int i = slot(m);
            if (minute[i] != m || m * MINUTE_MICROS < runStartMicros) {
                continue;
            }
            peak = Math.max(peak, Math.max(legacySeen[i], realtimeSeen[i]) / 60.0);
        }
        return peak;
    }
}
