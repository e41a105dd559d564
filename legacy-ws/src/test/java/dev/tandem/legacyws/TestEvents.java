package dev.tandem.legacyws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.message.Json;
import java.time.Instant;

/** Builds {@link LegacyEvent}s for tests: distinct, recognisable values per seq. */
final class TestEvents {
    static final Instant BASE = Instant.parse("2025-11-01T12:00:00.123456Z");

    private TestEvents() {
    }

    /** A complete event: every optional field set. */
    static LegacyEvent full(long seq) {
        return event(seq, "redis", seq % 2 == 0 ? "outbound" : "inbound", 100 + seq, 10.0 + seq, null, Json.object().put("n", seq));
    }

    static LegacyEvent event(long seq, String connectionType, String direction, Long bytes, Double responseMs,
                             String error, ObjectNode metadata) {
        return new LegacyEvent("evt-" + seq, seq, "instance-a", "call", connectionType, direction,
                "script_" + seq, "function_" + seq, bytes, responseMs, error, metadata,
                BASE.plusSeconds(seq), BASE.plusSeconds(seq).plusMillis(5));
    }

    /** An event whose optional fields are all null. */
    static LegacyEvent minimal(long seq) {
        return new LegacyEvent("evt-" + seq, seq, "instance-a", "call", "glm", "inbound",
                null, null, null, null, null, Json.object(), null, BASE.plusSeconds(seq));
    }

    /** A minimal event with the given event_id, for dedup tests. */
    static LegacyEvent withId(String eventId, long seq) {
        return new LegacyEvent(eventId, seq, "instance-a", "call", "glm", "inbound",
                null, null, null, null, null, Json.object(), null, BASE.plusSeconds(seq));
    }

    /** An event carrying {@code paddingBytes} of metadata, to fill socket buffers quickly. */
    static LegacyEvent padded(long seq, int paddingBytes) {
        return event(seq, "kimi", "outbound", (long) paddingBytes, 1.0, null,
                Json.object().put("padding", "x".repeat(paddingBytes)));
    }

    /** A server on an ephemeral loopback port, started, with the given tweaks over the defaults. */
    static LegacyServer startServer(LegacyServerConfig.Builder config) {
        LegacyServer server = new LegacyServer(config.host("127.0.0.1").port(0).build());
        server.start();
        return server;
    }
}
