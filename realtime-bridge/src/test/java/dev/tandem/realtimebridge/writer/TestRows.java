package dev.tandem.realtimebridge.writer;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Event rows for tests: distinct ids, seq numbers that say where a row came from. */
public final class TestRows {
    private TestRows() {
    }

    /** A minimal valid row with the given seq and a fresh random event id. */
    public static EventRow row(long seq) {
        return new EventRow(UUID.randomUUID(), seq, "test-instance", "request", "http", "inbound", null, null, null,
                null, null, "{}", null, Instant.parse("2024-05-06T07:08:09.123456Z"));
    }

    /** {@code count} rows numbered {@code firstSeq}, {@code firstSeq + 1}, ... */
    public static List<EventRow> rows(long firstSeq, int count) {
        List<EventRow> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            rows.add(row(firstSeq + i));
        }
        return rows;
    }
}
