package dev.tandem.validation;

import java.util.Arrays;

/**
 * How many mismatched events had each set of differing fields (a signature: one bit per field path, see
 * {@link MismatchLedger}). Kept so that whether an event mismatched can be decided when the report is made,
 * once noise calibration has had its say: an event whose differing fields are all noise counts as matched,
 * whenever the calibration learned it. Bounded: past {@code capacity} distinct signatures, further ones are
 * counted together and always as mismatched.
 */
final class SignatureCounts {
    private final int capacity;
    private long[] signatures = new long[4];
    private long[] counts = new long[4];
    private int size;
    private long overflow;

    SignatureCounts(int capacity) {
        this.capacity = capacity;
    }

    void add(long signature) {
        for (int i = 0; i < size; i++) {
            if (signatures[i] == signature) {
                counts[i]++;
                return;
            }
        }
        if (size == capacity) {
            overflow++;
            return;
        }
        if (size == signatures.length) {
            signatures = Arrays.copyOf(signatures, Math.min(capacity, size * 2));
            counts = Arrays.copyOf(counts, signatures.length);
        }
        signatures[size] = signature;
        counts[size] = 1;
        size++;
    }

    /** Events with at least one differing field outside {@code noiseMask}. */
    long mismatched(long noiseMask) {
        long n = overflow;
        for (int i = 0; i < size; i++) {
            if ((signatures[i] & ~noiseMask) != 0) {
                n += counts[i];
            }
        }
        return n;
    }
}
