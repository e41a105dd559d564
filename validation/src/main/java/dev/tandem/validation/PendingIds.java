package dev.tandem.validation;

/**
 * The events seen on one side only, by id ({@link IdKeys}): the lookup every delivery makes. Small (the grace
 * window's worth of one-sided events: at 1,000 events/s with realtime 150 ms behind, some 150), so kept as two
 * flat arrays that stay in cache: the ids in a row of longs, compared without touching the entries or their
 * strings, and the entries beside them. Open addressing with linear probing; shrinks again after a burst.
 */
final class PendingIds<V> {
    private static final int MIN_SLOTS = 256;

    /** Per slot: hi, lo. */
    private long[] keys = new long[2 * MIN_SLOTS];
    /** Per slot: the entry, null when the slot is empty. */
    private Object[] values = new Object[MIN_SLOTS];
    private int size;

    /** The entry held for this id, or null. */
    @SuppressWarnings("unchecked")
    V get(long hi, long lo) {
        int p = position(hi, lo);
        return p < 0 ? null : (V) values[p];
    }

    /** Holds {@code value} for an id not held yet. */
    void put(long hi, long lo, V value) {
        if (2 * (size + 1) > values.length) {
            rehash(values.length * 2);
        }
        place(hi, lo, value);
        size++;
    }

    /** Lets go of this id; nothing when it is not held. */
    void remove(long hi, long lo) {
        int p = position(hi, lo);
        if (p < 0) {
            return;
        }
        deleteAt(p);
        size--;
        if (values.length > MIN_SLOTS && 8 * size < values.length) {
            rehash(values.length / 2);
        }
    }

    int size() {
        return size;
    }

    private int position(long hi, long lo) {
        int mask = values.length - 1;
        int p = IdKeys.hash(hi, lo) & mask;
        while (values[p] != null) {
            if (keys[2 * p] == hi && keys[2 * p + 1] == lo) {
                return p;
            }
            p = (p + 1) & mask;
        }
        return -1;
    }

    private void place(long hi, long lo, Object value) {
        int mask = values.length - 1;
        int p = IdKeys.hash(hi, lo) & mask;
        while (values[p] != null) {
            p = (p + 1) & mask;
        }
        keys[2 * p] = hi;
        keys[2 * p + 1] = lo;
        values[p] = value;
    }

    /** Empties a slot, shifting later entries of its probe run back so that lookups still find them. */
    private void deleteAt(int hole) {
        int mask = values.length - 1;
        values[hole] = null;
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            if (values[j] == null) {
                return;
            }
            int ideal = IdKeys.hash(keys[2 * j], keys[2 * j + 1]) & mask;
            boolean reachableWithoutHole = hole <= j ? (hole < ideal && ideal <= j) : (hole < ideal || ideal <= j);
            if (!reachableWithoutHole) {
                keys[2 * hole] = keys[2 * j];
                keys[2 * hole + 1] = keys[2 * j + 1];
                values[hole] = values[j];
                values[j] = null;
                hole = j;
            }
        }
    }

    private void rehash(int slots) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[2 * slots];
        values = new Object[slots];
        for (int s = 0; s < oldValues.length; s++) {
            if (oldValues[s] != null) {
                place(oldKeys[2 * s], oldKeys[2 * s + 1], oldValues[s]);
            }
        }
    }
}
