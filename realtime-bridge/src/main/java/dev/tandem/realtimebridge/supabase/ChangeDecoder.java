package dev.tandem.realtimebridge.supabase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.realtimebridge.tap.TapChange;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Realtime's JSON-typed rows to the replication tap's text shape ({@link TapChange}), so that one canonical
 * mapping reads both. Values: null stays null (SQL NULL); strings as given (timestamps stay in the ISO form
 * Realtime sends, "2026-11-22T10:00:00.123456+00:00"); numbers as their JSON text; booleans as PostgreSQL
 * prints them ("t"/"f"); objects and arrays (json/jsonb) as their JSON text. Array-typed columns therefore come
 * out as JSON arrays, not PostgreSQL's "{a,b}" form; monitoring_events has none.
 */
final class ChangeDecoder {
    private ChangeDecoder() {
    }

    /** A {@code postgres_changes} payload's {@code data}: type, schema, table, columns, record, old_record. */
    static TapChange postgresChange(JsonNode data) {
        TapChange.Op op = op(data.path("type").asText(null));
        return change(op, data.path("schema").asText(null), data.path("table").asText(null), data.get("columns"),
                data.get("record"), data.get("old_record"));
    }

    /**
     * A broadcast payload in {@code realtime.broadcast_changes}' shape ({@code schema, table, operation, record,
     * old_record}), or null when the payload is something else.
     */
    static TapChange broadcastChange(JsonNode payload) {
        if (payload == null || !payload.isObject() || !payload.path("operation").isTextual()
                || !payload.path("table").isTextual() || !payload.path("schema").isTextual()) {
            return null;
        }
        return change(op(payload.get("operation").asText()), payload.get("schema").asText(),
                payload.get("table").asText(), null, payload.get("record"), payload.get("old_record"));
    }

    private static TapChange change(TapChange.Op op, String schema, String table, JsonNode columns, JsonNode record,
            JsonNode oldRecord) {
        if (schema == null || table == null) {
            throw new ProtocolException("row change without schema or table");
        }
        Map<String, String> now = row(columns, record);
        Map<String, String> old = row(columns, oldRecord);
        return switch (op) {
            case INSERT -> new TapChange(op, schema, table, now, null);
            case UPDATE -> new TapChange(op, schema, table, now, old.isEmpty() ? null : old);
            case DELETE -> new TapChange(op, schema, table, old, null);
            case TRUNCATE -> new TapChange(op, schema, table, Map.of(), null);
        };
    }

    /** In the table's column order when the server sent {@code columns}, else in the record's own order. */
    private static Map<String, String> row(JsonNode columns, JsonNode record) {
        Map<String, String> row = new LinkedHashMap<>();
        if (record == null || !record.isObject()) {
            return row;
        }
        if (columns != null && columns.isArray()) {
            for (JsonNode c : columns) {
                String name = c.path("name").asText();
                if (record.has(name)) {
                    row.put(name, text(record.get(name)));
                }
            }
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = record.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            row.putIfAbsent(f.getKey(), text(f.getValue()));
        }
        return row;
    }

    static String text(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "t" : "f";
        }
        if (v.isContainerNode()) {
            return v.toString();
        }
        return v.asText(); // strings as is; numbers as read (BigDecimal keeps "12.50")
    }

    private static TapChange.Op op(String type) {
        if (type == null) {
            throw new ProtocolException("row change without a type");
        }
        try {
            return TapChange.Op.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("row change of unknown type " + type, e);
        }
    }
}
