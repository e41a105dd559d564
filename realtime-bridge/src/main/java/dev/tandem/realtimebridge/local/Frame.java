package dev.tandem.realtimebridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One Phoenix channel message, whichever serializer carried it.
 *
 * @param joinRef the channel's join reference, or null (server pushes; never sent by the v1 serializer)
 * @param ref the message reference a reply echoes, or null for pushes
 */
record Frame(String joinRef, String ref, String topic, String event, JsonNode payload) {
    Frame {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
    }

    /** A server push: no refs. */
    static Frame push(String topic, String event, JsonNode payload) {
        return new Frame(null, null, topic, event, payload);
    }
}
