package dev.tandem.realtimebridge.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One Phoenix channel message, whichever serializer carried it.
 *
 * @param joinRef the ref of the join this message belongs to; null from servers speaking v1 (which never send
 *     it) and on server pushes
 * @param ref the message's own ref, matched by replies; null on server pushes and broadcasts
 */
public record Message(String joinRef, String ref, String topic, String event, JsonNode payload) {
    public static final String PHOENIX_TOPIC = "phoenix";

    public Message {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(payload, "payload");
    }
}
