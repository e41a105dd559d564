package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.adapter.config.Setting;
import dev.tandem.testsupport.Await;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The legacy socket wired into the service with auth on: producers ingest over it through the same path as
 * HTTP, exports come from Postgres, test events come from the HTTP API, and the built-in validator still
 * watches with its own token.
 */
class LegacySocketTest {
    private static final String VIEWER = "viewer-token-0123456789";
    private static final String PRODUCER = "producer-token-0123456789";
    private static ServiceFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServiceFixture.start("legacy_socket", Map.of(Setting.WS_VIEWER_TOKENS, VIEWER,
                Setting.WS_PRODUCER_TOKENS, PRODUCER));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static String ws(String token) {
        return fixture.ws() + "?token=" + token;
    }

    @Test
    void withoutATokenTheHandshakeIsRefusedWith401() throws Exception {
        OkHttpClient client = new OkHttpClient();
        CompletableFuture<Integer> status = new CompletableFuture<>();
        client.newWebSocket(new Request.Builder().url(fixture.ws()).build(), new WebSocketListener() {
            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                status.complete(response == null ? -1 : response.code());
            }
        });
        assertEquals(401, status.get(10, TimeUnit.SECONDS));
        client.dispatcher().executorService().shutdown();
    }

    @Test
    void aProducerIngestsOverTheSocketAndEveryoneSeesItDurably() throws Exception {
        try (WsRecorder viewer = new WsRecorder(ws(VIEWER)); WsRecorder producer = new WsRecorder(ws(PRODUCER))) {
            long rowsBefore = fixture.rows();
            viewer.expectEvents(1);
            producer.send("{\"type\":\"ingest\",\"ref\":\"p1\",\"event\":{\"connection_type\":\"kimi\",\"direction\":\"outbound\","
                    + "\"response_time_ms\":42.5,\"metadata\":{\"via\":\"socket\"}}}");
            JsonNode ack = producer.awaitRef("p1");
            assertEquals("ack", ack.get("type").asText(), ack::toString);
            String id = ack.get("event_id").asText();
            assertTrue(viewer.awaitEvents(Duration.ofSeconds(10)));
            JsonNode seen = viewer.events().get(viewer.events().size() - 1);
            assertEquals(id, seen.get("event_id").asText());
            assertEquals(ack.get("seq").asLong(), seen.get("seq").asLong());
            assertEquals("socket", seen.at("/metadata/via").asText());
            assertEquals(rowsBefore + 1, fixture.rows(), "acked means committed");
            Await.until(Duration.ofSeconds(15), () -> fixture.service.validation().orElseThrow().matched() >= 1,
                    () -> fixture.service.validation().toString());
        }
    }

    @Test
    void badFieldsAndViewersAreRefusedByName() throws Exception {
        try (WsRecorder viewer = new WsRecorder(ws(VIEWER)); WsRecorder producer = new WsRecorder(ws(PRODUCER))) {
            long rowsBefore = fixture.rows();
            producer.send("{\"type\":\"ingest\",\"ref\":\"bad\",\"event\":{\"connection_type\":\"kimi\",\"direction\":\"up\"}}");
            JsonNode error = producer.awaitRef("bad");
            assertEquals("bad_field", error.get("code").asText(), error::toString);
            assertTrue(error.get("message").asText().contains("direction"), error::toString);
            viewer.send("{\"type\":\"ingest\",\"ref\":\"v1\",\"event\":{\"connection_type\":\"kimi\",\"direction\":\"inbound\"}}");
            assertEquals("unauthorized", viewer.awaitRef("v1").get("code").asText());
            assertEquals(rowsBefore, fixture.rows());
        }
    }

    @Test
    void exportsComeFromPostgresInJsonAndCsv() throws Exception {
        Http.Reply posted = Http.post(fixture.http("/api/events"),
                "[{\"connection_type\":\"glm\",\"direction\":\"inbound\",\"error\":\"a, \\\"quoted\\\" error\"},"
                        + "{\"connection_type\":\"glm\",\"direction\":\"outbound\"}]");
        assertEquals(202, posted.status());
        try (WsRecorder viewer = new WsRecorder(ws(VIEWER))) {
            viewer.send("{\"type\":\"export\",\"format\":\"json\",\"ref\":\"j\"}");
            JsonNode json = viewer.awaitRef("j");
            assertEquals("export_complete", json.get("type").asText(), json::toString);
            assertEquals(fixture.rows(), json.get("event_count").asLong());
            JsonNode rows = Http.JSON.readTree(json.get("data").asText());
            assertEquals(fixture.rows(), rows.size());
            assertTrue(rows.findValuesAsText("event_id").contains(posted.body().at("/events/0/event_id").asText()));

            viewer.send("{\"type\":\"export\",\"format\":\"csv\",\"ref\":\"c\"}");
            JsonNode csv = viewer.awaitRef("c");
            String[] lines = csv.get("data").asText().split("\r\n");
            assertEquals(fixture.rows() + 1, lines.length, "header plus one line per row");
            assertTrue(csv.get("data").asText().contains("\"a, \"\"quoted\"\" error\""), csv.get("data").asText());
        }
    }

    @Test
    void theHttpApiTriggersATestEventOnEveryDashboard() throws Exception {
        try (WsRecorder viewer = new WsRecorder(ws(VIEWER))) {
            Http.Reply r = Http.post(fixture.http("/api/test-event"), "{\"message\":\"hello dashboards\"}");
            assertEquals(202, r.status());
            JsonNode t = viewer.await(m -> "test_event".equals(m.path("type").asText()), Duration.ofSeconds(10));
            assertEquals(r.body().get("event_id").asText(), t.get("event_id").asText());
            assertEquals("hello dashboards", t.get("message").asText());
            Http.Reply bad = Http.post(fixture.http("/api/test-event"), "{\"message\":" + "\"" + "x".repeat(300) + "\"}");
            assertEquals(400, bad.status());
            assertEquals("message", bad.body().at("/problems/0/field").asText());
        }
    }
}
