package dev.tandem.adapter.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.adapter.event.CanonicalMapping;
import dev.tandem.validation.Side;
import dev.tandem.validation.Validator;
import dev.tandem.validation.ValidatorConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code tandem validate}: compares what two {@link ObservationFile}s say each side delivered, as the running
 * validator would have seen it live. Both files are merged in order of observation and fed to the validator with
 * its clock at each observation's time, so the grace window means what it means in the service; the run starts at
 * the first observation, and after the last one the clock moves on by the grace window, so whatever one side
 * alone delivered counts as missing.
 */
public final class OfflineValidation {
    private OfflineValidation() {
    }

    /**
     * The report (schema {@value ReportView#SCHEMA}) of the comparison.
     *
     * @param config the validator's settings: grace, ignored fields, thresholds, dashboards, source
     * @throws IllegalArgumentException naming the file and line that cannot be read
     */
    public static JsonNode run(Path legacyFile, Path realtimeFile, ValidatorConfig config, CanonicalMapping mapping)
            throws IOException {
        List<ObservationFile.Observation> all = new ArrayList<>(ObservationFile.read(legacyFile, Side.LEGACY, mapping));
        all.addAll(ObservationFile.read(realtimeFile, Side.REALTIME, mapping));
        // Stable: at equal times the legacy file first, each file in its own order.
        all.sort(Comparator.comparingLong(o -> o.event().observedAtMicros()));

        AtomicLong clock = new AtomicLong(all.isEmpty() ? ObservationFile.micros(java.time.Instant.now())
                : all.get(0).event().observedAtMicros());
        Validator validator = new Validator(config, clock::get);
        for (ObservationFile.Observation o : all) {
            clock.set(o.event().observedAtMicros());
            validator.observe(o.side(), o.event());
        }
        clock.addAndGet(config.graceMicros());
        return validator.report(config.dashboards()).toJsonTree();
    }
}
