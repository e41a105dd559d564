package dev.tandem.adapter.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.adapter.report.OfflineValidation;
import dev.tandem.adapter.report.ReportFormat;
import dev.tandem.validation.Thresholds;
import dev.tandem.validation.ValidatorConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tandem validate}: compares two recordings ({@code tandem record}, or any file in that NDJSON shape),
 * writes the reports asked for and prints a one-line verdict. Exit 0 on GO, 3 on NO-GO, 1 when a file cannot
 * be read or written, 2 for bad usage.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compares what each side delivered, as recorded in two NDJSON files (tandem record), and"
                + " judges it as the running validator would: GO or NO-GO.",
                "Exit code: 0 GO, 3 NO-GO, 1 a file could not be read or written, 2 bad usage."})
final class ValidateCommand implements Callable<Integer> {
    static final int EXIT_GO = 0;
    static final int EXIT_NO_GO = 3;
    static final int EXIT_FAILED = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--legacy", required = true, paramLabel = "FILE", description = "What the legacy side delivered (NDJSON).")
    Path legacy;

    @Option(names = "--realtime", required = true, paramLabel = "FILE", description = "What the realtime side delivered (NDJSON).")
    Path realtime;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the report as a self-contained HTML page here.")
    Path html;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON here.")
    Path json;

    @Option(names = "--md", paramLabel = "FILE", description = "Write the report as Markdown here.")
    Path markdown;

    @Option(names = "--grace-ms", paramLabel = "MS", description = "How long one side may be ahead before an event"
            + " counts as missing on the other. Default: ${DEFAULT-VALUE}.")
    long graceMs = ValidatorConfig.DEFAULT_GRACE.toMillis();

    @Option(names = "--ignore-field", paramLabel = "FIELD", split = ",",
            description = "A canonical field never compared (repeatable, or comma-separated).")
    List<String> ignoredFields = new ArrayList<>();

    @Option(names = "--max-missing", paramLabel = "N", description = "Most events missing on each side. Default: ${DEFAULT-VALUE}.")
    long maxMissing = Thresholds.DEFAULTS.maxMissing();

    @Option(names = "--max-mismatch-rate", paramLabel = "R", description = "Most mismatched events per event compared,"
            + " 0 to 1. Default: ${DEFAULT-VALUE}.")
    double maxMismatchRate = Thresholds.DEFAULTS.maxMismatchRate();

    @Option(names = "--max-duplicates", paramLabel = "N", description = "Most repeated deliveries on each side."
            + " Default: ${DEFAULT-VALUE}.")
    long maxDuplicates = Thresholds.DEFAULTS.maxDuplicates();

    @Option(names = "--max-lag-p99-ms", paramLabel = "MS", description = "Most realtime lag p99 (ingest to observation)."
            + " Default: ${DEFAULT-VALUE}.")
    long maxLagP99Ms = Thresholds.DEFAULTS.maxLagP99Ms();

    @Option(names = "--min-events", paramLabel = "N", description = "Fewest events compared (delivered by both sides)"
            + " for any verdict but NO-GO."
            + " Default: ${DEFAULT-VALUE}.")
    long minEvents = Thresholds.DEFAULTS.minEvents();

    @Option(names = "--min-duration-seconds", paramLabel = "S", description = "Shortest recording for any verdict but"
            + " NO-GO. Default: ${DEFAULT-VALUE}.")
    long minDurationSeconds = Thresholds.DEFAULTS.minDurationSeconds();

    @Option(names = "--dashboards", paramLabel = "N", description = "Dashboards each event reaches on the new path, for"
            + " the Realtime quota estimate. Default: ${DEFAULT-VALUE}.")
    int dashboards = 1;

    @Override
    public Integer call() {
        ValidatorConfig config = config();
        ObjectMapper mapper = new ObjectMapper();
        JsonNode report;
        try {
            report = OfflineValidation.run(legacy, realtime, config, new CanonicalMapping());
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return failed("cannot read the recordings: " + e.getMessage());
        }
        List<String> written = new ArrayList<>();
        for (Map.Entry<ReportFormat, Path> out : outputs().entrySet()) {
            try {
                Files.writeString(out.getValue(), out.getKey().render(report, mapper), StandardCharsets.UTF_8);
                written.add(out.getValue().toString());
            } catch (IOException e) {
                return failed("cannot write " + out.getValue() + ": " + e);
            }
        }
        spec.commandLine().getOut().println(verdictLine(report) + (written.isEmpty() ? "" : "; wrote " + String.join(", ", written)));
        return "GO".equals(report.path("verdict").path("result").asText()) ? EXIT_GO : EXIT_NO_GO;
    }

    private ValidatorConfig config() {
        if (graceMs < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--grace-ms must be at least 1, got " + graceMs);
        }
        if (dashboards < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--dashboards must be at least 1, got " + dashboards);
        }
        Thresholds thresholds;
        try {
            thresholds = new Thresholds(maxMissing, maxMismatchRate, maxDuplicates, maxLagP99Ms, minEvents, minDurationSeconds);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "thresholds: " + e.getMessage());
        }
        return ValidatorConfig.builder().grace(Duration.ofMillis(graceMs)).ignoredFields(new LinkedHashSet<>(ignoredFields))
                .thresholds(thresholds).dashboards(dashboards)
                .source("tandem validate --legacy " + legacy.getFileName() + " --realtime " + realtime.getFileName())
                .build();
    }

    private Map<ReportFormat, Path> outputs() {
        Map<ReportFormat, Path> out = new java.util.EnumMap<>(ReportFormat.class);
        if (json != null) {
            out.put(ReportFormat.JSON, json);
        }
        if (markdown != null) {
            out.put(ReportFormat.MARKDOWN, markdown);
        }
        if (html != null) {
            out.put(ReportFormat.HTML, html);
        }
        return out;
    }

    /** "NO-GO: reason; reason (run ID: 12 legacy, 11 realtime observed)" or "GO: ... ". */
    static String verdictLine(JsonNode report) {
        JsonNode verdict = report.path("verdict");
        JsonNode totals = report.path("totals");
        List<String> reasons = new ArrayList<>();
        verdict.path("reasons").forEach(r -> reasons.add(r.asText()));
        String what = reasons.isEmpty() ? totals.path("matched").asLong() + " events matched" : String.join("; ", reasons);
        return verdict.path("result").asText("UNKNOWN") + ": " + what + " (run " + report.path("run").path("id").asText()
                + ": " + totals.path("legacy_seen").asLong() + " legacy, " + totals.path("realtime_seen").asLong()
                + " realtime events)";
    }

    private int failed(String message) {
        spec.commandLine().getErr().println("tandem validate: " + message);
        return EXIT_FAILED;
    }
}
