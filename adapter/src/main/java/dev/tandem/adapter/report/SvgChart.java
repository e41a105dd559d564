package dev.tandem.adapter.report;

import static dev.tandem.adapter.report.HtmlPage.escape;

import java.util.List;
import java.util.Locale;

/**
 * Small inline SVG charts, drawn here so a report page needs nothing from outside: grouped bars for a
 * distribution and lines for a series over time. Each is an {@code <svg class="chart">} scaled to its
 * container, with a legend, a y axis of round steps and a {@code <title>} per mark for its exact value.
 */
final class SvgChart {
    /** One named series; {@code color} is a CSS colour chosen by the caller's code, never by report data. */
    record Series(String name, String color, double[] values) {
    }

    private static final int WIDTH = 960;
    private static final int HEIGHT = 300;
    private static final int LEFT = 64;
    private static final int RIGHT = 16;
    private static final int TOP = 40;
    private static final int BOTTOM = 56;
    private static final int PLOT_W = WIDTH - LEFT - RIGHT;
    private static final int PLOT_H = HEIGHT - TOP - BOTTOM;
    private static final int Y_STEPS = 5;
    private static final double MAX_BAR = 40;
    /** At most this many x labels, so they never overlap. */
    private static final int MAX_X_LABELS = 16;

    private SvgChart() {
    }

    /** Grouped bars: one group per category, one bar per series in it. */
    static String bars(String label, String yUnit, List<String> categories, List<Series> series) {
        if (categories.isEmpty()) {
            return empty(label);
        }
        StringBuilder b = open(label, "bars", series);
        double top = axis(b, series, yUnit);
        double group = (double) PLOT_W / categories.size();
        double bar = Math.min(group * 0.8 / series.size(), MAX_BAR);
        double inset = (group - bar * series.size()) / 2;
        for (int i = 0; i < categories.size(); i++) {
            for (int s = 0; s < series.size(); s++) {
                double v = value(series.get(s), i);
                double h = v / top * PLOT_H;
                double x = LEFT + i * group + inset + s * bar;
                b.append(String.format(Locale.ROOT,
                        "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s, %s: %s</title></rect>",
                        x, TOP + PLOT_H - h, Math.max(1, bar - 1), h, series.get(s).color(), escape(series.get(s).name()),
                        escape(categories.get(i)), compact(v)));
            }
        }
        xLabels(b, categories, i -> LEFT + (i + 0.5) * group);
        return b.append("</svg>").toString();
    }

    /** Lines over an ordered x axis (time), a dot on each point. */
    static String lines(String label, String yUnit, List<String> xs, List<Series> series) {
        if (xs.isEmpty()) {
            return empty(label);
        }
        StringBuilder b = open(label, "lines", series);
        double top = axis(b, series, yUnit);
        double step = xs.size() == 1 ? 0 : (double) PLOT_W / (xs.size() - 1);
        java.util.function.IntToDoubleFunction xAt = i -> xs.size() == 1 ? LEFT + PLOT_W / 2.0 : LEFT + i * step;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            for (int i = 0; i < xs.size(); i++) {
                double v = value(s, i);
                double x = xAt.applyAsDouble(i);
                double y = TOP + PLOT_H - v / top * PLOT_H;
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s, %s: %s</title></circle>",
                        x, y, s.color(), escape(s.name()), escape(xs.get(i)), compact(v)));
            }
            b.append("<polyline class=\"line\" fill=\"none\" stroke-width=\"2\" stroke=\"").append(s.color())
                    .append("\" points=\"").append(points.toString().strip()).append("\"/>").append(dots);
        }
        xLabels(b, xs, xAt);
        return b.append("</svg>").toString();
    }

    private static StringBuilder open(String label, String kind, List<Series> series) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<svg class=\"chart ").append(kind).append("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(escape(label))
                .append("\">");
        double x = LEFT;
        for (Series s : series) {
            b.append(String.format(Locale.ROOT, "<rect x=\"%.0f\" y=\"12\" width=\"12\" height=\"12\" fill=\"%s\"/>", x, s.color()));
            b.append(String.format(Locale.ROOT, "<text class=\"legend\" x=\"%.0f\" y=\"22\">%s</text>", x + 18, escape(s.name())));
            x += 30 + 8 * s.name().length();
        }
        return b;
    }

    /** Draws the y axis and grid; returns the value at the top of the plot. */
    private static double axis(StringBuilder b, List<Series> series, String yUnit) {
        double max = 0;
        for (Series s : series) {
            for (double v : s.values()) {
                max = Math.max(max, v);
            }
        }
        double step = niceStep(max / Y_STEPS);
        double top = step * Math.max(1, Math.ceil(max / step));
        int steps = (int) Math.round(top / step);
        for (int k = 0; k <= steps; k++) {
            double y = TOP + PLOT_H - (double) k / steps * PLOT_H;
            b.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>",
                    LEFT, LEFT + PLOT_W, y, y));
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    LEFT - 6, y + 4, compact(k * step)));
        }
        b.append(String.format(Locale.ROOT, "<text class=\"unit\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                WIDTH - RIGHT, 22, escape(yUnit)));
        return top;
    }

    private static void xLabels(StringBuilder b, List<String> xs, java.util.function.IntToDoubleFunction xAt) {
        int every = Math.max(1, (int) Math.ceil((double) xs.size() / MAX_X_LABELS));
        for (int i = 0; i < xs.size(); i += every) {
            b.append(String.format(Locale.ROOT, "<text class=\"tick\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>",
                    xAt.applyAsDouble(i), TOP + PLOT_H + 18, escape(xs.get(i))));
        }
        b.append(String.format(Locale.ROOT, "<line class=\"axis\" x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\"/>",
                LEFT, LEFT + PLOT_W, TOP + PLOT_H, TOP + PLOT_H));
    }

    private static String empty(String label) {
        return "<svg class=\"chart empty\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + WIDTH + " 80\" role=\"img\""
                + " aria-label=\"" + escape(label) + "\"><text class=\"tick\" x=\"" + WIDTH / 2 + "\" y=\"44\""
                + " text-anchor=\"middle\">no data in this run</text></svg>";
    }

    private static double value(Series s, int i) {
        double v = i < s.values().length ? s.values()[i] : 0;
        return Double.isFinite(v) && v > 0 ? v : 0;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}; 1 for nothing to show. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** 1234 as "1.2k", 2500000 as "2.5M", 0.25 as "0.25". */
    static String compact(double v) {
        if (v >= 1_000_000) {
            return trim(v / 1_000_000) + "M";
        }
        if (v >= 1_000) {
            return trim(v / 1_000) + "k";
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
