package dev.tandem.legacyws;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Takes an event a producer sent over the socket ({@code {"type":"ingest","event":{...}}}). Called off the
 * WebSocket threads; complete with an {@link IngestAck} to answer {@code ack}, or exceptionally with a
 * {@link LegacyRequestException} to answer {@code error} with its code.
 */
public interface ProducerIngest {
    /** The default: ingest over the socket is refused until the adapter plugs in its own. */
    ProducerIngest REFUSING = (event, clientId) -> CompletableFuture.failedFuture(
            new LegacyRequestException("unauthorized", "ingest is not enabled on this server"));

    CompletionStage<IngestAck> ingest(JsonNode event, String clientId);
}
