package dev.tandem.legacyws.message;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The legacy protocol's timestamp format: ISO-8601 UTC at whole seconds, e.g. {@code 2025-11-01T12:34:56Z}. */
public final class Timestamps {
    private Timestamps() {
    }

    public static String seconds(Instant instant) {
        // ISO_INSTANT omits the fraction when it is zero, which truncation guarantees.
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
