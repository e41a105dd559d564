package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.event.IngestLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each rule of POST /api/events over real HTTP: 400, the field named, and nothing written or broadcast.
 * "Nothing broadcast" is shown without waiting: after the bad requests one good event is posted, and it
 * must be the first (and only) event a dashboard connected beforehand receives.
 */
class BadInputTest {
    private static ServiceFixture fixture;
    private static WsRecorder dashboard;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServiceFixture.start("bad_input", Map.of(Setting.TAP, "off"));
        dashboard = new WsRecorder(fixture.ws());
    }

    @AfterAll
    static void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private static JsonNode refused(String body, String field) throws Exception {
        return refused(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), field);
    }

    private static JsonNode refused(byte[] body, String field) throws Exception {
        long rowsBefore = fixture.rows();
        Http.Reply r = Http.post(fixture.http("/api/events"), body);
        assertEquals(400, r.status(), () -> String.valueOf(r.body()));
        JsonNode problem = r.body().get("problems").get(0);
        assertEquals(field, problem.get("field").asText(), r.body()::toString);
        assertTrue(r.body().get("message").asText().contains(field), r.body()::toString);
        assertEquals(rowsBefore, fixture.rows(), "nothing written");
        return r.body();
    }

    @Test
    void anUnknownRouteAnswersTheJsonErrorNamingIt() throws Exception {
        Http.Reply r = Http.get(fixture.http("/api/nope"));
        assertEquals(404, r.status());
        assertEquals("not_found", r.body().path("error").asText());
        assertEquals("no route for GET /api/nope", r.body().path("message").asText());
        Http.Reply run = Http.get(fixture.http("/api/validation/runs/0192f3c4-0000-7000-8000-000000000000"));
        assertEquals(404, run.status());
        assertEquals("no validation run 0192f3c4-0000-7000-8000-000000000000", run.body().path("message").asText(),
                "a route's own 404 keeps its answer");
    }

    @Test
    void missingRequiredField() throws Exception {
        JsonNode b = refused("{\"direction\":\"inbound\"}", "connection_type");
        assertEquals(0, b.at("/problems/0/item").asInt());
        assertTrue(b.at("/problems/0/rule").asText().contains("required"));
        refused("{\"connection_type\":\"redis\"}", "direction");
    }

    @Test
    void wrongTypeNamesTheItemInAnArray() throws Exception {
        JsonNode b = refused("[{\"connection_type\":\"redis\",\"direction\":\"inbound\"},"
                + "{\"connection_type\":\"redis\",\"direction\":\"inbound\",\"data_size_bytes\":\"big\"}]", "data_size_bytes");
        assertEquals(1, b.at("/problems/0/item").asInt());
        assertTrue(b.get("message").asText().startsWith("events[1].data_size_bytes"), b::toString);
        refused("{\"connection_type\":\"redis\",\"direction\":\"inbound\",\"metadata\":[1]}", "metadata");
        refused("{\"connection_type\":\"redis\",\"direction\":\"sideways\"}", "direction");
        refused("{\"connection_type\":\"redis\",\"direction\":\"inbound\",\"response_time_ms\":-1}", "response_time_ms");
        refused("{\"connection_type\":\"redis\",\"direction\":\"inbound\",\"occurred_at\":\"yesterday\"}", "occurred_at");
        refused("{\"connection_type\":\"redis\",\"direction\":\"inbound\",\"event_id\":\"nope\"}", "event_id");
        refused("{\"connection_type\":\"redis\",\"direction\":\"inbound\",\"colour\":\"red\"}", "colour");
        refused("{\"connection_type\":\"redis\",\"direction\":\"inbound\",\"error\":\"a\\u0000b\"}", "error");
    }

    @Test
    void oversizedFieldAndOversizedBody() throws Exception {
        String longName = "x".repeat(IngestLimits.DEFAULT_MAX_NAME_CHARS + 1);
        JsonNode b = refused("{\"connection_type\":\"redis\",\"direction\":\"inbound\",\"script_name\":\"" + longName + "\"}",
                "script_name");
        assertTrue(b.at("/problems/0/rule").asText().contains(String.valueOf(IngestLimits.DEFAULT_MAX_NAME_CHARS)));

        byte[] huge = new byte[IngestLimits.DEFAULT_MAX_BODY_BYTES + 10];
        Arrays.fill(huge, (byte) ' ');
        huge[0] = '[';
        huge[huge.length - 1] = ']';
        b = refused(huge, "body");
        assertTrue(b.at("/problems/0/rule").asText().contains(String.valueOf(IngestLimits.DEFAULT_MAX_BODY_BYTES)), b::toString);
    }

    @Test
    void malformedJson() throws Exception {
        JsonNode b = refused("{\"connection_type\": \"redis\", ", "body");
        assertEquals("bad_json", b.get("error").asText());
        refused("{\"connection_type\":\"redis\",\"connection_type\":\"glm\",\"direction\":\"inbound\"}", "body");
    }

    @Test
    void emptyArrayAndNonObjects() throws Exception {
        JsonNode b = refused("[]", "body");
        assertTrue(b.at("/problems/0/rule").asText().contains("at least one"));
        refused("42", "body");
        refused("[42]", "event");
    }

    @Test
    void oneBadItemRefusesTheWholeRequest() throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 20; i++) {
            body.append("{\"connection_type\":\"redis\",\"direction\":\"inbound\"},");
        }
        body.append("{\"connection_type\":\"redis\"}]");
        JsonNode b = refused(body.toString(), "direction");
        assertEquals(20, b.at("/problems/0/item").asInt());
    }

    @Test
    void duplicateProducerIdsInOneRequest() throws Exception {
        String id = "0192f3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d";
        String one = "{\"event_id\":\"" + id + "\",\"connection_type\":\"redis\",\"direction\":\"inbound\"}";
        refused("[" + one + "," + one + "]", "event_id");
    }

    /** Holds in any test order: no bad request of this class may broadcast, write or take a seq. */
    @Test
    void aGoodEventAfterBadOnesIsTheFirstAnyDashboardSees() throws Exception {
        refused("{\"direction\":\"inbound\"}", "connection_type");
        dashboard.expectEvents(1);
        Http.Reply ok = Http.post(fixture.http("/api/events"), "{\"connection_type\":\"glm\",\"direction\":\"outbound\"}");
        assertEquals(202, ok.status());
        assertTrue(dashboard.awaitEvents(Duration.ofSeconds(10)));
        assertEquals(1, dashboard.events().size(), "bad requests broadcast nothing");
        assertEquals(1, dashboard.events().get(0).get("seq").asLong(), "bad requests consumed no seq");
        assertEquals(1, fixture.rows());
    }
}
