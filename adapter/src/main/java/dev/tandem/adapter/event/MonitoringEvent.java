package dev.tandem.adapter.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The canonical monitoring event, created once at ingest; both transports carry a shape of it
 * (see {@link CanonicalMapping}). Timestamps are truncated to microseconds, PostgreSQL's precision,
 * so both shapes can carry them exactly.
 */
public record MonitoringEvent(UUID eventId, long seq, String source, String type, String connectionType,
                              String direction, String scriptName, String functionName, Long dataSizeBytes,
                              Double responseTimeMs, String error, ObjectNode metadata, String metadataJson,
                              Instant occurredAt, Instant ingestedAt) {
    public MonitoringEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(connectionType, "connectionType");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(metadataJson, "metadataJson");
        Objects.requireNonNull(ingestedAt, "ingestedAt");
    }

    /** Completes a validated draft with what the service assigns. */
    public static MonitoringEvent of(EventDraft d, UUID eventId, long seq, String source, Instant ingestedAt) {
        return new MonitoringEvent(eventId, seq, source, d.type(), d.connectionType(), d.direction(),
                d.scriptName(), d.functionName(), d.dataSizeBytes(), d.responseTimeMs(), d.error(),
                d.metadata(), d.metadataJson(), d.occurredAt(), ingestedAt);
    }
}
