package dev.tandem.legacyws.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client ids seen most recently, to tell a reconnection from a first connection. Full policy: the id seen
 * least recently is forgotten (so a dashboard gone for long enough counts as new). Not thread-safe.
 */
final class RecentClientIds {
    private final Map<String, Boolean> ids;

    RecentClientIds(int capacity) {
        // Access order turns the LinkedHashMap into an LRU: a re-seen id moves to the young end.
        this.ids = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code clientId}; true when it had been seen before (and not yet forgotten). */
    boolean seen(String clientId) {
        return ids.put(clientId, Boolean.TRUE) != null;
    }
}
