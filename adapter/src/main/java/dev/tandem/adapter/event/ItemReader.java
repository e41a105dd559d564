package dev.tandem.adapter.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Reads one event object of a request against the field rules, adding a problem per bad field (with the
 * item index), so a producer sees every mistake at once; returns null when any field was bad.
 */
final class ItemReader {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final int index;
    private final JsonNode node;
    private final List<Problem> problems;
    private final int problemsBefore;
    private final IngestLimits limits;
    private final ObjectMapper json;

    ItemReader(int index, JsonNode node, List<Problem> problems, IngestLimits limits, ObjectMapper json) {
        this.index = index;
        this.node = node;
        this.problems = problems;
        this.problemsBefore = problems.size();
        this.limits = limits;
        this.json = json;
    }

    EventDraft read() {
        if (!node.isObject()) {
            problems.add(new Problem(index, "event", "must be a JSON object, got " + EventParser.kind(node)));
            return null;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!EventParser.FIELDS.contains(name)) {
                problems.add(new Problem(index, name, "is not a known field; known fields: "
                        + String.join(", ", new java.util.TreeSet<>(EventParser.FIELDS))));
            }
        }
        UUID eventId = uuid("event_id");
        String type = identifier("type", false);
        String connectionType = identifier("connection_type", true);
        String direction = direction();
        String scriptName = text("script_name", limits.maxNameChars());
        String functionName = text("function_name", limits.maxNameChars());
        Long dataSize = dataSize();
        Double responseTime = responseTime();
        String error = text("error", limits.maxErrorChars());
        ObjectNode metadata = metadata();
        String metadataJson = metadata == null ? null : metadataJson(metadata);
        Instant occurredAt = timestamp("occurred_at");
        if (problems.size() > problemsBefore) {
            return null;
        }
        return new EventDraft(eventId, type == null ? EventParser.DEFAULT_TYPE : type, connectionType, direction,
                scriptName, functionName, dataSize, responseTime, error, metadata, metadataJson, occurredAt);
    }

    private void problem(String field, String rule) {
        problems.add(new Problem(index, field, rule));
    }

    /** The field's node, or null when absent or JSON null. */
    private JsonNode present(String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v;
    }

    private String text(String field, int maxChars) {
        JsonNode v = present(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            problem(field, "must be a string or null, got " + EventParser.kind(v));
            return null;
        }
        String s = v.textValue();
        if (s.length() > maxChars) {
            problem(field, "must be at most " + maxChars + " characters, got " + s.length());
            return null;
        }
        String bad = TextRules.violation(s);
        if (bad != null) {
            problem(field, bad);
            return null;
        }
        return s;
    }

    private String identifier(String field, boolean required) {
        JsonNode v = present(field);
        if (v == null) {
            if (required) {
                problem(field, "is required (a string such as \"websocket\", \"redis\" or \"supabase\")");
            }
            return null;
        }
        String s = text(field, limits.maxNameChars());
        if (s != null && !IDENTIFIER.matcher(s).matches()) {
            problem(field, "must be 1 to " + limits.maxNameChars() + " characters of A-Z, a-z, 0-9, '_', '.', ':', '-', got \"" + s + "\"");
            return null;
        }
        return s;
    }

    private String direction() {
        JsonNode v = present("direction");
        if (v == null) {
            problem("direction", "is required: \"inbound\" or \"outbound\"");
            return null;
        }
        if (!v.isTextual() || !(v.textValue().equals("inbound") || v.textValue().equals("outbound"))) {
            problem("direction", "must be \"inbound\" or \"outbound\", got " + (v.isTextual() ? "\"" + v.textValue() + "\"" : EventParser.kind(v)));
            return null;
        }
        return v.textValue();
    }

    private UUID uuid(String field) {
        JsonNode v = present(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual() || !UUID_TEXT.matcher(v.textValue()).matches()) {
            problem(field, "must be a UUID string such as \"0192f3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d\", got "
                    + (v.isTextual() ? "\"" + v.textValue() + "\"" : EventParser.kind(v)));
            return null;
        }
        return UUID.fromString(v.textValue());
    }

    private Long dataSize() {
        JsonNode v = present("data_size_bytes");
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || v.bigIntegerValue().signum() < 0
                || v.bigIntegerValue().compareTo(java.math.BigInteger.valueOf(EventParser.MAX_DATA_SIZE_BYTES)) > 0) {
            problem("data_size_bytes", "must be an integer from 0 to " + EventParser.MAX_DATA_SIZE_BYTES + ", got "
                    + (v.isNumber() ? v.asText() : EventParser.kind(v)));
            return null;
        }
        return v.longValue();
    }

    private Double responseTime() {
        JsonNode v = present("response_time_ms");
        if (v == null) {
            return null;
        }
        if (!v.isNumber() || v.decimalValue().signum() < 0
                || v.decimalValue().compareTo(java.math.BigDecimal.valueOf(EventParser.MAX_RESPONSE_TIME_MS)) > 0) {
            problem("response_time_ms", "must be a number from 0 to " + (long) EventParser.MAX_RESPONSE_TIME_MS + ", got "
                    + (v.isNumber() ? v.asText() : EventParser.kind(v)));
            return null;
        }
        return v.doubleValue();
    }

    private ObjectNode metadata() {
        JsonNode v = present("metadata");
        if (v == null) {
            return json.createObjectNode();
        }
        if (!v.isObject()) {
            problem("metadata", "must be a JSON object or null, got " + EventParser.kind(v));
            return null;
        }
        String bad = TextRules.violationIn(v);
        if (bad != null) {
            problem("metadata", bad);
            return null;
        }
        return (ObjectNode) v;
    }

    private String metadataJson(ObjectNode metadata) {
        String text;
        try {
            text = json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            problem("metadata", "could not be serialised: " + e.getOriginalMessage());
            return null;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > limits.maxMetadataBytes()) {
            problem("metadata", "must be at most " + limits.maxMetadataBytes() + " bytes as JSON, got " + bytes);
            return null;
        }
        return text;
    }

    private Instant timestamp(String field) {
        JsonNode v = present(field);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            problem(field, "must be an ISO-8601 timestamp string with an offset, such as \"2025-11-01T12:34:56.789Z\", got " + EventParser.kind(v));
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(v.textValue()).toInstant();
            if (t.isBefore(Instant.EPOCH) || t.isAfter(Instant.parse("9999-12-31T23:59:59Z"))) {
                problem(field, "must be between 1970-01-01 and 9999-12-31, got \"" + v.textValue() + "\"");
                return null;
            }
            return t.truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            problem(field, "must be an ISO-8601 timestamp with an offset, such as \"2025-11-01T12:34:56.789Z\", got \"" + v.textValue() + "\"");
            return null;
        }
    }
}
