package dev.tandem.adapter.rollout;

import java.util.List;
import java.util.Set;
import org.togglz.core.repository.FeatureState;

/** The flag states that make a stage: what {@link Stage#of} reads back as that stage. */
final class StagePlan {
    private StagePlan() {
    }

    /**
     * DUAL_WRITE, VALIDATION, REALTIME_CLIENTS and LEGACY_BROADCAST as {@code target} has them; the kill switch and
     * AUTO_ROLLBACK are left alone. REALTIME_CLIENTS keeps its seed and allow list (so the same dashboards come back
     * in on the next canary); at REALTIME and LEGACY_OFF it is 100% with no constraints or deny list, everyone.
     *
     * @param canaryBasisPoints the share at CANARY, 1..9,999 basis points
     */
    static List<FeatureState> statesFor(Stage target, FlagSnapshot current, int canaryBasisPoints) {
        boolean written = target.compareTo(Stage.DUAL_WRITE) >= 0;
        boolean compared = target.compareTo(Stage.SHADOW) >= 0;
        boolean realtime = target.compareTo(Stage.CANARY) >= 0;
        RolloutParameters r = current.rollout();
        RolloutParameters params = switch (target) {
            case CANARY -> r.withBasisPoints(canaryBasisPoints);
            case REALTIME, LEGACY_OFF -> new RolloutParameters(RolloutStrategy.BUCKETS, r.seed(), r.allow(), Set.of(),
                    Set.of(), Set.of());
            default -> r.withBasisPoints(0);
        };
        FeatureState clients = current.state(TandemFeature.REALTIME_CLIENTS).setEnabled(realtime)
                .setStrategyId(RolloutStrategy.ID);
        params.toMap().forEach(clients::setParameter);
        return List.of(
                current.state(TandemFeature.DUAL_WRITE).setEnabled(written),
                current.state(TandemFeature.VALIDATION).setEnabled(compared),
                clients,
                current.state(TandemFeature.LEGACY_BROADCAST).setEnabled(target != Stage.LEGACY_OFF));
    }
}
