package dev.tandem.validation;

import java.time.Duration;
import java.util.Set;

/**
 * Settings of a {@link Validator}. Immutable; build with {@link #builder()}.
 *
 * @param grace       how long an event may be seen on one side only before it counts as missing on the other
 * @param maxPending  bound on events seen on one side only; when full, the oldest is declared missing early
 *                    (policy DECLARE_OLDEST_MISSING), so memory is bounded by this, not by the run
 * @param maxSamples  how many mismatch samples a summary keeps
 * @param ignoredFields canonical field names never compared (they legitimately differ between the sides)
 */
public record ValidatorConfig(Duration grace, int maxPending, int maxSamples, Set<String> ignoredFields) {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_PENDING = 1_000_000;
    public static final int DEFAULT_MAX_SAMPLES = 10;

    public ValidatorConfig {
        if (grace == null || grace.isNegative() || grace.isZero()) {
            throw new IllegalArgumentException("grace must be a positive duration, got " + grace);
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("maxPending must be at least 1, got " + maxPending);
        }
        if (maxSamples < 0) {
            throw new IllegalArgumentException("maxSamples must be 0 or more, got " + maxSamples);
        }
        ignoredFields = Set.copyOf(ignoredFields);
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Duration grace = DEFAULT_GRACE;
        private int maxPending = DEFAULT_MAX_PENDING;
        private int maxSamples = DEFAULT_MAX_SAMPLES;
        private Set<String> ignoredFields = Set.of();

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

        public Builder ignoredFields(Set<String> ignoredFields) {
            this.ignoredFields = ignoredFields;
            return this;
        }

        public ValidatorConfig build() {
            return new ValidatorConfig(grace, maxPending, maxSamples, ignoredFields);
        }
    }
}
