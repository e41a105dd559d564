package dev.tandem.adapter.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.togglz.core.repository.FeatureState;
import org.togglz.core.user.SimpleFeatureUser;

class RolloutStrategyTest {
    private static final int CLIENTS = 100_000;
    private static final int[] STEPS = {1, 5, 10, 25, 50, 100};

    @Test
    void eachStepIsWithinOnePercentOfItsTargetAndNobodyInLeavesAsItRises() {
        Random random = new Random(20261122L);
        String[] ids = new String[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            ids[i] = "dash-" + Long.toHexString(random.nextLong());
        }
        BitSet in = new BitSet(CLIENTS);
        for (int step : STEPS) {
            RolloutParameters p = params(Map.of("percentage", Integer.toString(step), "seed", "rollout-7"));
            BitSet now = new BitSet(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                if (RolloutStrategy.decide(p, ClientAttributes.of(ids[i])).transport() == Transport.REALTIME) {
                    now.set(i);
                }
            }
            double share = 100.0 * now.cardinality() / CLIENTS;
            assertTrue(Math.abs(share - step) <= 1.0, "at " + step + "% the share was " + share + "%");
            BitSet left = (BitSet) in.clone();
            left.andNot(now);
            assertEquals(0, left.cardinality(), "clients that were in at the previous step left at " + step + "%");
            in = now;
        }
        assertEquals(CLIENTS, in.cardinality(), "100% is everyone");
    }

    @Test
    void theBucketIsStableForAClientAndTheSeedReshuffles() {
        assertEquals(RolloutStrategy.bucket("s1", "wallboard-3"), RolloutStrategy.bucket("s1", "wallboard-3"));
        int differ = 0;
        for (int i = 0; i < 1_000; i++) {
            if (RolloutStrategy.bucket("s1", "c" + i) != RolloutStrategy.bucket("s2", "c" + i)) {
                differ++;
            }
        }
        assertTrue(differ > 990, "a new seed moves almost every client: " + differ);
    }

    @Test
    void denyBeatsAllowWhichBeatsConstraintsAndThePercentage() {
        RolloutParameters p = params(Map.of("percentage", "0", "allow", "a1, a2", "deny", "a2",
                "kinds", "wallboard", "tenants", "acme"));
        assertEquals(new Decision(Transport.REALTIME, "allowed", "client_id is on the allow list"),
                RolloutStrategy.decide(p, ClientAttributes.of("a1")));
        assertEquals("denied", RolloutStrategy.decide(p, ClientAttributes.of("a2")).reason());
        RolloutParameters all = params(Map.of("percentage", "100", "kinds", "wallboard", "tenants", "acme"));
        assertEquals(Transport.REALTIME, RolloutStrategy.decide(all, new ClientAttributes("x", "wallboard", "acme")).transport());
        assertEquals("constraint_kind", RolloutStrategy.decide(all, new ClientAttributes("x", "browser", "acme")).reason());
        assertEquals("constraint_kind", RolloutStrategy.decide(all, ClientAttributes.of("x")).reason());
        assertEquals("constraint_tenant", RolloutStrategy.decide(all, new ClientAttributes("x", "wallboard", "other")).reason());
    }

    @Test
    void togglzCallersGetTheSameAnswerThroughTheStrategyWithTheClientAsTheUser() {
        FeatureState s = new FeatureState(TandemFeature.REALTIME_CLIENTS, true).setStrategyId(RolloutStrategy.ID)
                .setParameter("percentage", "100").setParameter("kinds", "wallboard");
        SimpleFeatureUser wallboard = new SimpleFeatureUser("w1");
        wallboard.setAttribute("kind", "wallboard");
        assertTrue(new RolloutStrategy().isActive(s, wallboard));
        assertEquals(false, new RolloutStrategy().isActive(s, new SimpleFeatureUser("w1")));
        assertEquals(false, new RolloutStrategy().isActive(s, null), "no client, no Realtime");
    }

    @Test
    void badParametersAreRefusedNamingTheParameterAndItsLimit() {
        assertEquals("parameters.percentage: must be a number from 0 to 100 in steps of 0.01, got '100.5'",
                assertThrows(IllegalArgumentException.class, () -> params(Map.of("percentage", "100.5"))).getMessage());
        assertEquals("parameters.percentage: must be a number from 0 to 100 in steps of 0.01, got '2.125'",
                assertThrows(IllegalArgumentException.class, () -> params(Map.of("percentage", "2.125"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> params(Map.of("percent", "5"))).getMessage()
                .startsWith("parameters.percent: unknown parameter"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> params(Map.of("allow", "ok, bad id"))).getMessage()
                .startsWith("parameters.allow: each entry must be"));
        Map<String, String> many = new HashMap<>();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i <= RolloutParameters.MAX_LIST_ENTRIES; i++) {
            b.append("c").append(i).append(',');
        }
        many.put("deny", b.toString());
        assertEquals("parameters.deny: at most 1000 entries, got 1001",
                assertThrows(IllegalArgumentException.class, () -> params(many)).getMessage());
        assertEquals(250, params(Map.of("percentage", "2.5")).basisPoints());
        assertEquals("2.5", params(Map.of("percentage", "2.50")).percentage());
    }

    private static RolloutParameters params(Map<String, String> m) {
        return RolloutParameters.parse(m);
    }
}
