package dev.tandem.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The id keys and the two id tables, against plain collections. */
class IdTablesTest {
    @Test
    void aLowercaseUuidIsItsOwnKeyAndAnyOtherIdIsHashed() {
        UUID u = UUID.fromString("0192f3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d");
        assertEquals(u.getMostSignificantBits(), IdKeys.hi(u.toString()));
        assertEquals(u.getLeastSignificantBits(), IdKeys.lo(u.toString()));
        String upper = u.toString().toUpperCase();
        assertNotEquals(IdKeys.hi(u.toString()), IdKeys.hi(upper), "ids are matched as strings, case included");
        assertNotEquals(IdKeys.lo("e1"), IdKeys.lo("e2"));
        assertEquals(IdKeys.hi("e1"), IdKeys.hi("e1"));
    }

    /** Random adds and expiries, with growth (and so new fingerprint widths) and wrap-around, against a set. */
    @Test
    void recentIdsBehaveLikeASetThatForgetsTheOldestFirst() {
        Random random = new Random(7);
        RecentIds ids = new RecentIds(500_000);
        ArrayDeque<long[]> order = new ArrayDeque<>();
        Set<String> reference = new HashSet<>();
        long now = 0;
        for (int round = 0; round < 300_000; round++) {
            now += random.nextInt(3);
            long hi = random.nextInt(1_000_000);
            long lo = random.nextInt(4);
            String key = hi + ":" + lo;
            if (!reference.contains(key)) {
                ids.add(hi, lo, now + 2_000);
                order.addLast(new long[] {hi, lo});
                reference.add(key);
            }
            if (random.nextInt(10) == 0) {
                ids.expire(now);
                while (reference.size() > ids.size()) {
                    long[] oldest = order.removeFirst();
                    reference.remove(oldest[0] + ":" + oldest[1]);
                }
            }
            if (round % 9_973 == 0) {
                for (String k : reference) {
                    String[] p = k.split(":");
                    assertTrue(ids.contains(Long.parseLong(p[0]), Long.parseLong(p[1])), k);
                }
                assertEquals(reference.size(), ids.size());
            }
            long probe = random.nextInt(1_000_000);
            assertEquals(reference.contains(probe + ":0"), ids.contains(probe, 0));
        }
        assertEquals(0, ids.forgotten());
    }

    @Test
    void whenFullTheOldestRecentIdIsForgottenAndCounted() {
        RecentIds ids = new RecentIds(100);
        for (int i = 0; i < 250; i++) {
            ids.add(i, i, Long.MAX_VALUE);
        }
        assertEquals(100, ids.size());
        assertEquals(150, ids.forgotten());
        assertTrue(ids.contains(249, 249));
        assertTrue(!ids.contains(149, 149));
        assertTrue(ids.contains(150, 150));
    }

    /** Random puts and removes, through growth and shrinking, against a map. */
    @Test
    void pendingIdsBehaveLikeAMap() {
        Random random = new Random(11);
        PendingIds<Object> ids = new PendingIds<>();
        Map<String, Object> reference = new HashMap<>();
        List<String> keys = new ArrayList<>();
        for (int round = 0; round < 200_000; round++) {
            // Grows to some thousands, then drains, twice: the table grows and shrinks back.
            boolean filling = (round / 50_000) % 2 == 0;
            if (filling ? random.nextInt(10) < 7 : random.nextInt(10) < 3) {
                long hi = random.nextLong();
                long lo = random.nextInt(8);
                String key = hi + ":" + lo;
                if (!reference.containsKey(key)) {
                    Object value = new Object();
                    ids.put(hi, lo, value);
                    reference.put(key, value);
                    keys.add(key);
                }
            } else if (!keys.isEmpty()) {
                String key = keys.remove(random.nextInt(keys.size()));
                String[] p = key.split(":");
                ids.remove(Long.parseLong(p[0]), Long.parseLong(p[1]));
                reference.remove(key);
            }
            assertEquals(reference.size(), ids.size());
            if (round % 4_999 == 0) {
                for (Map.Entry<String, Object> e : reference.entrySet()) {
                    String[] p = e.getKey().split(":");
                    assertSame(e.getValue(), ids.get(Long.parseLong(p[0]), Long.parseLong(p[1])), e.getKey());
                }
            }
            assertNull(ids.get(random.nextLong(), 9));
        }
    }
}
