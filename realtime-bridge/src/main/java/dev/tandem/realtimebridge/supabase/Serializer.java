package dev.tandem.realtimebridge.supabase;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.json.JsonMapper;
import okio.ByteString;

/** Turns messages into WebSocket frames and back, for one protocol version. */
interface Serializer {
    /**
     * Floats are read as BigDecimal so that a numeric column keeps the digits the server wrote
     * ("12.50" stays "12.50" in the canonical text, as the replication tap would give it).
     */
    ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true)).build();

    String encode(Message m);

    /** @throws ProtocolException when the frame is not a message of this version */
    Message decode(String text);

    /** @throws ProtocolException when this version has no binary frames or the frame is malformed */
    Message decode(ByteString bytes);
}
