package dev.tandem.legacyws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * maxInFlightRequests bounds the ingests and exports running at once, across all clients (AsyncRequests,
 * full policy refuse_new): a request past it is answered {@code error rate_limited} at once, without reaching
 * the SPI, and requests are served again once the running one has finished.
 */
class InFlightRequestLimitTest {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger spiCalls = new AtomicInteger();
    private LegacyServer server;

    @AfterEach
    void stop() {
        release.countDown(); // never leave the SPI thread waiting, whatever failed
        if (server != null) {
            server.stop(RecordingClient.TIMEOUT);
        }
    }

    /** Answers ack; an event with {"hold":true} first blocks its thread until the test releases it. */
    private CompletableFuture<IngestAck> ingest(JsonNode event) {
        int call = spiCalls.incrementAndGet();
        if (event.path("hold").asBoolean()) {
            entered.countDown();
            try {
                if (!release.await(RecordingClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    return CompletableFuture.failedFuture(new IllegalStateException("the test never released"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.completedFuture(new IngestAck("evt-" + event.get("n").asInt(), call));
    }

    @Test
    void aRequestPastTheBoundIsRateLimitedUntilTheRunningOneFinishes() throws Exception {
        server = TestEvents.startServer(LegacyServerConfig.builder()
                .clientLimits(ClientLimits.builder().maxInFlightRequests(1).build())
                .producerIngest((event, clientId) -> ingest(event)));
        RecordingClient producer = RecordingClient.open(server, "/ws?client_id=producer");
        producer.next("initial_stats");
        RecordingClient dashboard = RecordingClient.open(server, "/ws?client_id=dashboard");
        dashboard.next("initial_stats");

        producer.send("{\"type\":\"ingest\",\"event\":{\"n\":1,\"hold\":true},\"ref\":\"held\"}");
        assertTrue(entered.await(RecordingClient.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS), "the SPI was not called");

        producer.send("{\"type\":\"ingest\",\"event\":{\"n\":2},\"ref\":\"second\"}");
        JsonNode refused = producer.next("error");
        assertEquals("rate_limited", refused.get("code").asText());
        assertEquals("second", refused.get("ref").asText());
        assertTrue(refused.get("message").asText().contains("(limit 1, maxInFlightRequests)"), refused::toString);
        // One pool for every client and both kinds of request: another client's export is refused as well.
        dashboard.send("{\"type\":\"export\",\"format\":\"json\",\"ref\":\"export-1\"}");
        JsonNode refusedExport = dashboard.next("error");
        assertEquals("rate_limited", refusedExport.get("code").asText());
        assertEquals("export-1", refusedExport.get("ref").asText());
        dashboard.send("{\"type\":\"get_stats\"}");
        JsonNode busy = dashboard.next("stats");
        assertEquals(1, busy.at("/semaphore_metrics/in_flight_requests").asInt());
        assertEquals(1, busy.at("/semaphore_metrics/in_flight_requests_capacity").asInt());
        assertEquals(2, busy.at("/semaphore_metrics/in_flight_refused").asLong());
        assertEquals(0, busy.at("/stats/websocket/rate_limited").asLong(), "counted apart from the per-client limit");
        assertEquals(1, spiCalls.get(), "a refused request never reaches the SPI");
        assertFalse(producer.hasPending(), "the held ingest is still unanswered");

        release.countDown();
        JsonNode ack = producer.next("ack");
        assertEquals("held", ack.get("ref").asText());
        assertEquals("evt-1", ack.get("event_id").asText());
        // The permit is given back before the answer is sent, so the next request is certain to be admitted.
        producer.send("{\"type\":\"ingest\",\"event\":{\"n\":3},\"ref\":\"third\"}");
        JsonNode third = producer.next("ack");
        assertEquals("third", third.get("ref").asText());
        assertEquals("evt-3", third.get("event_id").asText());
        assertEquals(2, third.get("seq").asLong(), "the SPI's second call");
        dashboard.send("{\"type\":\"export\",\"format\":\"json\",\"ref\":\"export-2\"}");
        assertEquals("export-2", dashboard.next("export_complete").get("ref").asText());
        dashboard.send("{\"type\":\"get_stats\"}");
        JsonNode idle = dashboard.next("stats");
        assertEquals(0, idle.at("/semaphore_metrics/in_flight_requests").asInt());
        assertEquals(2, idle.at("/semaphore_metrics/in_flight_refused").asLong(), "nothing refused after the release");
        assertFalse(producer.hasPending());
        assertFalse(dashboard.hasPending());
        producer.close();
        dashboard.close();
    }
}
