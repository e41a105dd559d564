package dev.tandem.realtimebridge.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import okio.ByteString;

/**
 * vsn 2.0.0: text frames are {@code [join_ref, ref, topic, event, payload]}; binary frames carry broadcasts only.
 * A user broadcast (kind 4) is {@code [4, topicLen, eventLen, metaLen, encoding, topic, event, meta, payload]}
 * with one-byte lengths and encoding 0 (binary payload) or 1 (JSON payload); it is decoded the way realtime-js
 * does, to a {@code broadcast} message whose payload is {@code {type, event, payload, meta?}}.
 */
final class V2Serializer implements Serializer {
    static final byte KIND_BROADCAST = 2;
    static final byte KIND_USER_BROADCAST = 4;
    static final byte ENCODING_BINARY = 0;
    static final byte ENCODING_JSON = 1;

    @Override
    public String encode(Message m) {
        ArrayNode a = JSON.createArrayNode();
        a.add(m.joinRef()).add(m.ref()).add(m.topic()).add(m.event()).add(m.payload());
        return a.toString();
    }

    @Override
    public Message decode(String text) {
        JsonNode a = parse(text.getBytes(StandardCharsets.UTF_8), "v2 frame");
        if (!a.isArray() || a.size() != 5 || !a.get(2).isTextual() || !a.get(3).isTextual()) {
            throw new ProtocolException("v2 frame is not [join_ref, ref, topic, event, payload]: "
                    + V1Serializer.abbreviate(text));
        }
        return new Message(V1Serializer.text(a.get(0)), V1Serializer.text(a.get(1)), a.get(2).asText(),
                a.get(3).asText(), a.get(4));
    }

    @Override
    public Message decode(ByteString bytes) {
        byte[] b = bytes.toByteArray();
        if (b.length == 0) {
            throw new ProtocolException("empty binary frame");
        }
        return switch (b[0]) {
            case KIND_USER_BROADCAST -> userBroadcast(b);
            case KIND_BROADCAST -> broadcast(b);
            default -> throw new ProtocolException("binary frame of kind " + b[0] + " is not a broadcast (2 or 4)");
        };
    }

    private static Message userBroadcast(byte[] b) {
        require(b, 5);
        int topicLen = b[1] & 0xff;
        int eventLen = b[2] & 0xff;
        int metaLen = b[3] & 0xff;
        byte encoding = b[4];
        int at = 5;
        require(b, at + topicLen + eventLen + metaLen);
        String topic = new String(b, at, topicLen, StandardCharsets.UTF_8);
        String event = new String(b, at += topicLen, eventLen, StandardCharsets.UTF_8);
        byte[] meta = java.util.Arrays.copyOfRange(b, at += eventLen, at + metaLen);
        byte[] payload = java.util.Arrays.copyOfRange(b, at + metaLen, b.length);
        ObjectNode p = JSON.createObjectNode().put("type", "broadcast").put("event", event);
        if (encoding == ENCODING_JSON) {
            p.set("payload", parse(payload, "broadcast payload"));
        } else if (encoding == ENCODING_BINARY) {
            p.put("payload", payload);
        } else {
            throw new ProtocolException("user broadcast payload encoding must be 0 or 1, got " + encoding);
        }
        if (metaLen > 0) {
            p.set("meta", parse(meta, "broadcast meta"));
        }
        return new Message(null, null, topic, "broadcast", p);
    }

    /** Phoenix's own binary broadcast: {@code [2, topicLen, eventLen, topic, event, payload]}. */
    private static Message broadcast(byte[] b) {
        require(b, 3);
        int topicLen = b[1] & 0xff;
        int eventLen = b[2] & 0xff;
        require(b, 3 + topicLen + eventLen);
        String topic = new String(b, 3, topicLen, StandardCharsets.UTF_8);
        String event = new String(b, 3 + topicLen, eventLen, StandardCharsets.UTF_8);
        byte[] payload = java.util.Arrays.copyOfRange(b, 3 + topicLen + eventLen, b.length);
        return new Message(null, null, topic, event, JSON.getNodeFactory().binaryNode(payload));
    }

    private static void require(byte[] b, int length) {
        if (b.length < length) {
            throw new ProtocolException("binary frame of kind " + b[0] + " is truncated: " + b.length
                    + " bytes, its header needs " + length);
        }
    }

    private static JsonNode parse(byte[] json, String what) {
        try {
            JsonNode n = JSON.readTree(json);
            if (n == null) {
                throw new ProtocolException(what + " is empty");
            }
            return n;
        } catch (java.io.IOException e) {
            throw new ProtocolException(what + " is not JSON: " + e.getMessage(), e);
        }
    }
}
