package dev.tandem.adapter.rollout;

import java.time.Duration;

/**
 * @param canaryBasisPoints share of dashboards a step to CANARY puts on Realtime unless told otherwise, 1..9,999
 * @param goWindow          how long every validation run must have been GO before LEGACY_OFF
 */
public record RolloutSettings(int canaryBasisPoints, Duration goWindow) {
    public static final int DEFAULT_CANARY_BASIS_POINTS = 500;
    public static final Duration DEFAULT_GO_WINDOW = Duration.ofHours(24);
    public static final RolloutSettings DEFAULTS = new RolloutSettings(DEFAULT_CANARY_BASIS_POINTS, DEFAULT_GO_WINDOW);

    public RolloutSettings {
        if (canaryBasisPoints < 1 || canaryBasisPoints >= RolloutStrategy.BUCKETS) {
            throw new IllegalArgumentException("canary percentage must be more than 0 and less than 100, got "
                    + canaryBasisPoints / 100.0);
        }
        if (goWindow.isNegative() || goWindow.isZero()) {
            throw new IllegalArgumentException("GO window must be positive, got " + goWindow);
        }
    }
}
