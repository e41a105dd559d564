package dev.tandem.adapter.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Text that PostgreSQL cannot store must be refused at ingest: a NUL character is rejected by both
 * {@code text} and {@code jsonb}, and an unpaired surrogate cannot be encoded as UTF-8. Accepting either
 * would leave a batch the writer can never commit.
 */
final class TextRules {
    private TextRules() {
    }

    /** Why {@code s} cannot be stored, or null when it can. */
    static String violation(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return "must not contain the NUL character (\\u0000), found at index " + i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must be valid Unicode: unpaired surrogate at index " + i;
            }
            if (Character.isLowSurrogate(c)) {
                return "must be valid Unicode: unpaired surrogate at index " + i;
            }
        }
        return null;
    }

    /** Checks every key and string value in a JSON tree. */
    static String violationIn(JsonNode node) {
        if (node.isTextual()) {
            return violation(node.textValue());
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String bad = violation(e.getKey());
                if (bad == null) {
                    bad = violationIn(e.getValue());
                }
                if (bad != null) {
                    return bad + " (in key or value \"" + e.getKey() + "\")";
                }
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                String bad = violationIn(child);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }
}
