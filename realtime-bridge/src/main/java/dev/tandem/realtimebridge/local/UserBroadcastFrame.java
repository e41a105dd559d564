package dev.tandem.realtimebridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Decodes the one binary frame realtime-js 2.0.0 sends: a user broadcast push (kind 3),
 * {@code [3, joinRefLen, refLen, topicLen, eventLen, metaLen, encoding, joinRef, ref, topic, event, meta, payload]},
 * into the text form {@code broadcast} with {@code {type, event, payload}}. Only JSON payloads (encoding 1).
 */
final class UserBroadcastFrame {
    static final int USER_BROADCAST_PUSH = 3;
    static final int JSON_ENCODING = 1;

    private UserBroadcastFrame() {
    }

    /** The frame, or null when it is not a JSON user broadcast push. */
    static Frame decode(ByteBuffer b) {
        try {
            if (b.remaining() < 7 || b.get() != USER_BROADCAST_PUSH) {
                return null;
            }
            int joinRefLen = b.get() & 0xff;
            int refLen = b.get() & 0xff;
            int topicLen = b.get() & 0xff;
            int eventLen = b.get() & 0xff;
            int metaLen = b.get() & 0xff;
            int encoding = b.get() & 0xff;
            String joinRef = string(b, joinRefLen);
            String ref = string(b, refLen);
            String topic = string(b, topicLen);
            String event = string(b, eventLen);
            string(b, metaLen);
            if (encoding != JSON_ENCODING) {
                return null;
            }
            JsonNode payload = Serializer.JSON.readTree(string(b, b.remaining()));
            ObjectNode p = JsonNodeFactory.instance.objectNode().put("type", "broadcast").put("event", event);
            p.set("payload", payload);
            return new Frame(joinRef.isEmpty() ? null : joinRef, ref.isEmpty() ? null : ref, topic, "broadcast", p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String string(ByteBuffer b, int len) {
        byte[] bytes = new byte[len];
        b.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
