package dev.tandem.legacyws.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Renders the small answers to client requests: {@code pong} and {@code error}, each echoing a {@code ref}. */
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
        ObjectNode m = Json.object();
        m.put("type", "error");
        m.put("code", code.wire());
        m.put("message", message);
        return Json.write(withRef(m, ref));
    }

    /** Echoes {@code ref} when the client sent one; an absent ref stays absent so old clients see no new key. */
    public static ObjectNode withRef(ObjectNode message, JsonNode ref) {
        if (ref != null) {
            message.set("ref", ref);
        }
        return message;
    }
}
