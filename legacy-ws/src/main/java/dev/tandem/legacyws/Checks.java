package dev.tandem.legacyws;

import java.time.Duration;

/**
 * The range checks every settings builder shares, so each refusal reads the same way:
 * {@code <setting> must be <min>..<max>, got <value>}.
 */
final class Checks {
    private Checks() {
    }

    static void range(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        }
    }

    /** A null duration is refused like one out of range. */
    static void duration(String name, Duration value, Duration min, Duration max) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        }
    }

    /** {@code s} in double quotes, or {@code null}: shows blanks and absence apart in a message. */
    static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
