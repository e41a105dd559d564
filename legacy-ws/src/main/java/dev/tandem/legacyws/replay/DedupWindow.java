package dev.tandem.legacyws.replay;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Event ids published recently, so the same event published twice (a producer retry, two feeds) is broadcast
 * once. Bounded by count and by age. Full policy {@link #FULL_POLICY}: the oldest id is forgotten. Not
 * thread-safe: used under the hub's broadcast lock.
 */
public final class DedupWindow {
    public static final String FULL_POLICY = "forget_oldest";

    private final int capacity;
    private final long ttlMillis;
    /** Insertion order is age order, so expiry only looks at the head. */
    private final LinkedHashMap<String, Long> seenAt = new LinkedHashMap<>();
    private long duplicates;

    public DedupWindow(int capacity, Duration ttl) {
        this.capacity = capacity;
        this.ttlMillis = ttl.toMillis();
    }

    /** Records {@code eventId}; true when it is new within the window (broadcast it), false for a repeat. */
    public boolean firstSighting(String eventId, long nowMillis) {
        Iterator<Map.Entry<String, Long>> it = seenAt.entrySet().iterator();
        while (it.hasNext() && nowMillis - it.next().getValue() > ttlMillis) {
            it.remove();
        }
        if (seenAt.containsKey(eventId)) {
            duplicates++;
            return false;
        }
        if (seenAt.size() >= capacity) {
            seenAt.pollFirstEntry();
        }
        seenAt.put(eventId, nowMillis);
        return true;
    }

    public long duplicates() {
        return duplicates;
    }

    public int size() {
        return seenAt.size();
    }
}
