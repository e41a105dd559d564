package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem validate} on recordings with known faults (test resources {@code offline/}): it reports exactly
 * those faults, and its exit code is the verdict.
 */
class ValidateCliTest {
    /** Small fixtures: 20 events over 2 s, so the volume and duration checks are lowered to what they hold. */
    private static final String[] SMALL_RUN = {"--min-events", "10", "--min-duration-seconds", "1"};

    @TempDir
    Path dir;

    @Test
    void aCleanPairIsGoWithExitZero() throws Exception {
        CliTest.Run r = validate("clean", "--json", dir.resolve("r.json").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("GO: "), r.out());
        assertEquals(1, r.out().strip().lines().count(), "one line: " + r.out());
        JsonNode report = Http.JSON.readTree(dir.resolve("r.json").toFile());
        assertEquals("GO", report.path("verdict").path("result").asText());
        Map<String, Long> faults = nonZero(report.path("totals"), "matched", "legacy_seen", "realtime_seen");
        assertEquals(Map.of(), faults, "no fault of any kind");
        assertEquals(20, report.path("totals").path("matched").asLong(), "tap rows and Realtime records both map");
        assertEquals(20, report.path("totals").path("legacy_seen").asLong());
        assertEquals(20, report.path("totals").path("realtime_seen").asLong());
    }

    @Test
    void theFaultyPairReportsExactlyItsFaultsAndExitsThree() throws Exception {
        Path html = dir.resolve("out.html");
        Path json = dir.resolve("out.json");
        Path md = dir.resolve("out.md");
        CliTest.Run r = validate("faulty", "--report", html.toString(), "--json", json.toString(), "--md", md.toString());
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("NO-GO: "), r.out());
        assertEquals(1, r.out().strip().lines().count(), "one line: " + r.out());
        assertTrue(r.out().contains(html.toString()) && r.out().contains(json.toString()), r.out());

        JsonNode report = Http.JSON.readTree(json.toFile());
        assertEquals("tandem.validation.report/1", report.path("schema").asText());
        assertEquals("NO-GO", report.path("verdict").path("result").asText());
        // E7 only on legacy, E21 only on realtime, E5 twice on realtime, E12's response_time_ms changed.
        assertEquals(Map.of("missing_on_realtime", 1L, "missing_on_legacy", 1L, "duplicates_realtime", 1L, "mismatched", 1L),
                nonZero(report.path("totals"), "matched", "legacy_seen", "realtime_seen"));
        assertEquals(18, report.path("totals").path("matched").asLong());
        assertEquals(1, report.path("mismatches").size(), report.path("mismatches").toString());
        JsonNode mismatch = report.path("mismatches").get(0);
        assertEquals("response_time_ms", mismatch.path("field").asText());
        assertEquals(1, mismatch.path("count").asLong());
        assertEquals("0192f3c4-0000-7000-8000-000000000012", mismatch.path("samples").get(0).path("event_id").asText());
        assertEquals(List.of("duplicates_realtime", "mismatch_rate", "missing_on_legacy", "missing_on_realtime"), failedChecks(report));

        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("NO-GO") && page.contains("<svg class=\"chart"), "HTML report");
        String markdown = Files.readString(md);
        assertTrue(markdown.contains("**NO-GO**") && markdown.contains("`response_time_ms`"), markdown);
    }

    @Test
    void withTheDefaultThresholdsTinyRecordingsAreNoGoForTooLittleEvidence() throws Exception {
        CliTest.Run r = CliTest.run("validate", "--legacy", fixture("clean-legacy.ndjson"),
                "--realtime", fixture("clean-realtime.ndjson"), "--json", dir.resolve("r.json").toString());
        assertEquals(3, r.exit(), r.out() + r.err());
        JsonNode report = Http.JSON.readTree(dir.resolve("r.json").toFile());
        assertEquals(List.of("duration_seconds", "events_compared"), failedChecks(report));
    }

    @Test
    void anUnreadableLineExitsOneNamingFileAndLine() throws Exception {
        Path legacy = dir.resolve("legacy.ndjson");
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of(fixture("clean-legacy.ndjson"))));
        lines.set(2, "{\"side\":\"legacy\",\"observed_at\":\"yesterday\",\"message\":{}}");
        Files.write(legacy, lines);
        CliTest.Run r = CliTest.run("validate", "--legacy", legacy.toString(), "--realtime", fixture("clean-realtime.ndjson"));
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().startsWith("tandem validate: cannot read the recordings: " + legacy + ":3: "), r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        CliTest.Run swapped = CliTest.run("validate", "--legacy", fixture("clean-realtime.ndjson"),
                "--realtime", fixture("clean-legacy.ndjson"));
        assertEquals(1, swapped.exit());
        assertTrue(swapped.err().contains(":1: side is 'realtime', but this file was given as the legacy one"), swapped.err());
    }

    @Test
    void badUsageExitsTwo() throws Exception {
        assertEquals(2, CliTest.run("validate", "--legacy", fixture("clean-legacy.ndjson")).exit(), "--realtime is required");
        CliTest.Run r = CliTest.run("validate", "--legacy", fixture("clean-legacy.ndjson"),
                "--realtime", fixture("clean-realtime.ndjson"), "--max-mismatch-rate", "2");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("maxMismatchRate must be between 0 and 1"), r.err());
    }

    private CliTest.Run validate(String pair, String... outputs) throws URISyntaxException {
        List<String> args = new ArrayList<>(List.of("validate", "--legacy", fixture(pair + "-legacy.ndjson"),
                "--realtime", fixture(pair + "-realtime.ndjson")));
        args.addAll(List.of(SMALL_RUN));
        args.addAll(List.of(outputs));
        return CliTest.run(args.toArray(String[]::new));
    }

    static String fixture(String name) throws URISyntaxException {
        return Path.of(ValidateCliTest.class.getResource("/offline/" + name).toURI()).toString();
    }

    /** Every total other than {@code except} that is not zero. */
    private static Map<String, Long> nonZero(JsonNode totals, String... except) {
        Map<String, Long> out = new TreeMap<>();
        totals.properties().forEach(e -> {
            if (!List.of(except).contains(e.getKey()) && e.getValue().asLong() != 0) {
                out.put(e.getKey(), e.getValue().asLong());
            }
        });
        return out;
    }

    private static List<String> failedChecks(JsonNode report) throws IOException {
        List<String> out = new ArrayList<>();
        report.path("verdict").path("checks").forEach(c -> {
            if (!c.path("passed").asBoolean()) {
                out.add(c.path("name").asText());
            }
        });
        return out.stream().sorted().toList();
    }
}
