package dev.tandem.adapter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    @Test
    void aNoGoPageHasItsBannerChartsAndTables() throws Exception {
        String page = HtmlReport.render(Reports.fixture("nogo"));
        assertTrue(page.startsWith("<!DOCTYPE html>"), page);
        assertTrue(page.contains("<section class=\"banner nogo\" id=\"verdict\"><strong>NO-GO</strong><ul>"
                + "<li>4 events missing on realtime, 1 missing on legacy (max 0)</li>"), page);
        assertEquals(2, count(page, "<svg class=\"chart "), "the lag chart and the per-minute chart");
        // Lag: 12 buckets, a bar for each side in each; per minute (12 minutes): 4 series of bars.
        assertEquals(12 * 2 + 12 * 4, count(page, "<rect class=\"bar\""));
        assertTrue(page.contains("<title>realtime, ≤1k: 90</title>"), "each bar carries its value");
        assertTrue(page.contains("<td>lag p99 ms</td><td class=\"n\">1,540</td><td class=\"n\">1,000</td><td class=\"fail\">FAILED</td>"), page);
        assertTrue(page.contains("<h3><code>metadata.region</code>: 2 events</h3>"), page);
        assertTrue(page.contains("<td>Pro</td><td class=\"n\">500</td><td class=\"fail\">over quota</td>"), page);
    }

    @Test
    void aGoPageIsGreen() throws Exception {
        String page = HtmlReport.render(Reports.fixture("go"));
        assertTrue(page.contains("<section class=\"banner go\" id=\"verdict\"><strong>GO</strong></section>"), page);
        assertFalse(page.contains("FAILED"), page);
    }

    @Test
    void longRunsDrawTheirMinutesAsLines() throws Exception {
        var r = Reports.fixture("go");
        var minutes = r.withArray("per_minute");
        var first = minutes.get(0);
        while (minutes.size() <= HtmlReport.BARS_UP_TO_MINUTES) {
            minutes.add(first.deepCopy());
        }
        String page = HtmlReport.render(r);
        assertEquals(4, count(page, "<polyline class=\"line\""), page);
        assertTrue(page.contains("<svg class=\"chart lines\""), page);
    }

    @Test
    void everyValueIsEscapedAndOnlyThePagesOwnScriptMayRun() throws Exception {
        String page = HtmlReport.render(Reports.hostile());
        assertEquals(1, count(page, "<script"), "only the page's own script");
        assertFalse(page.contains("<img"), page);
        assertFalse(page.contains("onmouseover=\""), "no attribute broken out of: " + page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;&quot; onmouseover=&quot;"),
                "shown as text: " + page);

        // The Content-Security-Policy allows exactly the inline style and script by their hashes, nothing else.
        Matcher csp = Pattern.compile("<meta http-equiv=\"Content-Security-Policy\" content=\"([^\"]*)\">").matcher(page);
        assertTrue(csp.find(), page);
        Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(page);
        Matcher style = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL).matcher(page);
        assertTrue(script.find() && style.find());
        assertEquals("default-src 'none'; style-src '" + sha256(style.group(1)) + "'; script-src '"
                + sha256(script.group(1)) + "'; img-src data:", csp.group(1).replace("&#39;", "'"));
    }

    @Test
    void aReportOfAnotherSchemaOrWithPartsMissingStillRenders() throws Exception {
        var r = Reports.fixture("go");
        r.put("schema", "tandem.validation.report/2");
        r.remove(java.util.List.of("lag_histogram_ms", "per_minute", "verdict"));
        String page = HtmlReport.render(r);
        assertTrue(page.contains("declares schema &#39;tandem.validation.report/2&#39;"), page);
        assertTrue(page.contains("<section class=\"banner unknown\" id=\"verdict\"><strong>UNKNOWN</strong>"), page);
        assertEquals(2, count(page, "<svg class=\"chart empty\""), "both charts say there is no data");
    }

    @Test
    void chartAxesUseRoundSteps() {
        assertEquals(1, SvgChart.niceStep(0));
        assertEquals(0.2, SvgChart.niceStep(0.2), 1e-12);
        assertEquals(2, SvgChart.niceStep(1.2), 1e-12);
        assertEquals(500, SvgChart.niceStep(420), 1e-12);
        assertEquals(1000, SvgChart.niceStep(501), 1e-12);
        assertEquals("1.23k", SvgChart.compact(1234));
        assertEquals("2.5M", SvgChart.compact(2_500_000));
        assertEquals("0.25", SvgChart.compact(0.25));
        assertEquals("14:05", HtmlReport.minuteLabel("2026-11-22T14:05:00Z"));
    }

    static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    private static String sha256(String s) throws Exception {
        return "sha256-" + Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
