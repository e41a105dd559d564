package dev.tandem.legacyws.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client ids seen most recently, to tell a reconnection from a first connection. Full policy: the id seen
 * least recently is forgotten (so a dashboard gone for long enough counts as new). Not thread-safe.
 */
final class RecentClientIds {
    private final Map<String, Long> ids;

    RecentClientIds(int capacity) {
        // Access order turns the LinkedHashMap into an LRU: a re-seen id moves to the young end.
        this.ids = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Records {@code clientId}; true when it had been seen before (and not yet forgotten). */
    boolean seen(String clientId) {
        Long before = ids.get(clientId);
        ids.put(clientId, before == null ? 0L : before + 1);
        return before != null;
    }

    /** Calls {@code sink} with (id, reconnections) for up to {@code max} ids that reconnected, most recent last. */
    void forEachReconnected(int max, java.util.function.BiConsumer<String, Long> sink) {
        int n = 0;
        for (Map.Entry<String, Long> e : ids.entrySet()) {
            if (e.getValue() > 0 && n++ < max) {
                sink.accept(e.getKey(), e.getValue());
            }
        }
    }
}
