package dev.tandem.adapter.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MarkdownReportTest {
    /** A code span: a run of backticks (not backslash-escaped), anything, the same run again. */
    private static final Pattern CODE_SPAN = Pattern.compile("(?<![`\\\\])(`+)(?!`).*?(?<!`)\\1(?!`)");

    @Test
    void aNoGoReportLeadsWithItsVerdictReasonsAndFailedChecks() throws Exception {
        String md = MarkdownReport.render(Reports.fixture("nogo"));
        assertTrue(md.startsWith("# Tandem validation run `0192f3c4-2222-7000-8000-000000000002`: **NO-GO**\n"), md);
        assertTrue(md.contains("## Verdict: NO-GO\n\n- 4 events missing on realtime, 1 missing on legacy (max 0)\n"), md);
        assertTrue(md.contains("| `lag_p99_ms` | 1,540 | 1,000 | **no** |"), md);
        assertTrue(md.contains("| `events` | 14,862 | 1,000 | yes |"), md);
        assertTrue(md.contains("### `metadata.region`: 2 events"), md);
        assertTrue(md.contains("| `0192f3c4-aaaa-7000-8000-000000000012` | `150.5` | `150.0` |"), md);
        assertTrue(md.contains("| realtime | 14,861 | 22 | 310 | 1,540 | 2,210 |"), md);
        assertTrue(md.contains("| Pro | 500 | **yes** |"), md);
        assertTrue(md.contains("| 2026-11-22T14:04:00Z | "), "per-minute rows: " + md);
    }

    @Test
    void aGoReportSaysSoAndListsNoMismatches() throws Exception {
        String md = MarkdownReport.render(Reports.fixture("go"));
        assertTrue(md.contains(": **GO**"), md);
        assertTrue(md.contains("## Mismatched fields\n\nNone.\n"), md);
        assertFalse(md.contains("**no**"), "no failed check: " + md);
    }

    @Test
    void valuesCanNeitherBreakTablesNorBringInHtmlOrLinks() throws Exception {
        String md = MarkdownReport.render(Reports.hostile());
        // Inside a code span Markdown shows everything literally; outside, nothing may be markup.
        String outsideCode = CODE_SPAN.matcher(md).replaceAll("");
        assertTrue(md.length() - outsideCode.length() > 1000, "values in code spans were found");
        assertFalse(outsideCode.contains("<script"), outsideCode);
        assertFalse(outsideCode.contains("<img"), outsideCode);
        assertFalse(Pattern.compile("(?<!\\\\)]\\(").matcher(outsideCode).find(), "no live link: " + outsideCode);
        assertFalse(md.contains("\n# heading"), "a line break cannot start a heading: " + md);
        // Every table row has as many cells as its header: cells are joined by " | ", a pipe in a value is "\|".
        int cells = -1;
        int rows = 0;
        for (String line : md.split("\n")) {
            if (!line.startsWith("| ")) {
                cells = line.startsWith("|---") ? cells : -1;
                continue;
            }
            int n = line.substring(1, line.length() - 1).split(" \\| ", -1).length;
            cells = cells < 0 ? n : cells;
            assertEquals(cells, n, "row keeps its cells: " + line);
            rows++;
        }
        assertTrue(rows > 20, "tables were checked");
    }

    @Test
    void codeSpansAreFencedLongerThanAnyBacktickRunInside() {
        assertEquals("`plain`", MarkdownReport.code("plain"));
        assertEquals("``a`b``", MarkdownReport.code("a`b"));
        assertEquals("``` `` ```", MarkdownReport.code("``"));
        assertEquals("`a\\|b c`", MarkdownReport.code("a|b\nc"));
        assertEquals(List.of("\\*x\\* &lt;b&gt; \\[y\\]"), List.of(MarkdownReport.escape("*x* <b> [y]")));
    }

    @Test
    void partsMissingFromAReportRenderAsNone() throws Exception {
        String md = MarkdownReport.render(Reports.withoutParts("go", "lag_ms", "per_minute", "capacity", "verdict"));
        assertTrue(md.contains(": **UNKNOWN**"), md);
        assertTrue(md.contains("## Per minute\n\nNone.\n"), md);
    }
}
