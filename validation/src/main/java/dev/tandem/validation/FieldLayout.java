package dev.tandem.validation;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * How the fields of an event map sort: its names in sorted order, and for each sorted position which entry of
 * the map's iteration holds it. Every event an observer maps has the same names in the same map, so each thread
 * remembers the last layout and reuses it while the names come in the same order, instead of sorting a dozen
 * strings per event; events of one layout also share one (never modified) array of sorted names.
 */
final class FieldLayout {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** The names in the map's iteration order, as last seen. */
    private final String[] arrival;
    final String[] sorted;
    /** Sorted position i holds the entry at arrival index {@code order[i]}. */
    private final int[] order;
    final int seqAt;
    final int sourceAt;
    final int ingestedAt;

    private FieldLayout(String[] arrival) {
        this.arrival = arrival;
        int n = arrival.length;
        Integer[] byName = new Integer[n];
        for (int i = 0; i < n; i++) {
            byName[i] = i;
        }
        Arrays.sort(byName, (a, b) -> arrival[a].compareTo(arrival[b]));
        this.sorted = new String[n];
        this.order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = byName[i];
            sorted[i] = arrival[byName[i]];
        }
        this.seqAt = Arrays.binarySearch(sorted, ObservedEvent.SEQ);
        this.sourceAt = Arrays.binarySearch(sorted, ObservedEvent.SOURCE);
        this.ingestedAt = Arrays.binarySearch(sorted, ObservedEvent.INGESTED_AT);
    }

    /** A map's values in sorted name order, into {@code values}; returns the layout they follow. */
    static FieldLayout sort(Map<String, Object> fields, Object[] values) {
        Scratch s = SCRATCH.get();
        int n = fields.size();
        if (s.names.length < n) {
            s.names = new String[n];
            s.values = new Object[n];
        }
        int i = 0;
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            s.names[i] = Objects.requireNonNull(e.getKey(), "field name");
            s.values[i] = e.getValue();
            i++;
        }
        FieldLayout layout = s.last;
        if (layout == null || !layout.arrivedAs(s.names, n)) {
            layout = new FieldLayout(Arrays.copyOf(s.names, n));
            s.last = layout;
        }
        for (int k = 0; k < n; k++) {
            values[k] = s.values[layout.order[k]];
        }
        Arrays.fill(s.values, 0, n, null); // hold on to no event's values
        return layout;
    }

    private boolean arrivedAs(String[] names, int n) {
        if (n != arrival.length) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (names[i] != arrival[i] && !names[i].equals(arrival[i])) {
                return false;
            }
        }
        return true;
    }

    private static final class Scratch {
        String[] names = new String[32];
        Object[] values = new Object[32];
        FieldLayout last;
    }
}
