package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.adapter.config.ConfigException;
import dev.tandem.adapter.config.DashboardSettings;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.config.TandemConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's files and reads over real HTTP, without a browser; and its one setting. */
class DashboardApiTest {
    private static final String LOCAL_JS = "/* a stand-in for supabase-js */ window.supabase = {createClient() {}};";
    private static Path js;
    private static ServiceFixture fixture;

    @BeforeAll
    static void up() throws Exception {
        js = Files.createTempFile("supabase-", ".js");
        Files.writeString(js, LOCAL_JS);
        fixture = ServiceFixture.start("dashboard_api", Map.of(Setting.TAP, "off",
                Setting.DASHBOARD_SUPABASE_JS, js.toString()));
    }

    @AfterAll
    static void down() throws Exception {
        fixture.close();
        Files.deleteIfExists(js);
    }

    @Test
    void withLegacyAuthOnTheReadsOfEventsAndFiguresTakeTheSocketsViewerToken() throws Exception {
        String viewer = "viewer-token-0123456789";
        try (ServiceFixture secured = ServiceFixture.start("dashboard_auth", Map.of(Setting.TAP, "off",
                Setting.WS_VIEWER_TOKENS, viewer))) {
            for (String path : new String[] {"/api/events/recent", "/api/stats"}) {
                Http.Reply none = Http.get(secured.http(path));
                assertEquals(401, none.status(), path);
                assertEquals("unauthorized", none.body().path("error").asText());
                assertEquals(401, Http.send("GET", secured.http(path), null, "Authorization", "Bearer wrong-token-0123456789").status());
                assertEquals(200, Http.send("GET", secured.http(path), null, "Authorization", "Bearer " + viewer).status(), path);
                assertEquals(200, Http.get(secured.http(path + "?token=" + viewer)).status(), path);
            }
            assertEquals(200, Http.raw(secured.http("/"), null, null, null, null).status(), "the page itself is open");
        }
        assertEquals(200, Http.get(fixture.http("/api/events/recent")).status(), "open while legacy auth is off");
    }

    @Test
    void thePageAndItsModulesAreServedAtTheRoot() throws Exception {
        Http.Raw page = Http.raw(fixture.http("/"), null, null, null, "Cache-Control");
        assertEquals(200, page.status());
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        assertTrue(page.text().contains("<script type=\"module\" src=\"js/app.js\">"), page.text());
        assertEquals("no-cache", page.header(), "revalidated, so an upgrade shows at once");
        for (String module : List.of("app", "api", "store", "legacy", "realtime", "switcher", "view", "chart")) {
            Http.Raw m = Http.raw(fixture.http("/js/" + module + ".js"), null, null, null, null);
            assertEquals(200, m.status(), module);
            assertTrue(m.contentType().contains("javascript"), module + ": " + m.contentType());
        }
        assertEquals(200, Http.raw(fixture.http("/dashboard.css"), null, null, null, null).status());
        for (String missing : List.of("/js/nope.js", "/js/..%2Fdashboard.css", "/js/x.txt")) {
            Http.Reply r = Http.get(fixture.http(missing));
            assertEquals(404, r.status(), missing);
            assertEquals("not_found", r.body().path("error").asText(), "the API's JSON 404 for " + missing);
        }
        assertEquals("ok", Http.get(fixture.http("/health")).body().path("status").asText(), "the API is unaffected");
    }

    @Test
    void aLocalSupabaseJsIsServedAtItsFixedPathAndNamedInTheConfig() throws Exception {
        JsonNode config = Http.get(fixture.http("/api/dashboard")).body();
        assertEquals(DashboardSettings.LOCAL_SUPABASE_JS_PATH, config.path("supabase_js").asText());
        Http.Raw file = Http.raw(fixture.http(DashboardSettings.LOCAL_SUPABASE_JS_PATH), null, null, null, null);
        assertEquals(200, file.status());
        assertEquals(LOCAL_JS, file.text());
        assertTrue(file.contentType().startsWith("text/javascript"));
    }

    @Test
    void recentEventsAreTheNewestRowsFirstInTheRealtimeShapeAndTheLimitIsBounded() throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < 5; i++) {
            body.append(i == 0 ? "" : ",").append("{\"connection_type\":\"glm\",\"direction\":\"outbound\",\"data_size_bytes\":")
                    .append(100 + i).append(",\"metadata\":{\"i\":").append(i).append("}}");
        }
        JsonNode posted = Http.post(fixture.http("/api/events"), body.append(']').toString()).body().path("events");
        JsonNode rows = Http.get(fixture.http("/api/events/recent?limit=3")).body().path("events");
        assertEquals(3, rows.size());
        List<String> ids = new ArrayList<>();
        rows.forEach(r -> ids.add(r.path("event_id").asText()));
        assertEquals(List.of(posted.get(4).path("event_id").asText(), posted.get(3).path("event_id").asText(),
                posted.get(2).path("event_id").asText()), ids, "newest first");
        JsonNode newest = rows.get(0);
        assertEquals(posted.get(4).path("seq").asLong(), newest.path("seq").asLong());
        assertEquals(104, newest.path("data_size_bytes").asLong());
        assertEquals(4, newest.path("metadata").path("i").asInt(), "metadata is JSON, as Realtime delivers jsonb");
        assertTrue(java.time.OffsetDateTime.parse(newest.path("ingested_at").asText()).getYear() > 2000, newest.toString());
        assertTrue(newest.path("response_time_ms").isNull());

        for (String bad : List.of("0", "501", "ten")) {
            Http.Reply r = Http.get(fixture.http("/api/events/recent?limit=" + bad));
            assertEquals(400, r.status(), bad);
            assertEquals("limit", r.body().path("problems").get(0).path("field").asText());
        }
        assertEquals(200, Http.get(fixture.http("/api/events/recent?limit=500")).status());
        JsonNode stats = Http.get(fixture.http("/api/stats")).body();
        assertTrue(stats.path("stats").path("glm").path("events").asLong() >= 5, stats.toString());
        assertTrue(stats.has("websocket_health") && stats.has("session_metrics"), "the legacy figures' sections");
    }

    @Test
    void theSettingTakesAUrlOrAReadableFileAndNamesItselfOtherwise() {
        TandemConfig defaults = TandemConfig.resolve(Map.of(), name -> null);
        assertEquals(DashboardSettings.DEFAULT_SUPABASE_JS, defaults.dashboard().supabaseJsUrl());
        assertNull(defaults.dashboard().supabaseJsFile());
        ConfigException e = assertThrows(ConfigException.class, () -> TandemConfig.resolve(
                Map.of(Setting.DASHBOARD_SUPABASE_JS, "/nowhere/supabase.js"), name -> null));
        assertTrue(e.getMessage().startsWith("TANDEM_DASHBOARD_SUPABASE_JS (--dashboard-supabase-js) must be an http(s)"
                + " URL or a readable file"), e.getMessage());
        assertTrue(e.getMessage().contains("no readable file at /nowhere/supabase.js"), e.getMessage());
    }
}
