package dev.tandem.validation;

/**
 * Ids of events both sides delivered, each remembered until it expires, to recognise a repeat delivery. Looked
 * up once for every event, nearly always for an id that is not there, and big (a five-minute window at 1,000
 * events/s is 300,000 ids), so built for that: the ids ({@link IdKeys}) sit in a ring in the order added (so
 * expiry only ever looks at the oldest), indexed by an open-addressing table of ints, each a ring position and,
 * in the bits that position leaves free, a fingerprint of the id. A lookup of an absent id mostly reads one int
 * of a table a few MiB large and never the ring. About 32 bytes an id, no object per id. Bounded by
 * {@code maxSize}: when full the oldest is forgotten early (counted).
 */
final class RecentIds {
    private static final int INITIAL = 1 << 10;

    private final int maxSize;
    private long[] his = new long[INITIAL];
    private long[] los = new long[INITIAL];
    private long[] expiries = new long[INITIAL];
    /** Per table position: 0 when empty, else (fingerprint << indexBits) | (ring slot + 1). Twice the ring's length. */
    private int[] table = new int[INITIAL * 2];
    private int indexBits = bits(INITIAL);
    private int indexMask = (1 << indexBits) - 1;
    private int head;
    private int size;
    private long forgotten;

    RecentIds(int maxSize) {
        this.maxSize = maxSize;
    }

    boolean contains(long hi, long lo) {
        return position(hi, lo, IdKeys.hash(hi, lo)) >= 0;
    }

    /** Adds an id not already present, to expire at {@code expiresAtMicros}; expiries must not decrease. */
    void add(long hi, long lo, long expiresAtMicros) {
        if (size == maxSize) {
            removeOldest();
            forgotten++;
        }
        if (size == his.length) {
            grow();
        }
        int slot = (head + size) & (his.length - 1);
        his[slot] = hi;
        los[slot] = lo;
        expiries[slot] = expiresAtMicros;
        size++;
        place(IdKeys.hash(hi, lo), slot);
    }

    /** Forgets every id whose expiry is at or before {@code nowMicros}. */
    void expire(long nowMicros) {
        while (size > 0 && expiries[head] <= nowMicros) {
            removeOldest();
        }
    }

    int size() {
        return size;
    }

    long forgotten() {
        return forgotten;
    }

    private void place(int hash, int slot) {
        int mask = table.length - 1;
        int p = hash & mask;
        while (table[p] != 0) {
            p = (p + 1) & mask;
        }
        table[p] = fingerprint(hash) | (slot + 1);
    }

    private void removeOldest() {
        int p = position(his[head], los[head], IdKeys.hash(his[head], los[head]));
        deleteAt(p);
        head = (head + 1) & (his.length - 1);
        size--;
    }

    /** The table position holding this id, or -1. */
    private int position(long hi, long lo, int hash) {
        int mask = table.length - 1;
        int print = fingerprint(hash);
        int p = hash & mask;
        while (true) {
            int entry = table[p];
            if (entry == 0) {
                return -1;
            }
            if ((entry & ~indexMask) == print) {
                int slot = (entry & indexMask) - 1;
                if (his[slot] == hi && los[slot] == lo) {
                    return p;
                }
            }
            p = (p + 1) & mask;
        }
    }

    /**
     * The hash bits above those that pick a table position (the table has 2^indexBits positions), which is where
     * a table entry has room for them.
     */
    private int fingerprint(int hash) {
        return hash & ~indexMask;
    }

    /** Empties a table position, shifting later entries of the probe run back so that lookups still find them. */
    private void deleteAt(int hole) {
        int mask = table.length - 1;
        table[hole] = 0;
        int j = hole;
        while (true) {
            j = (j + 1) & mask;
            int entry = table[j];
            if (entry == 0) {
                return;
            }
            int slot = (entry & indexMask) - 1;
            int ideal = IdKeys.hash(his[slot], los[slot]) & mask;
            boolean reachableWithoutHole = hole <= j ? (hole < ideal && ideal <= j) : (hole < ideal || ideal <= j);
            if (!reachableWithoutHole) {
                table[hole] = entry;
                table[j] = 0;
                hole = j;
            }
        }
    }

    private void grow() {
        int n = his.length * 2;
        long[] h = new long[n];
        long[] l = new long[n];
        long[] e = new long[n];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (his.length - 1);
            h[i] = his[from];
            l[i] = los[from];
            e[i] = expiries[from];
        }
        his = h;
        los = l;
        expiries = e;
        head = 0;
        table = new int[n * 2];
        indexBits = bits(n);
        indexMask = (1 << indexBits) - 1;
        for (int i = 0; i < size; i++) {
            place(IdKeys.hash(h[i], l[i]), i);
        }
    }

    /** Bits for a ring slot + 1 of a ring this long. */
    private static int bits(int ringLength) {
        return 32 - Integer.numberOfLeadingZeros(ringLength);
    }
}
