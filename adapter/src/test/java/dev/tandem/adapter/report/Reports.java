package dev.tandem.adapter.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;

/** The fixture reports in test resources {@code reports/}, and a hostile one built from them. */
final class Reports {
    static final ObjectMapper JSON = new ObjectMapper();
    /** Text that would run or break out of its place if a renderer let it through as markup. */
    static final String HOSTILE = "</code></td><script>alert(1)</script><img src=x onerror=alert(2)>\" onmouseover=\"alert(3)"
            + " | ` [x](javascript:alert(4)) \n# heading";

    private Reports() {
    }

    static ObjectNode fixture(String name) throws IOException {
        try (InputStream in = Reports.class.getResourceAsStream("/reports/" + name + ".json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    /** The NO-GO fixture with the hostile text in every string a report can carry. */
    static ObjectNode hostile() throws IOException {
        ObjectNode r = fixture("nogo");
        ((ObjectNode) r.path("run")).put("id", HOSTILE).put("source", HOSTILE).put("started_at", HOSTILE);
        r.withArray("/verdict/reasons").add(HOSTILE);
        ((ObjectNode) r.withArray("/verdict/checks").get(0)).put("name", HOSTILE);
        ((ObjectNode) r.path("totals")).put(HOSTILE, 1);
        ObjectNode mismatch = (ObjectNode) r.withArray("/mismatches").get(0);
        mismatch.put("field", HOSTILE);
        ObjectNode sample = (ObjectNode) mismatch.withArray("samples").get(0);
        sample.put("event_id", HOSTILE).put("legacy", HOSTILE).putObject("realtime").put(HOSTILE, HOSTILE);
        ((ObjectNode) r.withArray("/noise").get(0)).put("field", HOSTILE);
        ((ObjectNode) r.withArray("/capacity/plans").get(0)).put("name", HOSTILE);
        ((ObjectNode) r.withArray("/per_minute").get(0)).put("minute", HOSTILE);
        r.withArray("/config/ignored_fields").add(HOSTILE);
        return r;
    }

    static JsonNode withoutParts(String name, String... parts) throws IOException {
        ObjectNode r = fixture(name);
        r.remove(java.util.List.of(parts));
        return r;
    }
}
