package dev.tandem.realtimebridge.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The two text serializers a client picks with {@code vsn}: 1.0.0 sends JSON objects (and the server's carry no
 * {@code join_ref}, as Phoenix's V1 serializer takes only topic, event, payload and ref), 2.0.0 sends arrays
 * {@code [join_ref, ref, topic, event, payload]}. Binary (user broadcast) frames of 2.0.0 are not served.
 */
enum Serializer {
    V1("1.0.0") {
        @Override
        Frame decode(JsonNode node) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("vsn 1.0.0 messages are JSON objects");
            }
            return new Frame(text(node.get("join_ref")), text(node.get("ref")), requiredText(node.get("topic"), "topic"),
                    requiredText(node.get("event"), "event"), payload(node.get("payload")));
        }

        @Override
        JsonNode encode(Frame f) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("topic", f.topic());
            o.put("event", f.event());
            o.set("payload", f.payload());
            o.put("ref", f.ref());
            return o;
        }
    },
    V2("2.0.0") {
        @Override
        Frame decode(JsonNode node) {
            if (!node.isArray() || node.size() != 5) {
                throw new IllegalArgumentException("vsn 2.0.0 messages are arrays [join_ref, ref, topic, event, payload]");
            }
            return new Frame(text(node.get(0)), text(node.get(1)), requiredText(node.get(2), "topic"),
                    requiredText(node.get(3), "event"), payload(node.get(4)));
        }

        @Override
        JsonNode encode(Frame f) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode(5);
            a.add(f.joinRef());
            a.add(f.ref());
            a.add(f.topic());
            a.add(f.event());
            a.add(f.payload());
            return a;
        }
    };

    static final ObjectMapper JSON = new ObjectMapper();
    /** What the real server uses when the client names no version. */
    static final Serializer DEFAULT = V1;

    final String vsn;

    Serializer(String vsn) {
        this.vsn = vsn;
    }

    /** The serializer for a {@code vsn} query value (null: the default), or null when none matches. */
    static Serializer forVsn(String vsn) {
        if (vsn == null) {
            return DEFAULT;
        }
        for (Serializer s : values()) {
            if (s.vsn.equals(vsn)) {
                return s;
            }
        }
        return null;
    }

    abstract Frame decode(JsonNode node);

    abstract JsonNode encode(Frame frame);

    Frame decode(String text) {
        try {
            return decode(JSON.readTree(text));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
    }

    String encodeText(Frame frame) {
        try {
            return JSON.writeValueAsString(encode(frame));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot happen for a JsonNode tree", e);
        }
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String requiredText(JsonNode n, String field) {
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return n.asText();
    }

    private static JsonNode payload(JsonNode n) {
        return n == null || n.isNull() ? JsonNodeFactory.instance.objectNode() : n;
    }
}
