package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tandem.adapter.config.Setting;
import dev.tandem.testsupport.Await;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validation runs over HTTP against a running service: closing one with the admin token, listing them, each
 * report as JSON, Markdown and HTML, errors for unknown and malformed ids, and the run in progress kept at stop.
 */
class ValidationRunsApiTest {
    private static final String TOKEN = "admin-token-for-tests-0123456789";
    private static final String BEARER = "Bearer " + TOKEN;
    private static final int EVENTS = 10;
    private static ServiceFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        fixture = ServiceFixture.start("runs_api", Map.of(Setting.ADMIN_TOKEN, TOKEN));
    }

    @AfterAll
    static void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void closingRunsServingThemAndKeepingTheOneInProgressAtStop() throws Exception {
        Http.Reply empty = Http.get(fixture.http("/api/validation/runs"));
        assertEquals(200, empty.status());
        assertEquals(Http.JSON.readTree("{\"runs\":[],\"limit\":50,\"offset\":0,\"next_offset\":null}"), empty.body());
        Http.Reply none = Http.get(fixture.http("/api/validation/latest"));
        assertEquals(404, none.status());
        assertEquals("not_found", none.body().path("error").asText(), none.body().toString());

        ArrayNode events = Http.JSON.createArrayNode();
        for (int i = 0; i < EVENTS; i++) {
            events.addObject().put("connection_type", "redis").put("direction", "inbound").put("response_time_ms", i);
        }
        assertEquals(202, Http.post(fixture.http("/api/events"), Http.JSON.writeValueAsBytes(events)).status());
        Await.until(Duration.ofSeconds(30), () -> fixture.service.validation().orElseThrow().matched() >= EVENTS,
                () -> fixture.service.validation().toString());

        String check = fixture.http("/api/validation/check");
        Http.Raw anonymous = Http.raw(check, "", null, null, "WWW-Authenticate");
        assertEquals(401, anonymous.status(), anonymous.text());
        assertEquals("Bearer realm=\"tandem-admin\"", anonymous.header());
        assertEquals(401, Http.raw(check, "", "Authorization", "Basic " + TOKEN, null).status(), "only a bearer token");
        Http.Raw wrong = Http.raw(check, "", "Authorization", "Bearer " + TOKEN + "x", null);
        assertEquals(403, wrong.status(), wrong.text());
        assertEquals("forbidden", Http.JSON.readTree(wrong.text()).path("error").asText());
        assertFalse(wrong.text().contains(TOKEN), "the token is never echoed");

        Http.Raw closed = Http.raw(check, "", "Authorization", BEARER, "Location");
        assertEquals(201, closed.status(), closed.text());
        JsonNode summary = Http.JSON.readTree(closed.text());
        String id = summary.path("id").asText();
        assertEquals("/api/validation/runs/" + id, closed.header());
        assertEquals(EVENTS, summary.path("totals").path("matched").asLong(), summary.toString());
        assertTrue(summary.path("verdict").asText().matches("GO|NO-GO"), summary.toString());

        JsonNode list = Http.get(fixture.http("/api/validation/runs")).body();
        assertEquals(1, list.path("runs").size(), list.toString());
        assertEquals(summary, list.path("runs").get(0), "the list shows what the close returned");

        for (String path : new String[] {"/api/validation/runs/" + id, "/api/validation/runs/" + id + ".json",
                "/api/validation/latest", "/api/validation/latest.json"}) {
            Http.Raw json = Http.raw(fixture.http(path), null, null, null, null);
            assertEquals(200, json.status(), path);
            assertEquals("application/json", json.contentType(), path);
            JsonNode report = Http.JSON.readTree(json.text());
            assertEquals("tandem.validation.report/1", report.path("schema").asText(), path);
            assertEquals(id, report.path("run").path("id").asText(), path);
            assertEquals(EVENTS, report.path("totals").path("matched").asLong(), path);
        }
        for (String path : new String[] {"/api/validation/runs/" + id + ".md", "/api/validation/latest.md"}) {
            Http.Raw md = Http.raw(fixture.http(path), null, null, null, null);
            assertEquals(200, md.status(), path);
            assertEquals("text/markdown;charset=utf-8", md.contentType().replace(" ", ""), path);
            assertTrue(md.text().startsWith("# Tandem validation run `" + id + "`"), md.text());
        }
        for (String path : new String[] {"/api/validation/runs/" + id + ".html", "/api/validation/latest.html"}) {
            Http.Raw html = Http.raw(fixture.http(path), null, null, null, null);
            assertEquals(200, html.status(), path);
            assertEquals("text/html;charset=utf-8", html.contentType().replace(" ", ""), path);
            assertTrue(html.text().startsWith("<!DOCTYPE html>") && html.text().contains(id), path);
        }

        Http.Reply unknown = Http.get(fixture.http("/api/validation/runs/00000000-0000-4000-8000-000000000000.html"));
        assertEquals(404, unknown.status());
        assertEquals("not_found", unknown.body().path("error").asText(), unknown.body().toString());
        assertTrue(unknown.body().path("message").asText().contains("00000000-0000-4000-8000-000000000000"));
        for (String bad : new String[] {"nope", id + ".pdf", id.substring(1), "1-1-1-1-1"}) {
            Http.Reply malformed = Http.get(fixture.http("/api/validation/runs/" + bad));
            assertEquals(400, malformed.status(), bad);
            assertEquals("bad_run_id", malformed.body().path("error").asText(), bad);
        }
        for (String query : new String[] {"limit=0", "limit=501", "limit=ten", "offset=-1"}) {
            Http.Reply badPage = Http.get(fixture.http("/api/validation/runs?" + query));
            assertEquals(400, badPage.status(), query);
            assertEquals("bad_request", badPage.body().path("error").asText(), query);
        }

        // The close started the next run: it has seen nothing yet.
        JsonNode next = Http.JSON.readTree(Http.raw(check, "", "Authorization", BEARER, null).text());
        assertFalse(id.equals(next.path("id").asText()));
        assertEquals(0, next.path("totals").path("matched").asLong(), next.toString());
        JsonNode page = Http.get(fixture.http("/api/validation/runs?limit=1")).body();
        assertEquals(next.path("id"), page.path("runs").get(0).path("id"), "newest first");
        assertEquals(1, page.path("next_offset").asInt());
        assertEquals(id, Http.get(fixture.http("/api/validation/runs?limit=1&offset=1")).body().path("runs").get(0)
                .path("id").asText());

        fixture.restart();
        assertEquals(3, Http.get(fixture.http("/api/validation/runs")).body().path("runs").size(),
                "the run in progress at stop was closed and kept");
    }

    @Test
    void withoutValidationOrWithoutAnAdminTokenNoRunCanBeClosed() throws Exception {
        try (ServiceFixture off = ServiceFixture.start("runs_api_off", Map.of(Setting.TAP, "off", Setting.ADMIN_TOKEN, TOKEN))) {
            Http.Raw r = Http.raw(off.http("/api/validation/check"), "", "Authorization", BEARER, null);
            assertEquals(409, r.status(), r.text());
            assertEquals("validation_off", Http.JSON.readTree(r.text()).path("error").asText());
            Http.Reply latest = Http.get(off.http("/api/validation/latest.html"));
            assertEquals(404, latest.status());
            assertTrue(latest.body().path("message").asText().contains("validation is off"), latest.body().toString());
            assertEquals(200, Http.get(off.http("/api/validation/runs")).status(), "the kept runs are still served");
        }
        try (ServiceFixture noAdmin = ServiceFixture.start("runs_api_noadmin", Map.of(Setting.TAP, "off"))) {
            Http.Raw r = Http.raw(noAdmin.http("/api/validation/check"), "", "Authorization", BEARER, null);
            assertEquals(403, r.status(), r.text());
            JsonNode body = Http.JSON.readTree(r.text());
            assertEquals("admin_disabled", body.path("error").asText());
            assertTrue(body.path("message").asText().contains("TANDEM_ADMIN_TOKEN"), body.toString());
        }
    }
}
