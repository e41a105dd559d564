package dev.tandem.realtimebridge.writer;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One row of {@code monitoring_events}, as the writer inserts it. The adapter maps its canonical event to
 * this; the writer knows nothing else about events.
 *
 * <p>The constructor enforces the table's NOT NULL and CHECK constraints (V1__monitoring_events.sql), because
 * a row the database would refuse would otherwise be retried forever and hold up every row queued behind it.
 *
 * @param metadataJson a JSON object as text (stored as jsonb)
 * @param scriptName nullable
 * @param functionName nullable
 * @param dataSizeBytes nullable; when present at least 0
 * @param responseTimeMs nullable; when present at least 0
 * @param error nullable
 * @param occurredAt nullable: when the producer says the event happened
 */
public record EventRow(
        UUID eventId,
        long seq,
        String source,
        String type,
        String connectionType,
        String direction,
        String scriptName,
        String functionName,
        Long dataSizeBytes,
        Double responseTimeMs,
        String error,
        String metadataJson,
        Instant occurredAt,
        Instant ingestedAt) {

    /** The values the table's CHECK constraint accepts for {@code direction}. */
    public static final java.util.Set<String> DIRECTIONS = java.util.Set.of("inbound", "outbound");

    public EventRow {
        Objects.requireNonNull(eventId, "EventRow.eventId must not be null");
        Objects.requireNonNull(source, "EventRow.source must not be null");
        Objects.requireNonNull(type, "EventRow.type must not be null");
        Objects.requireNonNull(connectionType, "EventRow.connectionType must not be null");
        Objects.requireNonNull(direction, "EventRow.direction must not be null");
        Objects.requireNonNull(metadataJson, "EventRow.metadataJson must not be null (use \"{}\" for none)");
        Objects.requireNonNull(ingestedAt, "EventRow.ingestedAt must not be null");
        if (!DIRECTIONS.contains(direction)) {
            throw new IllegalArgumentException("EventRow.direction must be one of " + DIRECTIONS + ", got: " + direction);
        }
        if (dataSizeBytes != null && dataSizeBytes < 0) {
            throw new IllegalArgumentException("EventRow.dataSizeBytes must be >= 0 when present, got: " + dataSizeBytes);
        }
        if (responseTimeMs != null && !(responseTimeMs >= 0)) {
            throw new IllegalArgumentException("EventRow.responseTimeMs must be >= 0 when present, got: " + responseTimeMs);
        }
    }
}
