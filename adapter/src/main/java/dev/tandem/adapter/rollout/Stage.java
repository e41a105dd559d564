package dev.tandem.adapter.rollout;

/**
 * The migration's stages, a view over the flags (../shared/DESIGN.md "Rollout"). Each stage is a pattern of
 * flags; {@link #of} reads the stage back from any combination, the furthest stage whose pattern holds.
 */
public enum Stage {
    /** Events go to the legacy socket only. */
    LEGACY_ONLY,
    /** Events also go to PostgreSQL, the Realtime leg; nobody compares yet. */
    DUAL_WRITE,
    /** Both legs written and compared; every dashboard still on legacy. */
    SHADOW,
    /** A sticky share (and allow list) of dashboards on Realtime. */
    CANARY,
    /** Every dashboard on Realtime; legacy still broadcasting, the way back. */
    REALTIME,
    /** Legacy broadcast off. */
    LEGACY_OFF;

    static Stage of(FlagSnapshot f) {
        if (!f.enabled(TandemFeature.DUAL_WRITE)) {
            return LEGACY_ONLY;
        }
        RolloutParameters r = f.rollout();
        if (f.enabled(TandemFeature.REALTIME_CLIENTS)) {
            boolean everyone = r.basisPoints() == RolloutStrategy.BUCKETS && r.kinds().isEmpty()
                    && r.tenants().isEmpty() && r.deny().isEmpty();
            if (everyone) {
                return f.enabled(TandemFeature.LEGACY_BROADCAST) ? REALTIME : LEGACY_OFF;
            }
            if (r.basisPoints() > 0 || !r.allow().isEmpty()) {
                return CANARY;
            }
        }
        return f.enabled(TandemFeature.VALIDATION) ? SHADOW : DUAL_WRITE;
    }

    public Stage next() {
        return this == LEGACY_OFF ? null : values()[ordinal() + 1];
    }

    public Stage previous() {
        return this == LEGACY_ONLY ? null : values()[ordinal() - 1];
    }

    public static Stage parse(String s) {
        try {
            return valueOf(s.strip().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("stage: must be one of " + java.util.Arrays.toString(values())
                    + ", got '" + s + "'");
        }
    }
}
