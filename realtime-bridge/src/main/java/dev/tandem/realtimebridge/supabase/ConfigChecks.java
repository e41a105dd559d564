package dev.tandem.realtimebridge.supabase;

import java.time.Duration;
import java.util.List;

/** The range checks of {@link RealtimeClientConfig.Builder#build()}; each message names the setting and its limits. */
final class ConfigChecks {
    private ConfigChecks() {
    }

    static void requireBetween(String setting, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(setting + " must be between " + min + " and " + max + ", got: " + value);
        }
    }

    /** A backoff schedule: 1 to {@code maxSteps} delays, each from 1 ms to {@code maxStep}. */
    static void requireBackoff(List<Duration> backoff, int maxSteps, Duration maxStep) {
        if (backoff == null || backoff.isEmpty() || backoff.size() > maxSteps) {
            throw new IllegalArgumentException("backoff must hold 1 to " + maxSteps + " delays, got " + backoff);
        }
        for (Duration step : backoff) {
            requireBetween("backoff step", step, Duration.ofMillis(1), maxStep);
        }
    }
}
