package dev.tandem.legacyws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;

/**
 * One monitoring event as the legacy sink receives it: the canonical event flattened into the fields that
 * the legacy {@code event} message carries. The adapter translates its own model into this record.
 *
 * <p>{@code scriptName}, {@code functionName}, {@code dataSizeBytes}, {@code responseTimeMs}, {@code error}
 * and {@code occurredAt} may be null; everything else is required. {@code metadata} is rendered during
 * {@link LegacyServer#publish}, and is not kept afterwards, so the caller may reuse it once publish returns.
 */
public record LegacyEvent(
        String eventId,
        long seq,
        String source,
        String eventType,
        String connectionType,
        String direction,
        String scriptName,
        String functionName,
        Long dataSizeBytes,
        Double responseTimeMs,
        String error,
        ObjectNode metadata,
        Instant occurredAt,
        Instant ingestedAt) {

    public LegacyEvent {
        // Fail at the boundary, naming the field, rather than with a NullPointerException deep in rendering.
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(connectionType, "connectionType");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(ingestedAt, "ingestedAt");
    }
}
