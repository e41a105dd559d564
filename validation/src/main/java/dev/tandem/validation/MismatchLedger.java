package dev.tandem.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tandem.validation.report.ValidationReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Differences per field path: between the sides (raw, Diffy's primary vs candidate), and between two
 * observations of one stream (calibration, Diffy's primary vs secondary), with a few samples of each raw one.
 *
 * <p>Each path gets a bit for event signatures ({@link SignatureCounts}): the first 63 paths seen get their
 * own, later ones share the last bit, which is never noise. Bounded by {@code maxFieldPaths}: later paths are
 * counted under {@link ValidatorConfig#OTHER_FIELDS}.
 */
final class MismatchLedger {
    private static final int SHARED_BIT = 63;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final int maxFieldPaths;
    private final int samplesPerField;
    private final double relativePercent;
    private final double absolutePercent;
    private final Map<String, FieldStat> byPath = new LinkedHashMap<>();
    private int nextBit;
    private long pathsOverflowed;

    MismatchLedger(ValidatorConfig config) {
        this.maxFieldPaths = config.maxFieldPaths();
        this.samplesPerField = config.samplesPerField();
        this.relativePercent = config.noiseRelativePercent();
        this.absolutePercent = config.noiseAbsolutePercent();
    }

    private static final class FieldStat {
        final String path;
        final int bit;
        long raw;
        long calibration;
        final List<ValidationReport.Sample> samples = new ArrayList<>(2);

        FieldStat(String path, int bit) {
            this.path = path;
            this.bit = bit;
        }
    }

    private FieldStat stat(String path) {
        FieldStat s = byPath.get(path);
        if (s != null) {
            return s;
        }
        if (byPath.size() >= maxFieldPaths - 1) {
            pathsOverflowed++;
            return byPath.computeIfAbsent(ValidatorConfig.OTHER_FIELDS, p -> new FieldStat(p, SHARED_BIT));
        }
        s = new FieldStat(path, nextBit < SHARED_BIT ? nextBit++ : SHARED_BIT);
        byPath.put(path, s);
        return s;
    }

    /** Counts an event's differences between the sides; returns its signature. */
    long recordMismatch(String eventId, List<FieldComparator.Difference> differences) {
        long signature = 0;
        for (FieldComparator.Difference d : differences) {
            FieldStat s = stat(d.path());
            s.raw++;
            signature |= 1L << s.bit;
            if (s.samples.size() < samplesPerField) {
                s.samples.add(new ValidationReport.Sample(eventId, json(d.legacy()), json(d.realtime()),
                        !d.legacyPresent() ? "legacy" : !d.realtimePresent() ? "realtime" : null));
            }
        }
        return signature;
    }

    /** Counts the differences between two observations of one stream. */
    void recordCalibration(List<FieldComparator.Difference> differences) {
        for (FieldComparator.Difference d : differences) {
            stat(d.path()).calibration++;
        }
    }

    /**
     * The bits of the fields that are noise, in Diffy's manner: the field differed between two observations of
     * one stream, and its difference rate between the sides does not exceed that noise rate by more than both
     * the relative and the absolute threshold (Diffy's {@code JoinedDifferences}; see
     * shared/reference/cdc-validation-flags.md §1.3).
     */
    long noiseMask(long compared, long calibrationCompared) {
        long mask = 0;
        for (FieldStat s : byPath.values()) {
            if (s.bit != SHARED_BIT && isNoise(s, compared, calibrationCompared)) {
                mask |= 1L << s.bit;
            }
        }
        return mask;
    }

    private boolean isNoise(FieldStat s, long compared, long calibrationCompared) {
        if (s.calibration == 0 || calibrationCompared == 0) {
            return false;
        }
        double raw = compared == 0 ? 0 : (double) s.raw / compared;
        double noise = (double) s.calibration / calibrationCompared;
        double absolute = Math.abs(raw - noise) * 100;
        double relative = raw + noise == 0 ? 0 : Math.abs(raw - noise) / (raw + noise) * 100;
        boolean stillMismatching = raw > noise && relative > relativePercent && absolute > absolutePercent;
        return !stillMismatching;
    }

    /** The report's mismatches, fields that are noise left out, most frequent first. */
    List<ValidationReport.FieldMismatch> mismatches(long noiseMask) {
        List<ValidationReport.FieldMismatch> out = new ArrayList<>();
        for (FieldStat s : byPath.values()) {
            if (s.raw > 0 && !inMask(s, noiseMask)) {
                out.add(new ValidationReport.FieldMismatch(s.path, s.raw, List.copyOf(s.samples)));
            }
        }
        out.sort((a, b) -> Long.compare(b.count(), a.count()));
        return out;
    }

    /** The report's noise: fields calibration found differing, with their differences between the sides. */
    List<ValidationReport.NoiseField> noise(long noiseMask) {
        List<ValidationReport.NoiseField> out = new ArrayList<>();
        for (FieldStat s : byPath.values()) {
            if (inMask(s, noiseMask)) {
                out.add(new ValidationReport.NoiseField(s.path, s.raw, s.calibration));
            }
        }
        out.sort((a, b) -> Long.compare(b.count(), a.count()));
        return out;
    }

    /** Differences between the sides on fields that are noise. */
    long noiseDifferences(long noiseMask) {
        long n = 0;
        for (FieldStat s : byPath.values()) {
            if (inMask(s, noiseMask)) {
                n += s.raw;
            }
        }
        return n;
    }

    private static boolean inMask(FieldStat s, long noiseMask) {
        return s.bit != SHARED_BIT && (noiseMask & (1L << s.bit)) != 0;
    }

    int paths() {
        return byPath.size();
    }

    long pathsOverflowed() {
        return pathsOverflowed;
    }

    static JsonNode json(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        if (v instanceof JsonNode n) {
            return n.deepCopy();
        }
        if (v instanceof String s) {
            return NODES.textNode(s);
        }
        if (v instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (v instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (v instanceof Double d) {
            return NODES.numberNode(d);
        }
        if (v instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (v instanceof Instant t) {
            return NODES.textNode(t.toString());
        }
        return NODES.textNode(String.valueOf(v));
    }
}
