package dev.tandem.adapter.config;

import dev.tandem.adapter.rollout.RolloutSettings;

/**
 * Rollout settings and what {@code GET /api/transport} tells dashboards.
 *
 * @param publicWsUrl          the legacy URL for dashboards, or null to derive it from the request
 * @param dashboardRealtimeUrl the Supabase project URL, or null when none is configured
 * @param dashboardAnonKey     the Supabase anon key, or null
 */
public record RolloutConfig(RolloutSettings settings, String publicWsUrl, String dashboardRealtimeUrl,
                            String dashboardAnonKey) {
}
