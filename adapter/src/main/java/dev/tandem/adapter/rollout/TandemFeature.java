package dev.tandem.adapter.rollout;

import org.togglz.core.Feature;
import org.togglz.core.annotation.EnabledByDefault;
import org.togglz.core.annotation.Label;

/**
 * Tandem's rollout flags. A fresh database starts at the {@link Stage#SHADOW} stage: both legs written, the
 * validator comparing them, every dashboard on legacy. That is what Tandem is for; an operator who wants to begin
 * earlier rolls back to {@code DUAL_WRITE} or {@code LEGACY_ONLY}.
 */
public enum TandemFeature implements Feature {
    @EnabledByDefault
    @Label("Write every event to PostgreSQL (the Realtime leg) as well as broadcasting it on the legacy socket")
    DUAL_WRITE,

    @EnabledByDefault
    @Label("Compare the two streams; verdicts gate stage changes and drive auto-rollback")
    VALIDATION,

    @Label("Dashboards on Realtime: a sticky per-client percentage with allow/deny lists and constraints")
    REALTIME_CLIENTS,

    @EnabledByDefault
    @Label("Broadcast events on the legacy WebSocket")
    LEGACY_BROADCAST,

    @Label("Kill switch: every dashboard on legacy now, whatever else is set")
    KILL_SWITCH,

    @Label("On a NO-GO verdict drop to SHADOW with REALTIME_CLIENTS at 0%")
    AUTO_ROLLBACK;

    /** The flag named {@code name} (case-insensitive), or null. */
    public static TandemFeature byName(String name) {
        for (TandemFeature f : values()) {
            if (f.name().equalsIgnoreCase(name)) {
                return f;
            }
        }
        return null;
    }
}
