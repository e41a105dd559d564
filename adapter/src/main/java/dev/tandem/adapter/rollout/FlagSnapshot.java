package dev.tandem.adapter.rollout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.util.FeatureAnnotations;

/**
 * Every flag's state at one moment, copied (Togglz hands out cached states that a careless caller could mutate in
 * place: togglz#1196), with the views Tandem reads: the {@link Stage} and each dashboard's {@link Decision}.
 */
public final class FlagSnapshot {
    private static final Logger log = LoggerFactory.getLogger(FlagSnapshot.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<TandemFeature, FeatureState> states;
    private final RolloutParameters rollout;

    /** @param states the stored states; flags absent take their defaults */
    public FlagSnapshot(Map<TandemFeature, FeatureState> states) {
        Map<TandemFeature, FeatureState> m = new EnumMap<>(TandemFeature.class);
        for (TandemFeature f : TandemFeature.values()) {
            FeatureState s = states.get(f);
            m.put(f, s == null ? defaultState(f) : s.copy());
        }
        this.states = m;
        this.rollout = parseRollout(m.get(TandemFeature.REALTIME_CLIENTS));
    }

    public static FeatureState defaultState(TandemFeature f) {
        return new FeatureState(f, FeatureAnnotations.isEnabledByDefault(f));
    }

    public boolean enabled(TandemFeature f) {
        return states.get(f).isEnabled();
    }

    /** A copy of the flag's state, to change and write back. */
    public FeatureState state(TandemFeature f) {
        return states.get(f).copy();
    }

    /** REALTIME_CLIENTS's parameters (whether the flag is on or not). */
    public RolloutParameters rollout() {
        return rollout;
    }

    /** The share of dashboards on Realtime now, in basis points: 0 unless REALTIME_CLIENTS is on. */
    public int effectiveBasisPoints() {
        return enabled(TandemFeature.KILL_SWITCH) || !enabled(TandemFeature.REALTIME_CLIENTS) ? 0 : rollout.basisPoints();
    }

    public Stage stage() {
        return Stage.of(this);
    }

    /** Legacy broadcast runs unless turned off, and always while the kill switch is on (everyone is on legacy). */
    public boolean legacyBroadcast() {
        return enabled(TandemFeature.LEGACY_BROADCAST) || enabled(TandemFeature.KILL_SWITCH);
    }

    public Decision decide(ClientAttributes client) {
        if (enabled(TandemFeature.KILL_SWITCH)) {
            return Decision.legacy("kill_switch", "the kill switch is on: every dashboard is on legacy");
        }
        if (!enabled(TandemFeature.REALTIME_CLIENTS)) {
            return Decision.legacy("realtime_clients_off", "REALTIME_CLIENTS is off (stage " + stage() + ")");
        }
        return RolloutStrategy.decide(rollout, client);
    }

    /** Whether every flag has the same state in both. */
    public boolean sameAs(FlagSnapshot other) {
        return toJson(JSON).equals(other.toJson(JSON));
    }

    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode out = json.createObjectNode();
        for (TandemFeature f : TandemFeature.values()) {
            out.set(f.name(), flagJson(json, states.get(f)));
        }
        return out;
    }

    /** One flag as the API and the audit log show it: {@code {name, enabled, strategy, parameters}}. */
    public static ObjectNode flagJson(ObjectMapper json, FeatureState s) {
        ObjectNode o = json.createObjectNode();
        o.put("name", s.getFeature().name());
        o.put("enabled", s.isEnabled());
        o.put("strategy", s.getStrategyId());
        ObjectNode p = o.putObject("parameters");
        new TreeMap<>(s.getParameterMap()).forEach(p::put);
        return o;
    }

    private static RolloutParameters parseRollout(FeatureState s) {
        try {
            return RolloutParameters.parse(s.getParameterMap());
        } catch (IllegalArgumentException e) {
            // Only a hand edit of rollout_flags gets here: the API validates what it stores.
            log.warn("REALTIME_CLIENTS has invalid parameters in rollout_flags, treated as 0%: {}", e.getMessage());
            return RolloutParameters.NONE;
        }
    }
}
