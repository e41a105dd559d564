package dev.tandem.legacyws.server;

import java.util.HashSet;
import java.util.Set;

/**
 * Which connection types' {@code event}s a client gets. Either every type except {@code excluded}
 * ({@code included == null}) or exactly {@code included}. Immutable.
 *
 * <p>Semantics: {@code subscribe [a,b]} from "all" narrows to exactly a,b, and later subscribes add to the
 * list; {@code unsubscribe [a]} removes a (from "all", that means all but a); {@code unsubscribe} with no
 * list goes back to all.
 */
record Subscription(Set<String> included, Set<String> excluded) {
    static final Subscription ALL = new Subscription(null, Set.of());
    /** Connection types named by one client; producers' types are bounded too (TrafficStats). */
    static final int MAX_TYPES = 64;

    boolean wants(String connectionType) {
        return included == null ? !excluded.contains(connectionType) : included.contains(connectionType);
    }

    Subscription subscribe(Set<String> types) {
        Set<String> in = included == null ? new HashSet<>() : new HashSet<>(included);
        in.addAll(types);
        return new Subscription(Set.copyOf(in), Set.of());
    }

    Subscription unsubscribe(Set<String> types) {
        if (types.isEmpty()) {
            return ALL;
        }
        if (included == null) {
            Set<String> out = new HashSet<>(excluded);
            out.addAll(types);
            return new Subscription(null, Set.copyOf(out));
        }
        Set<String> in = new HashSet<>(included);
        in.removeAll(types);
        return new Subscription(Set.copyOf(in), Set.of());
    }

    /** Number of types it names, to keep one client's filter bounded. */
    int size() {
        return included == null ? excluded.size() : included.size();
    }
}
