package dev.tandem.adapter.report;

import static dev.tandem.adapter.report.ReportView.figure;
import static dev.tandem.adapter.report.ReportView.label;
import static dev.tandem.adapter.report.ReportView.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A validation report ({@value ReportView#SCHEMA}) as GitHub-flavoured Markdown, for a change request or a
 * ticket. Every value from the report is escaped: it can neither break a table nor bring in HTML or links.
 */
public final class MarkdownReport {
    private final StringBuilder out = new StringBuilder();

    private MarkdownReport() {
    }

    public static String render(JsonNode report) {
        MarkdownReport md = new MarkdownReport();
        md.write(report);
        return md.out.toString();
    }

    private void write(JsonNode r) {
        JsonNode run = r.path("run");
        line("# Tandem validation run " + code(text(run.path("id"))) + ": **" + escape(ReportView.verdict(r)) + "**");
        line("");
        String note = ReportView.schemaNote(r);
        if (note != null) {
            line("> " + escape(note));
            line("");
        }
        table(List.of("run", ""), escaped(ReportView.runRows(run)));

        JsonNode verdict = r.path("verdict");
        heading("Verdict: " + escape(ReportView.verdict(r)));
        for (JsonNode reason : verdict.path("reasons")) {
            line("- " + escape(text(reason)));
        }
        if (!verdict.path("reasons").isEmpty()) {
            line("");
        }
        table(List.of("check", "value", "threshold", "passed"), rows(verdict.path("checks"), c -> List.of(
                code(text(c.path("name"))), escape(figure(c.path("value"))), escape(ReportView.threshold(c)),
                c.path("passed").asBoolean(false) ? "yes" : "**no**")));

        heading("Totals");
        table(List.of("figure", "count"), r.path("totals").properties().stream()
                .map(e -> List.of(escape(label(e.getKey())), escape(figure(e.getValue())))).toList());

        heading("Lag (ms)");
        table(List.of("", "count", "p50", "p95", "p99", "max"), ReportView.LAG_ROWS.stream()
                .filter(side -> r.path("lag_ms").has(side))
                .map(side -> cells(escape(label(side)), r.path("lag_ms").path(side), ReportView.LAG_COLUMNS)).toList());

        heading("Mismatched fields");
        if (r.path("mismatches").isEmpty()) {
            line("None.");
            line("");
        }
        for (JsonNode m : r.path("mismatches")) {
            line("### " + code(text(m.path("field"))) + ": " + escape(figure(m.path("count"))) + " events");
            line("");
            table(List.of("event_id", "legacy", "realtime"), rows(m.path("samples"), s -> List.of(
                    code(text(s.path("event_id"))), code(text(s.path("legacy"))), code(text(s.path("realtime"))))));
        }
        if (!r.path("noise").isEmpty()) {
            heading("Noise (fields that differ without failing the run)");
            table(List.of("field", "count"), rows(r.path("noise"),
                    n -> List.of(code(text(n.path("field"))), escape(figure(n.path("count"))))));
        }

        heading("Per minute");
        table(ReportView.MINUTE_HEADER, rows(r.path("per_minute"), m -> cells(escape(text(m.path("minute"))), m, ReportView.MINUTE_COLUMNS)));

        JsonNode cap = r.path("capacity");
        heading("Capacity");
        table(List.of("figure", "value"), escaped(ReportView.capacityRows(cap)));
        table(List.of("plan", "messages/s quota", "over quota"), rows(cap.path("plans"), p -> List.of(
                escape(text(p.path("name"))), escape(figure(p.path("messages_per_second_quota"))),
                p.path("over").asBoolean(false) ? "**yes**" : "no")));

        heading("Configuration");
        table(List.of("setting", "value"), escaped(ReportView.configRows(r.path("config"))));
    }

    private static List<List<String>> escaped(List<List<String>> rows) {
        return rows.stream().map(row -> row.stream().map(MarkdownReport::escape).toList()).toList();
    }

    private static List<String> cells(String first, JsonNode row, List<String> columns) {
        List<String> cells = new ArrayList<>(List.of(first));
        columns.forEach(c -> cells.add(escape(figure(row.path(c)))));
        return cells;
    }

    private static List<List<String>> rows(JsonNode array, Function<JsonNode, List<String>> row) {
        List<List<String>> out = new ArrayList<>();
        array.forEach(n -> out.add(row.apply(n)));
        return out;
    }

    private void heading(String text) {
        line("## " + text);
        line("");
    }

    /** A table of already-escaped cells; "None." when there are no rows. */
    private void table(List<String> header, List<List<String>> rows) {
        if (rows.isEmpty()) {
            line("None.");
            line("");
            return;
        }
        line("| " + String.join(" | ", header) + " |");
        line("|" + "---|".repeat(header.size()));
        for (List<String> row : rows) {
            line("| " + String.join(" | ", row) + " |");
        }
        line("");
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    /**
     * Text that Markdown shows literally: its punctuation backslash-escaped, HTML's {@code < > &} as entities
     * (a renderer would otherwise pass raw HTML through), line breaks as spaces (a table row is one line).
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '\r', '\n', '\t' -> b.append(' ');
                case '\\', '`', '*', '_', '[', ']', '|', '~', '!', '#' -> b.append('\\').append(c);
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * A code span: shown exactly, fenced with one backtick more than the longest run inside it. In a table,
     * GFM splits cells at {@code |} even inside code, so that one is escaped; line breaks become spaces.
     */
    static String code(String s) {
        String flat = s.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
        int longest = 0;
        int run = 0;
        for (int i = 0; i < flat.length(); i++) {
            run = flat.charAt(i) == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = flat.startsWith("`") || flat.endsWith("`") || flat.isEmpty() ? " " : "";
        return fence + pad + flat + pad + fence;
    }
}
