package dev.tandem.validation;

/**
 * An event id as 128 bits, for the validator's tables: a lowercase UUID is its own bits, any other id a hash of
 * it (two 64-bit hashes; ids are matched as strings, so an uppercase UUID hashes too). Tables keyed so hold two
 * longs an id instead of a string, and compare ids without touching the strings.
 */
final class IdKeys {
    private IdKeys() {
    }

    static int hash(long hi, long lo) {
        long x = hi * 0x9E3779B97F4A7C15L ^ lo;
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        return (int) x;
    }

    /** The high 64 bits of an id's key: a lowercase UUID's own bits, else a hash of the id. */
    static long hi(String id) {
        if (isUuidShape(id)) {
            long v = hex(id, 0, 8);
            long w = hex(id, 9, 13);
            long x = hex(id, 14, 18);
            if (v >= 0 && w >= 0 && x >= 0) {
                return v << 32 | w << 16 | x;
            }
        }
        return stringHash(id, 0x243F6A8885A308D3L);
    }

    /** The low 64 bits of an id's key; see {@link #hi}. */
    static long lo(String id) {
        if (isUuidShape(id)) {
            long v = hex(id, 19, 23);
            long w = hex(id, 24, 36);
            if (v >= 0 && w >= 0) {
                return v << 48 | w;
            }
        }
        return stringHash(id, 0x13198A2E03707344L);
    }

    private static boolean isUuidShape(String id) {
        return id.length() == 36 && id.charAt(8) == '-' && id.charAt(13) == '-' && id.charAt(18) == '-'
                && id.charAt(23) == '-';
    }

    /** Per char below 128: its value as a lowercase hex digit, or -1. */
    private static final byte[] HEX = new byte[128];

    static {
        java.util.Arrays.fill(HEX, (byte) -1);
        for (int c = '0'; c <= '9'; c++) {
            HEX[c] = (byte) (c - '0');
        }
        for (int c = 'a'; c <= 'f'; c++) {
            HEX[c] = (byte) (c - 'a' + 10);
        }
    }

    /** Lowercase hex digits from..to as a number, or -1 when any is not one (uppercase ids hash instead). */
    private static long hex(String s, int from, int to) {
        long v = 0;
        int bad = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int d = c < 128 ? HEX[c] : -1;
            bad |= d;
            v = v << 4 | (d & 0xF);
        }
        return bad < 0 ? -1 : v;
    }

    private static long stringHash(String s, long seed) {
        long h = seed ^ s.length();
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001B3L;
            h = Long.rotateLeft(h, 29);
        }
        h ^= h >>> 33;
        h *= 0xC4CEB9FE1A85EC53L;
        h ^= h >>> 33;
        return h;
    }
}
