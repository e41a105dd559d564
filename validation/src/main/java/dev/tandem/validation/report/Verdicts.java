package dev.tandem.validation.report;

import dev.tandem.validation.Thresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** GO or NO-GO: every check against its threshold, each failed one spelled out as a sentence. */
public final class Verdicts {
    private Verdicts() {
    }

    public static ValidationReport.Verdict evaluate(ValidationReport.Totals t, ValidationReport.Lag realtimeLag,
                                                    double durationSeconds, Thresholds th) {
        long compared = t.matched() + t.mismatched();
        double mismatchRate = compared == 0 ? 0 : (double) t.mismatched() / compared;
        List<ValidationReport.Check> checks = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        atLeast(checks, failures, "events_compared", compared, th.minEvents(),
                "events compared: %s, threshold at least %s".formatted(count(compared), count(th.minEvents())));
        atLeast(checks, failures, "duration_seconds", durationSeconds, th.minDurationSeconds(),
                "run duration: %s s, threshold at least %s s".formatted(number(durationSeconds), count(th.minDurationSeconds())));
        atMost(checks, failures, "missing_on_legacy", t.missingOnLegacy(), th.maxMissing(),
                "missing on legacy: %s events, threshold %s".formatted(count(t.missingOnLegacy()), count(th.maxMissing())));
        atMost(checks, failures, "missing_on_realtime", t.missingOnRealtime(), th.maxMissing(),
                "missing on realtime: %s events, threshold %s".formatted(count(t.missingOnRealtime()), count(th.maxMissing())));
        atMost(checks, failures, "mismatch_rate", mismatchRate, th.maxMismatchRate(),
                "mismatch rate: %s (%s of %s events compared), threshold %s".formatted(number(mismatchRate),
                        count(t.mismatched()), count(compared), number(th.maxMismatchRate())));
        atMost(checks, failures, "duplicates_legacy", t.duplicatesLegacy(), th.maxDuplicates(),
                "duplicates on legacy: %s, threshold %s".formatted(count(t.duplicatesLegacy()), count(th.maxDuplicates())));
        atMost(checks, failures, "duplicates_realtime", t.duplicatesRealtime(), th.maxDuplicates(),
                "duplicates on realtime: %s, threshold %s".formatted(count(t.duplicatesRealtime()), count(th.maxDuplicates())));
        atMost(checks, failures, "lag_p99_ms_realtime", realtimeLag.p99(), th.maxLagP99Ms(),
                "realtime lag p99: %s ms, threshold %s ms".formatted(number(realtimeLag.p99()), count(th.maxLagP99Ms())));
        List<String> reasons = new ArrayList<>(failures);
        if (failures.isEmpty()) {
            reasons.add("all %d checks passed".formatted(checks.size()));
        }
        if (t.unobservedLegacy() + t.unobservedRealtime() > 0) {
            reasons.add(("%s events on legacy and %s on realtime went unobserved (their observer was disconnected):"
                    + " not counted as missing, and not proven delivered").formatted(count(t.unobservedLegacy()),
                    count(t.unobservedRealtime())));
        }
        return new ValidationReport.Verdict(failures.isEmpty() ? ValidationReport.Verdict.GO : ValidationReport.Verdict.NO_GO,
                reasons, checks);
    }

    private static void atMost(List<ValidationReport.Check> checks, List<String> failures, String name, double value,
                               double threshold, String sentence) {
        boolean passed = value <= threshold;
        checks.add(new ValidationReport.Check(name, value, threshold, passed, "<="));
        if (!passed) {
            failures.add(sentence);
        }
    }

    private static void atLeast(List<ValidationReport.Check> checks, List<String> failures, String name, double value,
                                double threshold, String sentence) {
        boolean passed = value >= threshold;
        checks.add(new ValidationReport.Check(name, value, threshold, passed, ">="));
        if (!passed) {
            failures.add(sentence);
        }
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** Up to four decimals, trailing zeros dropped: 0.0125, 1,250.4, 30. */
    static String number(double x) {
        String s = String.format(Locale.ROOT, "%,.4f", x);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
