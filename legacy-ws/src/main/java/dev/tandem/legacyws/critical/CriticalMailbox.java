package dev.tandem.legacyws.critical;

import dev.tandem.legacyws.message.OutboundText;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Critical messages ({@code stats}, {@code export_complete}, {@code transport_change}) waiting for a client
 * that was gone when they were ready, by client_id, until it reconnects or they expire. Bounded per client
 * (full policy {@link #PER_CLIENT_FULL_POLICY}) and in total ({@link #TOTAL_FULL_POLICY}); expired and
 * dropped messages are counted. Thread-safe.
 */
public final class CriticalMailbox {
    public static final String PER_CLIENT_FULL_POLICY = "drop_oldest_of_client";
    public static final String TOTAL_FULL_POLICY = "refuse_new";

    private record Pending(OutboundText message, long expiresAtMillis) {
    }

    private final long ttlMillis;
    private final int maxPerClient;
    private final int maxTotal;
    private final Map<String, ArrayDeque<Pending>> byClient = new HashMap<>();
    private int total;
    private long stored;
    private long delivered;
    private long expired;
    private long dropped;

    public CriticalMailbox(Duration ttl, int maxPerClient, int maxTotal) {
        this.ttlMillis = ttl.toMillis();
        this.maxPerClient = maxPerClient;
        this.maxTotal = maxTotal;
    }

    public synchronized void store(String clientId, OutboundText message, long nowMillis) {
        expire(nowMillis);
        ArrayDeque<Pending> queue = byClient.computeIfAbsent(clientId, id -> new ArrayDeque<>());
        if (queue.size() >= maxPerClient) {
            queue.pollFirst();
            total--;
            dropped++;
        } else if (total >= maxTotal) {
            dropped++;
            if (queue.isEmpty()) {
                byClient.remove(clientId);
            }
            return;
        }
        queue.addLast(new Pending(message, nowMillis + ttlMillis));
        total++;
        stored++;
    }

    /** Removes and returns what still waits for {@code clientId}, oldest first; expired ones are counted, not returned. */
    public synchronized List<OutboundText> take(String clientId, long nowMillis) {
        expire(nowMillis);
        ArrayDeque<Pending> queue = byClient.remove(clientId);
        if (queue == null) {
            return List.of();
        }
        total -= queue.size();
        delivered += queue.size();
        List<OutboundText> out = new ArrayList<>(queue.size());
        queue.forEach(p -> out.add(p.message()));
        return out;
    }

    /** Counts and drops every expired message. */
    public synchronized void expire(long nowMillis) {
        Iterator<ArrayDeque<Pending>> clients = byClient.values().iterator();
        while (clients.hasNext()) {
            ArrayDeque<Pending> queue = clients.next();
            while (!queue.isEmpty() && queue.peekFirst().expiresAtMillis() <= nowMillis) {
                queue.pollFirst();
                total--;
                expired++;
            }
            if (queue.isEmpty()) {
                clients.remove();
            }
        }
    }

    public synchronized int pending() {
        return total;
    }

    public synchronized long stored() {
        return stored;
    }

    public synchronized long delivered() {
        return delivered;
    }

    public synchronized long expired() {
        return expired;
    }

    public synchronized long dropped() {
        return dropped;
    }

    public int maxTotal() {
        return maxTotal;
    }

    public int maxPerClient() {
        return maxPerClient;
    }
}
