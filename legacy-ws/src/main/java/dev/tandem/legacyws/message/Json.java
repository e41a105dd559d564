package dev.tandem.legacyws.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The module's one ObjectMapper (thread-safe once configured) and the two things everyone does with it. */
public final class Json {
    /**
     * Shared mapper. Trailing tokens fail parsing, so {@code {"type":"ping"} junk} is bad JSON rather than a
     * ping with the junk silently dropped.
     */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Serialises a tree; a tree built in memory always serialises, so failure is a bug, not an input error. */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise a JSON tree: " + e.getOriginalMessage(), e);
        }
    }
}
