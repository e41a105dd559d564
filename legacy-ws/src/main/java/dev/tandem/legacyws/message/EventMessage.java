package dev.tandem.legacyws.message;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.LegacyEvent;
import java.time.Instant;

/** Renders the legacy {@code event} message. Every key is always present, null where the event has no value. */
public final class EventMessage {
    public static final String TYPE = "event";

    private EventMessage() {
    }

    public static String render(LegacyEvent e, Instant broadcastTime) {
        // Keys in the order of the legacy protocol, then the (new) ones, so a diff against an old capture reads easily.
        ObjectNode m = Json.object();
        m.put("type", TYPE);
        m.put("connection_type", e.connectionType());
        m.put("direction", e.direction());
        m.put("script_name", e.scriptName());
        m.put("function_name", e.functionName());
        m.put("data_size_bytes", e.dataSizeBytes());
        m.put("response_time_ms", e.responseTimeMs());
        m.put("error", e.error());
        m.set("metadata", e.metadata());
        m.put("broadcast_time", Timestamps.seconds(broadcastTime));
        m.put("event_id", e.eventId());
        m.put("seq", e.seq());
        m.put("occurred_at", e.occurredAt() == null ? null : e.occurredAt().toString());
        m.put("source", e.source());
        m.put("event_type", e.eventType());
        m.put("ingested_at", e.ingestedAt().toString());
        return Json.write(m);
    }
}
