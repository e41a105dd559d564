package dev.tandem.legacyws;

import java.util.concurrent.CompletionStage;

/**
 * Produces the data of an {@code export}. Called off the WebSocket threads. The default exports from the
 * server's in-memory replay buffer; the adapter may plug in one backed by Postgres and render with
 * {@link ExportFormats}. More than {@link ExportRequest#maxRows()} events must be refused with
 * {@code new LegacyRequestException("too_large", ...)} naming the bound.
 */
public interface ExportSource {
    CompletionStage<ExportResult> export(ExportRequest request);
}
