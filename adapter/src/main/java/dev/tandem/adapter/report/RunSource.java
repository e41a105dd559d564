package dev.tandem.adapter.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Where closed validation runs come from: the running validator. Closing a run hands over its report
 * ({@value ReportView#SCHEMA}) and starts the next run at once, so no observation falls between two runs.
 */
@FunctionalInterface
public interface RunSource {
    /** The report of the run that closes now; the next run starts with this call. */
    JsonNode closeRunAndStartNext();
}
