package dev.tandem.adapter.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.togglz.core.repository.FeatureState;

class StageTest {
    @Test
    void aFreshDatabaseIsAtShadowWithEveryDashboardOnLegacy() {
        FlagSnapshot fresh = new FlagSnapshot(Map.of());
        assertEquals(Stage.SHADOW, fresh.stage());
        assertEquals("realtime_clients_off", fresh.decide(ClientAttributes.of("d1")).reason());
        assertTrue(fresh.legacyBroadcast());
    }

    @Test
    void everyStagesFlagPatternReadsBackAsThatStage() {
        for (Stage from : Stage.values()) {
            FlagSnapshot start = apply(new FlagSnapshot(Map.of()), from, 1_000);
            assertEquals(from, start.stage(), "pattern of " + from);
            for (Stage to : Stage.values()) {
                assertEquals(to, apply(start, to, 2_500).stage(), from + " -> " + to);
            }
        }
    }

    @Test
    void theKillSwitchPutsEveryoneOnLegacyAndKeepsLegacyBroadcastingWhateverTheStage() {
        FlagSnapshot off = apply(new FlagSnapshot(Map.of()), Stage.LEGACY_OFF, 0);
        assertEquals(Transport.REALTIME, off.decide(ClientAttributes.of("d1")).transport());
        assertFalse(off.legacyBroadcast());
        Map<TandemFeature, FeatureState> m = states(off);
        m.put(TandemFeature.KILL_SWITCH, new FeatureState(TandemFeature.KILL_SWITCH, true));
        FlagSnapshot killed = new FlagSnapshot(m);
        assertEquals("kill_switch", killed.decide(ClientAttributes.of("d1")).reason());
        assertTrue(killed.legacyBroadcast());
        assertEquals(0, killed.effectiveBasisPoints());
    }

    @Test
    void goingBackBelowCanaryKeepsTheSeedAndAllowListForTheNextCanary() {
        FlagSnapshot canary = apply(new FlagSnapshot(Map.of()), Stage.CANARY, 1_000);
        Map<TandemFeature, FeatureState> m = states(canary);
        m.get(TandemFeature.REALTIME_CLIENTS).setParameter("seed", "s9").setParameter("allow", "vip");
        FlagSnapshot shadow = apply(new FlagSnapshot(m), Stage.SHADOW, 0);
        assertEquals(0, shadow.effectiveBasisPoints());
        assertEquals("s9", shadow.rollout().seed());
        assertEquals(java.util.Set.of("vip"), shadow.rollout().allow());
        assertEquals("realtime_clients_off", shadow.decide(ClientAttributes.of("vip")).reason());
    }

    static FlagSnapshot apply(FlagSnapshot current, Stage target, int canaryBasisPoints) {
        Map<TandemFeature, FeatureState> m = states(current);
        for (FeatureState s : StagePlan.statesFor(target, current, canaryBasisPoints)) {
            m.put((TandemFeature) s.getFeature(), s);
        }
        return new FlagSnapshot(m);
    }

    private static Map<TandemFeature, FeatureState> states(FlagSnapshot f) {
        Map<TandemFeature, FeatureState> m = new EnumMap<>(TandemFeature.class);
        for (TandemFeature t : TandemFeature.values()) {
            m.put(t, f.state(t));
        }
        return m;
    }
}
