package dev.tandem.adapter.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Turns a producer's request body (one event object or a non-empty array of them) into validated drafts,
 * or refuses it whole with every problem named (field, item, rule). Nothing is half-accepted.
 */
public final class EventParser {
    /** Fields a producer may send; anything else is refused, so typos fail loudly instead of vanishing. */
    public static final Set<String> FIELDS = Set.of("event_id", "type", "connection_type", "direction",
            "script_name", "function_name", "data_size_bytes", "response_time_ms", "error", "metadata", "occurred_at");
    public static final String DEFAULT_TYPE = "event";
    /** Largest integer a JavaScript dashboard can hold exactly. */
    public static final long MAX_DATA_SIZE_BYTES = (1L << 53) - 1;
    /** One day: a response time beyond it is a unit mistake, not a measurement. */
    public static final double MAX_RESPONSE_TIME_MS = 86_400_000d;
    private static final int MAX_PROBLEMS = 50;

    private final IngestLimits limits;
    private final ObjectMapper json;

    public EventParser(IngestLimits limits) {
        this.limits = limits;
        // Exact decimals: a double would turn 1e400 into Infinity, which neither JSON nor jsonb can carry.
        this.json = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    public IngestLimits limits() {
        return limits;
    }

    public List<EventDraft> parse(byte[] body) throws InvalidEventsException {
        if (body.length > limits.maxBodyBytes()) {
            throw refuse("invalid_events", null, "body", "must be at most " + limits.maxBodyBytes() + " bytes, got " + body.length);
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw refuse("bad_json", null, "body", "must be valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (java.io.IOException e) {
            throw refuse("bad_json", null, "body", "could not be read: " + e.getMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw refuse("invalid_events", null, "body", "must be a JSON object or a non-empty array of objects, got nothing");
        }
        List<JsonNode> items = new ArrayList<>();
        if (root.isArray()) {
            if (root.isEmpty()) {
                throw refuse("invalid_events", null, "body", "must hold at least one event, got an empty array");
            }
            if (root.size() > limits.maxEventsPerRequest()) {
                throw refuse("invalid_events", null, "body",
                        "must hold at most " + limits.maxEventsPerRequest() + " events, got " + root.size());
            }
            root.forEach(items::add);
        } else if (root.isObject()) {
            items.add(root);
        } else {
            throw refuse("invalid_events", null, "body",
                    "must be a JSON object or a non-empty array of objects, got " + kind(root));
        }
        List<Problem> problems = new ArrayList<>();
        List<EventDraft> drafts = new ArrayList<>(items.size());
        Map<UUID, Integer> producerIds = new java.util.HashMap<>();
        for (int i = 0; i < items.size() && problems.size() < MAX_PROBLEMS; i++) {
            EventDraft d = new ItemReader(i, items.get(i), problems, limits, json).read();
            if (d != null && d.eventId() != null) {
                Integer earlier = producerIds.putIfAbsent(d.eventId(), i);
                if (earlier != null) {
                    problems.add(new Problem(i, "event_id", "must be unique in a request; events[" + earlier + "] has it too"));
                }
            }
            drafts.add(d);
        }
        if (!problems.isEmpty()) {
            throw new InvalidEventsException("invalid_events", problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS)));
        }
        return drafts;
    }

    /**
     * Validates one event that arrived already parsed (a producer's {@code ingest} message on the legacy
     * socket); the same field rules as {@link #parse}, reported as item 0.
     */
    public EventDraft parseOne(JsonNode event) throws InvalidEventsException {
        if (event == null || event.isMissingNode() || event.isNull()) {
            throw refuse("invalid_events", null, "event", "is required: a JSON object with the event's fields");
        }
        List<Problem> problems = new ArrayList<>();
        EventDraft d = new ItemReader(0, event, problems, limits, json).read();
        if (!problems.isEmpty()) {
            throw new InvalidEventsException("invalid_events", problems);
        }
        return d;
    }

    private static InvalidEventsException refuse(String code, Integer item, String field, String rule) {
        return new InvalidEventsException(code, List.of(new Problem(item, field, rule)));
    }

    static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
