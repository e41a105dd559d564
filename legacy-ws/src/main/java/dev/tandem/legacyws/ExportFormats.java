package dev.tandem.legacyws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.message.Json;
import java.util.List;

/**
 * Renders exported {@code event} messages: JSON is an array of the message objects as broadcast; CSV is a
 * header row of {@link #CSV_COLUMNS} then one row per event (RFC 4180: CRLF line ends, a cell with a comma,
 * quote or line break is quoted with inner quotes doubled; null is an empty cell; objects such as
 * {@code metadata} are their JSON text). Public so other export sources render exactly the same way.
 */
public final class ExportFormats {
    public static final String JSON = "json";
    public static final String CSV = "csv";
    /** The fields of the {@code event} message, in the order it carries them. */
    public static final List<String> CSV_COLUMNS = List.of("type", "connection_type", "direction", "script_name",
            "function_name", "data_size_bytes", "response_time_ms", "error", "metadata", "broadcast_time", "event_id",
            "seq", "occurred_at", "source", "event_type", "ingested_at");

    private ExportFormats() {
    }

    public static String json(List<ObjectNode> events) {
        return Json.write(Json.MAPPER.createArrayNode().addAll(events));
    }

    public static String csv(List<ObjectNode> events) {
        StringBuilder out = new StringBuilder();
        out.append(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (ObjectNode event : events) {
            for (int i = 0; i < CSV_COLUMNS.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(cell(event.get(CSV_COLUMNS.get(i))));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    static String cell(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        String text = value.isContainerNode() ? Json.write(value) : value.asText();
        boolean quote = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0;
        return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
