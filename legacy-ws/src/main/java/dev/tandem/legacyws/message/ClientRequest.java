package dev.tandem.legacyws.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A message a client sent, parsed: its {@code type}, its optional {@code ref} (echoed in the answer) and the
 * whole object for type-specific fields.
 */
public record ClientRequest(String type, JsonNode ref, ObjectNode body) {

    /** Thrown for input that cannot be a request at all; carries what the {@code error} answer needs. */
    public static final class Rejected extends Exception {
        private final ErrorCode code;
        private final transient JsonNode ref;

        Rejected(ErrorCode code, String message, JsonNode ref) {
            super(message, null, false, false);
            this.code = code;
            this.ref = ref;
        }

        public ErrorCode code() {
            return code;
        }

        /** The request's {@code ref} when it could be read, else null. */
        public JsonNode ref() {
            return ref;
        }
    }

    public static ClientRequest parse(String text) throws Rejected {
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Rejected(ErrorCode.BAD_JSON, "message is not valid JSON: " + e.getOriginalMessage(), null);
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new Rejected(ErrorCode.BAD_JSON, "message must be a JSON object", null);
        }
        JsonNode ref = object.get("ref");
        JsonNode type = object.get("type");
        if (type == null || !type.isTextual()) {
            throw new Rejected(ErrorCode.BAD_FIELD, "field 'type' must be a string", ref);
        }
        return new ClientRequest(type.asText(), ref, object);
    }
}
