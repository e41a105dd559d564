package dev.tandem.legacyws;

import java.time.Instant;

/**
 * @param format  "json" or "csv"
 * @param since   inclusive lower bound on the event's ingest time, or null
 * @param until   inclusive upper bound on the event's ingest time, or null
 * @param maxRows the most events an export may hold (ClientLimits#exportMaxRows)
 */
public record ExportRequest(String format, Instant since, Instant until, int maxRows) {
}
