package dev.tandem.realtimebridge.supabase;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import okio.ByteString;

/** vsn 1.0.0: {@code {"topic","event","payload","ref","join_ref"}} objects; servers send no join_ref. */
final class V1Serializer implements Serializer {
    @Override
    public String encode(Message m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("topic", m.topic()).put("event", m.event()).set("payload", m.payload());
        o.put("ref", m.ref()).put("join_ref", m.joinRef());
        return o.toString();
    }

    @Override
    public Message decode(String text) {
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ProtocolException("v1 frame is not JSON: " + e.getOriginalMessage(), e);
        }
        if (o == null || !o.isObject() || !o.path("topic").isTextual() || !o.path("event").isTextual()) {
            throw new ProtocolException("v1 frame is not an object with topic and event: " + abbreviate(text));
        }
        return new Message(text(o.get("join_ref")), text(o.get("ref")), o.get("topic").asText(),
                o.get("event").asText(), o.has("payload") ? o.get("payload") : JSON.createObjectNode());
    }

    @Override
    public Message decode(ByteString bytes) {
        // The server converts binary user broadcasts to JSON for v1 sockets, so this is a protocol error.
        throw new ProtocolException("v1 has no binary frames, got " + bytes.size() + " bytes");
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
