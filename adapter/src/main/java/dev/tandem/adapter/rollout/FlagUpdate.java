package dev.tandem.adapter.rollout;

import java.util.Map;

/**
 * A change to one flag as {@code PUT /api/flags/{name}} gives it; null fields stay as they are. Only
 * REALTIME_CLIENTS takes a strategy ({@value RolloutStrategy#ID}) and parameters ({@link RolloutParameters});
 * given parameters replace the stored ones, absent ones take their defaults.
 */
public record FlagUpdate(Boolean enabled, String strategy, Map<String, String> parameters) {
}
