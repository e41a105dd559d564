package dev.tandem.legacyws.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.legacyws.ExportFormats;
import dev.tandem.legacyws.ExportRequest;
import dev.tandem.legacyws.ExportResult;
import dev.tandem.legacyws.ExportSource;
import dev.tandem.legacyws.LegacyRequestException;
import dev.tandem.legacyws.replay.ReplayBuffer;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** The default {@link ExportSource}: the events still in the in-memory replay buffer, by ingest time. */
final class ReplayExport implements ExportSource {
    private final Supplier<List<ReplayBuffer.Entry>> snapshot;

    ReplayExport(Supplier<List<ReplayBuffer.Entry>> snapshot) {
        this.snapshot = snapshot;
    }

    @Override
    public CompletionStage<ExportResult> export(ExportRequest request) {
        List<ReplayBuffer.Entry> matching = new ArrayList<>();
        for (ReplayBuffer.Entry e : snapshot.get()) {
            Instant at = e.ingestedAt();
            if ((request.since() == null || !at.isBefore(request.since()))
                    && (request.until() == null || !at.isAfter(request.until()))) {
                matching.add(e);
            }
        }
        if (matching.size() > request.maxRows()) {
            return CompletableFuture.failedFuture(new LegacyRequestException("too_large", "export would hold "
                    + matching.size() + " events; the limit is " + request.maxRows()
                    + " (exportMaxRows): narrow since/until"));
        }
        List<ObjectNode> events = new ArrayList<>(matching.size());
        for (ReplayBuffer.Entry e : matching) {
            try {
                events.add((ObjectNode) dev.tandem.legacyws.message.Json.MAPPER.readTree(e.message().text()));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new UncheckedIOException(ex); // we rendered it: unreadable means a bug
            }
        }
        String data = ExportFormats.CSV.equals(request.format()) ? ExportFormats.csv(events) : ExportFormats.json(events);
        Instant from = request.since() != null ? request.since() : matching.isEmpty() ? null : matching.getFirst().ingestedAt();
        Instant to = request.until() != null ? request.until() : matching.isEmpty() ? null : matching.getLast().ingestedAt();
        return CompletableFuture.completedFuture(new ExportResult(events.size(), from, to, data));
    }
}
