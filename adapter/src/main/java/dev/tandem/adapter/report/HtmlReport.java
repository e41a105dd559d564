package dev.tandem.adapter.report;

import static dev.tandem.adapter.report.ReportView.figure;
import static dev.tandem.adapter.report.ReportView.label;
import static dev.tandem.adapter.report.ReportView.number;
import static dev.tandem.adapter.report.ReportView.text;

import static dev.tandem.adapter.report.HtmlPage.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validation report ({@value ReportView#SCHEMA}) as one self-contained HTML page ({@link HtmlPage}): the
 * verdict, charts as inline SVG drawn by {@link SvgChart}, and the figures as tables, with no external assets, so
 * it can be attached to a change request and opened anywhere. Every value from the report is HTML-escaped.
 */
public final class HtmlReport {
    private static final String LEGACY_COLOR = "#2f6fb0";
    private static final String REALTIME_COLOR = "#3aa37a";
    /** Up to an hour the figures per minute are bars, each visible even alone; longer runs get lines. */
    static final int BARS_UP_TO_MINUTES = 60;

    private final StringBuilder out = new StringBuilder(32_768);

    private HtmlReport() {
    }

    public static String render(JsonNode report) {
        HtmlReport page = new HtmlReport();
        page.write(report);
        return page.out.toString();
    }

    private void write(JsonNode r) {
        JsonNode run = r.path("run");
        String verdict = ReportView.verdict(r);
        out.append(HtmlPage.head("Tandem validation " + verdict + ": run " + text(run.path("id"))));
        out.append("<h1>Tandem validation run <code>").append(escape(text(run.path("id")))).append("</code></h1>");
        String note = ReportView.schemaNote(r);
        if (note != null) {
            out.append("<p class=\"note\">").append(escape(note)).append("</p>");
        }
        banner(r, verdict);
        keyValues(ReportView.runRows(run));

        out.append("<h2>Lag</h2>");
        lagChart(r.path("lag_histogram_ms"));
        table(List.of("", "count", "p50 ms", "p95 ms", "p99 ms", "max ms"), ReportView.LAG_ROWS.stream()
                .filter(side -> r.path("lag_ms").has(side))
                .map(side -> figures(label(side), r.path("lag_ms").path(side), ReportView.LAG_COLUMNS)).toList());

        out.append("<h2>Missing and mismatched over time</h2>");
        faultsChart(r.path("per_minute"));

        out.append("<div class=\"cols\"><section><h2>Checks</h2>");
        checks(r.path("verdict").path("checks"));
        out.append("</section><section><h2>Totals</h2>");
        List<List<Cell>> totals = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : r.path("totals").properties()) {
            totals.add(List.of(Cell.text(label(e.getKey())), Cell.number(figure(e.getValue()))));
        }
        table(List.of("figure", "count"), totals);
        out.append("</section></div>");

        mismatches(r);
        capacity(r.path("capacity"));
        configuration(r.path("config"));
        perMinuteTable(r.path("per_minute"));
        out.append(HtmlPage.tail());
    }

    private void banner(JsonNode r, String verdict) {
        String kind = switch (verdict) {
            case "GO" -> "go";
            case "NO-GO" -> "nogo";
            default -> "unknown";
        };
        out.append("<section class=\"banner ").append(kind).append("\" id=\"verdict\"><strong>").append(escape(verdict))
                .append("</strong>");
        JsonNode reasons = r.path("verdict").path("reasons");
        if (!reasons.isEmpty()) {
            out.append("<ul>");
            reasons.forEach(reason -> out.append("<li>").append(escape(text(reason))).append("</li>"));
            out.append("</ul>");
        }
        out.append("</section>");
    }

    private void lagChart(JsonNode histogram) {
        JsonNode legacy = histogram.path("legacy");
        JsonNode realtime = histogram.path("realtime");
        JsonNode buckets = legacy.size() >= realtime.size() ? legacy : realtime;
        List<String> categories = new ArrayList<>();
        String previous = "0";
        for (JsonNode b : buckets) {
            JsonNode le = b.path("le");
            categories.add(le.isNumber() ? "≤" + SvgChart.compact(le.doubleValue()) : ">" + previous);
            previous = le.isNumber() ? SvgChart.compact(le.doubleValue()) : previous;
        }
        chart("Lag distribution per side (events per bucket, ms from ingest to observation)",
                SvgChart.bars("Lag distribution per side", "events", categories, List.of(
                        new SvgChart.Series("legacy", LEGACY_COLOR, counts(legacy, "count")),
                        new SvgChart.Series("realtime", REALTIME_COLOR, counts(realtime, "count")))));
    }

    private void faultsChart(JsonNode perMinute) {
        List<String> minutes = new ArrayList<>();
        perMinute.forEach(m -> minutes.add(minuteLabel(text(m.path("minute")))));
        String[] colors = {"#d35400", "#8e44ad", "#c0392b", "#7f8c8d"};
        List<SvgChart.Series> series = new ArrayList<>();
        for (int i = 0; i < ReportView.MINUTE_FAULTS.size(); i++) {
            String key = ReportView.MINUTE_FAULTS.get(i);
            series.add(new SvgChart.Series(label(key), colors[i], counts(perMinute, key)));
        }
        String label = "Missing and mismatched per minute";
        chart("Missing, mismatched and duplicate events per minute", minutes.size() <= BARS_UP_TO_MINUTES
                ? SvgChart.bars(label, "events per minute", minutes, series)
                : SvgChart.lines(label, "events per minute", minutes, series));
    }

    private void chart(String caption, String svg) {
        out.append("<figure><figcaption>").append(escape(caption)).append("</figcaption>").append(svg).append("</figure>");
    }

    private static double[] counts(JsonNode array, String field) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(array.get(i).path(field));
        }
        return values;
    }

    /** "2026-11-22T14:05:00Z" as "14:05"; anything else as it is. */
    static String minuteLabel(String iso) {
        int t = iso.indexOf('T');
        return t > 0 && iso.length() >= t + 6 ? iso.substring(t + 1, t + 6) : iso;
    }

    private void checks(JsonNode checks) {
        List<List<Cell>> rows = new ArrayList<>();
        for (JsonNode c : checks) {
            boolean passed = c.path("passed").asBoolean(false);
            rows.add(List.of(Cell.text(label(text(c.path("name")))), Cell.number(figure(c.path("value"))),
                    Cell.number(ReportView.threshold(c)), new Cell(passed ? "passed" : "FAILED", passed ? "pass" : "fail")));
        }
        table(List.of("check", "value", "threshold", ""), rows);
    }

    private void mismatches(JsonNode r) {
        out.append("<h2>Mismatched fields</h2>");
        if (r.path("mismatches").isEmpty()) {
            out.append("<p>None.</p>");
        }
        for (JsonNode m : r.path("mismatches")) {
            out.append("<h3><code>").append(escape(text(m.path("field")))).append("</code>: ")
                    .append(escape(figure(m.path("count")))).append(" events</h3>");
            List<List<Cell>> rows = new ArrayList<>();
            for (JsonNode s : m.path("samples")) {
                rows.add(List.of(Cell.code(text(s.path("event_id"))), Cell.code(text(s.path("legacy"))),
                        Cell.code(text(s.path("realtime")))));
            }
            table(List.of("event_id", "legacy", "realtime"), rows);
        }
        if (!r.path("noise").isEmpty()) {
            out.append("<h2>Noise</h2><p>Fields that differ without failing the run.</p>");
            List<List<Cell>> rows = new ArrayList<>();
            r.path("noise").forEach(n -> rows.add(List.of(Cell.code(text(n.path("field"))), Cell.number(figure(n.path("count"))))));
            table(List.of("field", "count"), rows);
        }
    }

    private void capacity(JsonNode cap) {
        out.append("<h2>Capacity</h2>");
        keyValues(ReportView.capacityRows(cap));
        List<List<Cell>> plans = new ArrayList<>();
        for (JsonNode p : cap.path("plans")) {
            boolean over = p.path("over").asBoolean(false);
            plans.add(List.of(Cell.text(text(p.path("name"))), Cell.number(figure(p.path("messages_per_second_quota"))),
                    new Cell(over ? "over quota" : "within quota", over ? "fail" : "pass")));
        }
        table(List.of("Supabase plan", "messages/s quota", ""), plans);
    }

    private void configuration(JsonNode config) {
        out.append("<h2>Configuration</h2>");
        keyValues(ReportView.configRows(config));
    }

    private void perMinuteTable(JsonNode perMinute) {
        out.append("<h2>Per minute</h2>");
        List<List<Cell>> rows = new ArrayList<>();
        perMinute.forEach(m -> rows.add(figures(text(m.path("minute")), m, ReportView.MINUTE_COLUMNS)));
        table(ReportView.MINUTE_HEADER, rows);
    }

    private static List<Cell> figures(String first, JsonNode row, List<String> columns) {
        List<Cell> cells = new ArrayList<>(List.of(Cell.text(first)));
        columns.forEach(c -> cells.add(Cell.number(figure(row.path(c)))));
        return cells;
    }

    private void keyValues(List<List<String>> rows) {
        table(List.of(), rows.stream().map(r -> List.of(Cell.text(r.get(0)), Cell.text(r.get(1)))).toList());
    }

    /** One table cell: its text (escaped when written) and how to show it. */
    private record Cell(String text, String css) {
        static Cell text(String s) {
            return new Cell(s, null);
        }

        static Cell number(String s) {
            return new Cell(s, "n");
        }

        static Cell code(String s) {
            return new Cell(s, "code");
        }
    }

    private void table(List<String> header, List<List<Cell>> rows) {
        if (rows.isEmpty()) {
            out.append("<p>None.</p>");
            return;
        }
        out.append("<table>");
        if (!header.isEmpty()) {
            out.append("<tr>");
            header.forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
            out.append("</tr>");
        }
        for (List<Cell> row : rows) {
            out.append("<tr>");
            for (Cell c : row) {
                if ("code".equals(c.css())) {
                    out.append("<td><code>").append(escape(c.text())).append("</code></td>");
                } else {
                    out.append(c.css() == null ? "<td>" : "<td class=\"" + c.css() + "\">").append(escape(c.text())).append("</td>");
                }
            }
            out.append("</tr>");
        }
        out.append("</table>");
    }
}
