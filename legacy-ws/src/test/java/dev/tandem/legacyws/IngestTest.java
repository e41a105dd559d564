package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code ingest} over the socket, auth off: the SPI is called off the WebSocket threads and answered. */
class IngestTest {
    private LegacyServer server;

    @AfterEach
    void stop() {
        server.stop(RecordingClient.TIMEOUT);
    }

    @Test
    void withoutAnIngestPluggedInItIsRefused() throws Exception {
        server = TestEvents.startServer(LegacyServerConfig.builder());
        RecordingClient client = RecordingClient.open(server, "/ws");
        client.next("initial_stats");
        client.send("{\"type\":\"ingest\",\"event\":{\"connection_type\":\"redis\"},\"ref\":\"i\"}");
        JsonNode error = client.next("error");
        assertEquals("unauthorized", error.get("code").asText());
        assertEquals("ingest is not enabled on this server", error.get("message").asText());
        assertEquals("i", error.get("ref").asText());
        client.close();
    }

    @Test
    void theSpiAnswersAckOrItsOwnErrorAndRunsOffTheSocketThreads() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        server = TestEvents.startServer(LegacyServerConfig.builder().producerIngest((event, clientId) -> {
            thread.set(Thread.currentThread().getName());
            if (!event.has("connection_type")) {
                return CompletableFuture.failedFuture(new LegacyRequestException("bad_field", "connection_type is required"));
            }
            return CompletableFuture.completedFuture(new IngestAck("evt-" + event.get("n").asInt(), 9));
        }));
        RecordingClient client = RecordingClient.open(server, "/ws?client_id=prod");
        client.next("initial_stats");
        client.send("{\"type\":\"ingest\",\"event\":{\"connection_type\":\"redis\",\"n\":5},\"ref\":\"a\"}");
        JsonNode ack = client.next("ack");
        assertEquals("a", ack.get("ref").asText());
        assertEquals("evt-5", ack.get("event_id").asText());
        assertEquals(9, ack.get("seq").asLong());
        assertEquals("legacy-ws-requests", thread.get());

        client.send("{\"type\":\"ingest\",\"event\":{\"n\":1},\"ref\":\"b\"}");
        JsonNode error = client.next("error");
        assertEquals("bad_field", error.get("code").asText());
        assertEquals("connection_type is required", error.get("message").asText());
        client.send("{\"type\":\"ingest\",\"event\":[1]}");
        assertEquals("bad_field", client.next("error").get("code").asText());
        assertFalse(client.hasPending());
        client.close();
    }
}
