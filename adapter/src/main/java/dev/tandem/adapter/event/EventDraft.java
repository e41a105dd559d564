package dev.tandem.adapter.event;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;

/**
 * A producer's event after validation, before the service assigns its id (unless the producer gave one),
 * sequence number, source and ingest time. {@code metadataJson} is {@code metadata} serialised once, so both
 * transports carry the very same text.
 */
public record EventDraft(UUID eventId, String type, String connectionType, String direction, String scriptName,
                         String functionName, Long dataSizeBytes, Double responseTimeMs, String error,
                         ObjectNode metadata, String metadataJson, Instant occurredAt) {
}
