package dev.tandem.adapter.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.adapter.event.EventDraft;
import dev.tandem.adapter.event.EventParser;
import dev.tandem.adapter.event.InvalidEventsException;
import dev.tandem.adapter.ingest.IngestService;
import dev.tandem.adapter.ingest.NotDurableException;
import dev.tandem.legacyws.IngestAck;
import dev.tandem.legacyws.LegacyRequestException;
import dev.tandem.legacyws.ProducerIngest;
import dev.tandem.realtimebridge.writer.WriterFullException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;

/**
 * A producer's {@code ingest} message on the legacy socket goes through the same validation and ingest path
 * as {@code POST /api/events}. The wait for durability runs on a virtual thread, never on a socket worker;
 * legacy-ws bounds how many are in flight.
 */
public final class SocketIngest implements ProducerIngest {
    private final EventParser parser;
    private final IngestService ingest;
    private final ExecutorService executor;

    public SocketIngest(EventParser parser, IngestService ingest, ExecutorService executor) {
        this.parser = parser;
        this.ingest = ingest;
        this.executor = executor;
    }

    @Override
    public CompletionStage<IngestAck> ingest(JsonNode event, String clientId) {
        return CompletableFuture.supplyAsync(() -> accept(event), executor);
    }

    private IngestAck accept(JsonNode event) {
        EventDraft draft;
        try {
            draft = parser.parseOne(event);
        } catch (InvalidEventsException e) {
            throw new LegacyRequestException("bad_field", e.getMessage());
        }
        try {
            IngestService.Accepted a = ingest.ingest(List.of(draft)).get(0);
            return new IngestAck(a.eventId().toString(), a.seq());
        } catch (WriterFullException e) {
            // The protocol's code for "back off and retry"; nothing was accepted.
            throw new LegacyRequestException("rate_limited", "server busy, nothing accepted, retry later: " + e.getMessage());
        } catch (NotDurableException e) {
            IngestService.Accepted a = e.accepted().get(0);
            throw new LegacyRequestException("rate_limited", "event " + a.eventId() + " (seq " + a.seq()
                    + ") was accepted but is not yet durable: " + e.getMessage()
                    + "; resend it with this event_id (writes are idempotent)");
        }
    }
}
