package dev.tandem.legacyws;

import java.time.Instant;

/**
 * @param eventCount how many events {@code data} holds
 * @param from       start of the covered range (the request's since, else the first event's time), or null
 * @param to         end of the covered range (the request's until, else the last event's time), or null
 * @param data       JSON array text or CSV text, see {@link ExportFormats}
 */
public record ExportResult(int eventCount, Instant from, Instant to, String data) {
}
