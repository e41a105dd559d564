package dev.tandem.realtimebridge.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;

/**
 * Turns a row's PostgreSQL text values into the JSON Realtime sends in {@code record}/{@code old_record}: its
 * {@code apply_rls} builds them with {@code jsonb}, so numbers are JSON numbers, booleans booleans, json/jsonb
 * nested JSON and timestamps ISO strings ({@code 2025-11-03T09:32:55.123+00:00}); anything else is text.
 */
final class RecordJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> NUMBERS = Set.of("int2", "int4", "int8", "float4", "float8", "numeric", "oid");

    private RecordJson() {
    }

    static ObjectNode of(Map<String, String> row, TableInfo table) {
        ObjectNode o = NODES.objectNode();
        for (Map.Entry<String, String> e : row.entrySet()) {
            o.set(e.getKey(), value(e.getValue(), table.type(e.getKey())));
        }
        return o;
    }

    static JsonNode value(String text, String type) {
        if (text == null) {
            return NODES.nullNode();
        }
        try {
            return switch (type) {
                case "bool" -> NODES.booleanNode(text.equals("t") || text.equals("true"));
                case "json", "jsonb" -> Serializer.JSON.readTree(text);
                case "timestamptz", "timestamp" -> NODES.textNode(isoTimestamp(text));
                default -> NUMBERS.contains(type) ? NODES.numberNode(new BigDecimal(text)) : NODES.textNode(text);
            };
        } catch (NumberFormatException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return NODES.textNode(text); // NaN, Infinity, or JSON PostgreSQL accepted and Jackson does not
        }
    }

    /** {@code 2024-05-06 07:08:09.123+00} → {@code 2024-05-06T07:08:09.123+00:00}, as jsonb prints a timestamptz. */
    static String isoTimestamp(String text) {
        String t = text.replaceFirst(" ", "T");
        if (t.matches(".*[+-]\\d\\d$")) {
            t = t + ":00";
        }
        return t;
    }
}
