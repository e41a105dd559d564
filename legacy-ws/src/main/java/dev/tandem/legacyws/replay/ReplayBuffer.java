package dev.tandem.legacyws.replay;

import dev.tandem.legacyws.message.OutboundText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The latest broadcast events, for {@code resume} and the default export. Bounded by count and by age
 * (TTL). Full policy {@link #FULL_POLICY}: the oldest event is evicted. Holds the rendered message, so a
 * replayed event is byte-for-byte what was broadcast and is never re-encoded. Not thread-safe: the hub
 * calls it under its broadcast lock, which is what makes replay-then-live atomic.
 */
public final class ReplayBuffer {
    public static final String FULL_POLICY = "evict_oldest";

    /** One buffered event. */
    public record Entry(long seq, String connectionType, Instant ingestedAt, long storedAtMillis, OutboundText message) {
    }

    private final int capacity;
    private final long ttlMillis;
    private final ArrayDeque<Entry> entries = new ArrayDeque<>();
    private long evictedFull;
    private long evictedExpired;

    public ReplayBuffer(int capacity, Duration ttl) {
        this.capacity = capacity;
        this.ttlMillis = ttl.toMillis();
    }

    public void add(Entry entry, long nowMillis) {
        if (capacity == 0) {
            return;
        }
        expire(nowMillis);
        if (entries.size() == capacity) {
            entries.pollFirst();
            evictedFull++;
        }
        entries.addLast(entry);
    }

    /** Drops entries older than the TTL. */
    public void expire(long nowMillis) {
        while (!entries.isEmpty() && nowMillis - entries.peekFirst().storedAtMillis() > ttlMillis) {
            entries.pollFirst();
            evictedExpired++;
        }
    }

    /** The seq of the oldest buffered event, or {@code fallback} when the buffer is empty. */
    public long firstSeq(long fallback) {
        return entries.isEmpty() ? fallback : entries.peekFirst().seq();
    }

    /** Buffered events with seq greater than {@code seq}, oldest first. */
    public List<Entry> after(long seq) {
        List<Entry> out = new ArrayList<>();
        // Walk from the young end: a resuming client usually missed only the latest few.
        Iterator<Entry> it = entries.descendingIterator();
        while (it.hasNext()) {
            Entry e = it.next();
            if (e.seq() <= seq) {
                break;
            }
            out.add(e);
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /** Every buffered event, oldest first (a copy, so the caller may work on it outside the lock). */
    public List<Entry> all() {
        return new ArrayList<>(entries);
    }

    public int size() {
        return entries.size();
    }

    public int capacity() {
        return capacity;
    }

    public long evictedFull() {
        return evictedFull;
    }

    public long evictedExpired() {
        return evictedExpired;
    }
}
