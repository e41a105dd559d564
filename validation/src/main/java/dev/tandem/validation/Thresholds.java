package dev.tandem.validation;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a run must meet for a GO verdict. Every check is inclusive: a value equal to its threshold passes.
 *
 * @param maxMissing         most events missing on each side (checked per side)
 * @param maxMismatchRate    most mismatched events per event compared, 0 to 1
 * @param maxDuplicates      most repeated deliveries on each side (checked per side)
 * @param maxLagP99Ms        most p99 lag of the realtime side, ingest to observed, in milliseconds
 * @param minEvents          fewest events compared (delivered by both sides) for any verdict but NO-GO
 * @param minDurationSeconds shortest run for any verdict but NO-GO
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Thresholds(long maxMissing, double maxMismatchRate, long maxDuplicates, long maxLagP99Ms,
                         long minEvents, long minDurationSeconds) {
    public static final Thresholds DEFAULTS = new Thresholds(0, 0.0, 0, 1000, 1000, 60);

    public Thresholds {
        requireNotNegative("maxMissing", maxMissing);
        if (!(maxMismatchRate >= 0 && maxMismatchRate <= 1)) {
            throw new IllegalArgumentException("maxMismatchRate must be between 0 and 1, got " + maxMismatchRate);
        }
        requireNotNegative("maxDuplicates", maxDuplicates);
        requireNotNegative("maxLagP99Ms", maxLagP99Ms);
        requireNotNegative("minEvents", minEvents);
        requireNotNegative("minDurationSeconds", minDurationSeconds);
    }

    private static void requireNotNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 or more, got " + value);
        }
    }
}
