package dev.tandem.legacyws.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * The latest rendered {@code event} messages, for a new client's {@code initial_stats}. Kept as rendered text
 * so a replayed event is byte-for-byte what was broadcast. Full policy: the oldest event is overwritten.
 */
public final class RecentEvents {
    private final String[] ring;
    private int next;
    private int size;

    /** @param capacity how many events to keep; 0 keeps none */
    public RecentEvents(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, got " + capacity);
        }
        this.ring = new String[capacity];
    }

    public synchronized void add(String renderedEvent) {
        if (ring.length == 0) {
            return;
        }
        ring[next] = renderedEvent;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** The kept events, oldest first. */
    public synchronized List<String> snapshot() {
        List<String> out = new ArrayList<>(size);
        int oldest = (next - size + ring.length) % Math.max(ring.length, 1);
        for (int i = 0; i < size; i++) {
            out.add(ring[(oldest + i) % ring.length]);
        }
        return out;
    }
}
