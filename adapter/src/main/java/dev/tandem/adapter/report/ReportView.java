package dev.tandem.adapter.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What both renderers read from a report ({@value #SCHEMA}) and how they show it: figures formatted the same
 * way, field names as labels. Every accessor tolerates a missing or null part, so a partial report (another
 * schema version, say) still renders, with "–" where a figure is absent.
 */
final class ReportView {
    /** The report schema these renderers are written against. */
    static final String SCHEMA = "tandem.validation.report/1";
    static final String ABSENT = "–";

    /** The per-minute series the "over time" chart and table show, in this order. */
    static final List<String> MINUTE_FAULTS = List.of("missing_on_legacy", "missing_on_realtime", "mismatched", "duplicates");
    static final List<String> MINUTE_COLUMNS = List.of("legacy_seen", "realtime_seen", "matched", "mismatched",
            "missing_on_legacy", "missing_on_realtime", "duplicates", "late", "lag_p99_ms_legacy", "lag_p99_ms_realtime");
    /** The per-minute table's header: the minute, then {@link #MINUTE_COLUMNS} as labels. */
    static final List<String> MINUTE_HEADER = java.util.stream.Stream.concat(java.util.stream.Stream.of("minute"),
            MINUTE_COLUMNS.stream().map(ReportView::label)).toList();
    static final List<String> LAG_ROWS = List.of("legacy", "realtime", "realtime_minus_legacy");
    static final List<String> LAG_COLUMNS = List.of("count", "p50", "p95", "p99", "max");

    private ReportView() {
    }

    /** The run's start, end, duration and source, as label and text. */
    static List<List<String>> runRows(JsonNode run) {
        return List.of(List.of("started", text(run.path("started_at"))), List.of("ended", text(run.path("ended_at"))),
                List.of("duration", figure(run.path("duration_seconds")) + " s"), List.of("source", text(run.path("source"))));
    }

    /** The capacity estimate's figures, as label and text (the plans are a table of their own). */
    static List<List<String>> capacityRows(JsonNode cap) {
        return List.of(List.of("events per second", figure(cap.path("events_per_second"))),
                List.of("dashboards", figure(cap.path("dashboards"))),
                List.of("Realtime messages per second", figure(cap.path("realtime_messages_per_second"))));
    }

    /** The run's settings: grace, ignored fields, each threshold; as label and text. */
    static List<List<String>> configRows(JsonNode config) {
        List<String> ignored = new ArrayList<>();
        config.path("ignored_fields").forEach(f -> ignored.add(text(f)));
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("grace (ms)", figure(config.path("grace_ms"))));
        rows.add(List.of("ignored fields", ignored.isEmpty() ? ABSENT : String.join(", ", ignored)));
        config.path("thresholds").properties().forEach(t -> rows.add(List.of(label(t.getKey()), figure(t.getValue()))));
        return rows;
    }

    /** A check's threshold with how the value is held to it, when the report says: "<= 0", ">= 1,000". */
    static String threshold(JsonNode check) {
        String comparison = check.path("comparison").asText("");
        return (comparison.isEmpty() ? "" : comparison + " ") + figure(check.path("threshold"));
    }

    /** "GO", "NO-GO", or "UNKNOWN" when the report carries no verdict. */
    static String verdict(JsonNode report) {
        String v = report.path("verdict").path("result").asText("");
        return v.isEmpty() ? "UNKNOWN" : v;
    }

    static boolean isGo(JsonNode report) {
        return "GO".equals(verdict(report));
    }

    /** A note for a report of another schema than {@link #SCHEMA}, or null when it is that one. */
    static String schemaNote(JsonNode report) {
        String schema = report.path("schema").asText("");
        return SCHEMA.equals(schema) ? null
                : "This report declares schema '" + (schema.isEmpty() ? "(none)" : schema) + "'; this page was drawn for "
                + SCHEMA + ", so parts may be missing.";
    }

    /** "missing_on_realtime" as "missing on realtime". */
    static String label(String key) {
        return key.replace('_', ' ');
    }

    /**
     * A figure for people: integers with thousands separators, fractions with at most 2 decimals (4 below 1,
     * so small rates stay visible), text as it is, JSON structures as JSON, "–" when absent or null.
     */
    static String figure(JsonNode n) {
        if (n == null || n.isMissingNode() || n.isNull()) {
            return ABSENT;
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? "yes" : "no";
        }
        if (n.isIntegralNumber()) {
            return grouped(0).format(n.bigIntegerValue());
        }
        if (n.isNumber()) {
            BigDecimal d = n.decimalValue();
            int places = d.abs().compareTo(BigDecimal.ONE) < 0 ? 4 : 2;
            BigDecimal rounded = d.setScale(places, RoundingMode.HALF_UP).stripTrailingZeros();
            return grouped(Math.max(0, rounded.scale())).format(rounded);
        }
        return text(n);
    }

    /** A value as text: a JSON string as its content, anything else as JSON. */
    static String text(JsonNode n) {
        if (n == null || n.isMissingNode()) {
            return ABSENT;
        }
        return n.isTextual() ? n.textValue() : n.toString();
    }

    /** A number from the report, or 0 when absent. */
    static double number(JsonNode n) {
        return n != null && n.isNumber() ? n.doubleValue() : 0;
    }

    private static DecimalFormat grouped(int decimals) {
        DecimalFormat f = new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        f.setMinimumFractionDigits(decimals);
        f.setMaximumFractionDigits(decimals);
        return f;
    }
}
