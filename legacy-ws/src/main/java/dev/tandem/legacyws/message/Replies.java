package dev.tandem.legacyws.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Renders the small messages: {@code pong}, {@code error}, {@code ack} (each echoing a {@code ref}), {@code test_event}. */
public final class Replies {
    private Replies() {
    }

    /** {@code {"type":"pong","ts":<the ping's ts, or null>}}, plus the ref when the ping had one. */
    public static String pong(JsonNode ts, JsonNode ref) {
        ObjectNode m = Json.object();
        m.put("type", "pong");
        m.set("ts", ts == null ? NullNode.getInstance() : ts);
        return Json.write(withRef(m, ref));
    }

    public static String error(ErrorCode code, String message, JsonNode ref) {
        return Json.write(errorNode(code, message, ref));
    }

    public static ObjectNode errorNode(ErrorCode code, String message, JsonNode ref) {
        ObjectNode m = Json.object();
        m.put("type", "error");
        m.put("code", code.wire());
        m.put("message", message);
        return withRef(m, ref);
    }

    /** {@code {"type":"ack","ref":...}}: the answer to a message that has no other answer but carried a ref. */
    public static String ack(JsonNode ref) {
        ObjectNode m = Json.object();
        m.put("type", "ack");
        return Json.write(withRef(m, ref));
    }

    /** Echoes {@code ref} when the client sent one; an absent ref stays absent so old clients see no new key. */
    public static ObjectNode withRef(ObjectNode message, JsonNode ref) {
        if (ref != null) {
            message.set("ref", ref);
        }
        return message;
    }

    /** {@code {"type":"test_event","event_id","timestamp","message"}}. */
    public static String testEvent(String eventId, Instant at, String message) {
        ObjectNode m = Json.object();
        m.put("type", "test_event");
        m.put("event_id", eventId);
        m.put("timestamp", Timestamps.seconds(at));
        m.put("message", message);
        return Json.write(m);
    }

    /** The {@code gap} error of a resume from {@code lastSeq} when the buffer starts at {@code firstSeq}. */
    public static String gap(long lastSeq, long firstSeq, JsonNode ref) {
        ObjectNode m = errorNode(ErrorCode.GAP, "events " + (lastSeq + 1) + ".." + (firstSeq - 1)
                + " are no longer in the replay buffer; replaying from " + firstSeq, ref);
        m.put("first_seq", firstSeq);
        return Json.write(m);
    }
}
