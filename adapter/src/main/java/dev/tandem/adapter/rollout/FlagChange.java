package dev.tandem.adapter.rollout;

import java.util.Map;
import org.togglz.core.repository.FeatureState;

/** Applies a {@link FlagUpdate} to a flag's state, refusing what the flag does not take, naming the field. */
final class FlagChange {
    private FlagChange() {
    }

    static FeatureState apply(FeatureState current, FlagUpdate u) {
        TandemFeature flag = (TandemFeature) current.getFeature();
        FeatureState s = current.copy();
        if (u.enabled() != null) {
            s.setEnabled(u.enabled());
        }
        boolean rollout = flag == TandemFeature.REALTIME_CLIENTS;
        if (u.strategy() != null && !u.strategy().isEmpty()) {
            if (!rollout || !RolloutStrategy.ID.equals(u.strategy())) {
                throw new IllegalArgumentException("strategy: " + flag + (rollout
                        ? " takes only strategy '" + RolloutStrategy.ID + "', got '" + u.strategy() + "'"
                        : " takes no strategy (it is on or off for everyone), got '" + u.strategy() + "'"));
            }
        }
        Map<String, String> params = u.parameters();
        if (params != null) {
            if (!rollout && !params.isEmpty()) {
                throw new IllegalArgumentException("parameters: " + flag + " takes no parameters, got " + params.keySet());
            }
            if (rollout) {
                RolloutParameters parsed = RolloutParameters.parse(params);
                // A copy: clearing a parameter removes it from the set being walked.
                java.util.List.copyOf(s.getParameterNames()).forEach(n -> s.setParameter(n, null));
                parsed.toMap().forEach(s::setParameter);
            }
        }
        if (rollout) {
            s.setStrategyId(RolloutStrategy.ID);
            if (s.getParameterNames().isEmpty()) {
                RolloutParameters.NONE.toMap().forEach(s::setParameter);
            }
        }
        return s;
    }
}
