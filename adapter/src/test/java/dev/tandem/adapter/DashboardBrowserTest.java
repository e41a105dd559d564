package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.adapter.config.Setting;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TcpProxy;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard at {@code /} in headless Chromium against the running service: legacy mode (events, cards, a
 * dropped connection resumed without a gap) and a rollout moving the open page to Realtime and back with the kill
 * switch. The page reaches the legacy socket through a {@link TcpProxy} (the transport answer's URL), so a test can
 * cut its connection as a network would. Realtime itself is a closed port here: the page goes there, finds no
 * server, and must still lose nothing when it comes back.
 */
class DashboardBrowserTest {
    private static final String TOKEN = "admin-token-0123456789";
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** supabase-js' UMD build from npm (adapter/src/test/node), served by the adapter as the dashboard's copy. */
    static final Path SUPABASE_JS = Path.of("src/test/node/node_modules/@supabase/supabase-js/dist/umd/supabase.js");
    private static TcpProxy legacyPath;
    private static ServiceFixture fixture;
    private static int closedPort;

    @BeforeAll
    static void up() throws Exception {
        int wsPort = freePort();
        closedPort = freePort(); // nothing listens there: "Realtime" is unreachable in this class
        legacyPath = new TcpProxy("127.0.0.1", wsPort);
        Map<Setting, String> settings = new LinkedHashMap<>(Map.of(Setting.TAP, "off", Setting.ADMIN_TOKEN, TOKEN,
                Setting.WS_PORT, Integer.toString(wsPort),
                Setting.PUBLIC_WS_URL, "ws://127.0.0.1:" + legacyPath.port() + "/ws",
                Setting.DASHBOARD_REALTIME_URL, "http://127.0.0.1:" + closedPort,
                Setting.DASHBOARD_ANON_KEY, "anon-key-for-tests"));
        if (Files.isRegularFile(SUPABASE_JS)) {
            settings.put(Setting.DASHBOARD_SUPABASE_JS, SUPABASE_JS.toString());
        } else if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("no supabase-js at " + SUPABASE_JS.toAbsolutePath()
                    + "; install it with npm ci --prefix adapter/src/test/node (bash .ci/run does it)");
        }
        fixture = ServiceFixture.start("dashboard_browser", settings);
        // A GO run (older than the one the switching test adds) so a test may set CANARY whichever runs first.
        fixture.db.execute("INSERT INTO validation_runs (id, started_at, ended_at, verdict, report) VALUES"
                + " (gen_random_uuid(), now() - interval '3 hours', now() - interval '2 hours', 'GO',"
                + " '{\"verdict\": {\"result\": \"GO\"}}')");
    }

    @AfterAll
    static void down() throws Exception {
        if (fixture != null) {
            fixture.close();
        }
        legacyPath.close();
    }

    @Test
    void legacyModeShowsPostedEventsWithMatchingCardsAndResumesAfterADroppedConnection() throws Exception {
        try (Browser b = Browser.open()) {
            b.driver.get(fixture.http("/?client_id=legacy-page"));
            awaitTransport(b, "legacy");
            Random random = new Random(42);
            List<String> ids = new ArrayList<>(post(random, 20, "redis", "kimi"));
            awaitRows(b, ids);
            awaitCard(b, "redis", ids.size(), "redis", "kimi");

            // The path to the server drops (a TCP reset); events go on while the page is away.
            long resumesBefore = stats().path("stats").path("websocket").path("retry").path("resumes").asLong();
            legacyPath.cut();
            Await.until(WAIT, () -> b.text("#status").contains("reconnecting"), () -> "status: " + b.text("#status"));
            ids.addAll(post(random, 15, "redis", "kimi"));
            legacyPath.restore();
            awaitRows(b, ids);
            awaitCard(b, "kimi", ids.size(), "redis", "kimi");
            assertTrue(((Number) b.js("window.tandemDashboard.reconnects()")).longValue() >= 1, "it reconnected");
            assertTrue(stats().path("stats").path("websocket").path("retry").path("resumes").asLong() > resumesBefore,
                    "by resuming after its last seq");

            b.driver.findElement(org.openqa.selenium.By.id("filter-errors")).click();
            String rows = "Array.from(document.querySelectorAll('#events tbody tr'))";
            Await.until(WAIT, () -> Boolean.TRUE.equals(b.js(rows + ".every(r => r.classList.contains('error'))"
                    + " && " + rows + ".length > 0 && " + rows + ".length < " + ids.size())),
                    () -> "only the errors are shown: " + b.text("#shown"));
            b.driver.findElement(org.openqa.selenium.By.id("filter-errors")).click();
            awaitRows(b, ids);
            b.screenshot("dashboard-legacy");
        }
    }

    @Test
    void aRolloutChangeMovesTheOpenPageToRealtimeAndTheKillSwitchBackWithoutMissingOrDuplicateRows() throws Exception {
        fixture.db.execute("INSERT INTO validation_runs (id, started_at, ended_at, verdict, report) VALUES"
                + " (gen_random_uuid(), now() - interval '1 hour', now(), 'GO', '{\"verdict\": {\"result\": \"GO\"},"
                + " \"capacity\": {\"realtime_messages_per_second\": 240, \"plans\": [{\"name\": \"free\","
                + " \"messages_per_second_quota\": 100, \"over\": true}, {\"name\": \"pro\","
                + " \"messages_per_second_quota\": 500, \"over\": false}]}}')");
        String page = "switching-page";
        try (Browser b = Browser.open()) {
            // No periodic re-check during the test: the move to Realtime must come from transport_change. No
            // fallback either: the page is to stay on (unreachable) Realtime until the kill switch moves it.
            b.driver.get(fixture.http("/?recheck=3600&realtime_timeout=3600&client_id=" + page));
            awaitTransport(b, "legacy");
            Random random = new Random(7);
            List<String> ids = new ArrayList<>(post(random, 10, "glm", "supabase"));
            awaitRows(b, ids);

            assertEquals(200, admin("POST", "/api/stage", "{\"action\": \"set\", \"stage\": \"CANARY\", \"percentage\": 0.01}").status());
            assertEquals(200, admin("PUT", "/api/flags/REALTIME_CLIENTS",
                    "{\"parameters\": {\"percentage\": \"0.01\", \"allow\": \"" + page + "\"}}").status());
            awaitTransport(b, "realtime");
            Await.until(WAIT, () -> "realtime".equals(b.text("#migration [data-field=own-transport]"))
                    && b.text("#migration").contains("quota free\n100 msg/s: over")
                    && b.text("#migration").contains("quota pro\n500 msg/s: within")
                    && b.text("#migration").contains("allowed: client_id is on the allow list"),
                    () -> "migration panel: " + b.text("#migration"));
            assertEquals("/api/validation/latest.html", b.js("document.querySelector('#migration a').getAttribute('href')"));
            assertEquals("GO", b.text("#migration a"));
            if (Files.isRegularFile(SUPABASE_JS)) {
                Await.until(WAIT, () -> Boolean.TRUE.equals(b.js("typeof window.supabase?.createClient === 'function'")),
                        () -> "supabase-js loaded from " + dev.tandem.adapter.config.DashboardSettings.LOCAL_SUPABASE_JS_PATH + "; status " + b.text("#status"));
            }
            // Realtime is unreachable here, so these arrive only through the legacy resume after the switch back.
            ids.addAll(post(random, 10, "glm", "supabase"));
            b.screenshot("dashboard-realtime");

            assertEquals(200, admin("PUT", "/api/flags/KILL_SWITCH", "{\"enabled\": true, \"reason\": \"browser test\"}").status());
            // On Realtime the page has no legacy socket to be told on: its re-check of /api/transport brings it back.
            b.js("window.tandemDashboard.recheck()");
            awaitTransport(b, "legacy");
            ids.addAll(post(random, 5, "glm", "supabase"));
            awaitRows(b, ids);
            assertEquals(2L, ((Number) b.js("window.tandemDashboard.switches()")).longValue());
            awaitCard(b, "glm", ids.size(), "glm", "supabase");
        } finally {
            admin("PUT", "/api/flags/KILL_SWITCH", "{\"enabled\": false}");
            admin("POST", "/api/stage", "{\"action\": \"set\", \"stage\": \"SHADOW\"}");
        }
    }

    @Test
    void aPageThatCannotReachRealtimeFallsBackToLegacyWithinTheBoundAndTriesAgainAtTheNextCheck() throws Exception {
        String page = "fallback-page";
        int timeoutSeconds = 2;
        try (Browser b = Browser.open()) {
            // No periodic re-check: the move to Realtime comes from transport_change, the retry from recheck().
            b.driver.get(fixture.http("/?recheck=3600&realtime_timeout=" + timeoutSeconds + "&client_id=" + page));
            awaitTransport(b, "legacy");
            Random random = new Random(11);
            List<String> ids = new ArrayList<>(post(random, 5, "redis", "glm"));
            awaitRows(b, ids);
            assertEquals("false", b.js("document.querySelector('#transport').dataset.fallback"));

            assertEquals(200, admin("POST", "/api/stage", "{\"action\": \"set\", \"stage\": \"CANARY\", \"percentage\": 0.01}").status());
            assertEquals(200, admin("PUT", "/api/flags/REALTIME_CLIENTS",
                    "{\"parameters\": {\"percentage\": \"0.01\", \"allow\": \"" + page + "\"}}").status());
            Await.until(WAIT, () -> ((Number) b.js("window.tandemDashboard.switches()")).intValue() >= 1,
                    () -> "moved to Realtime; status " + b.text("#status"));
            // Posted while the page is on (unreachable) Realtime: only legacy's resume after the fallback brings them.
            ids.addAll(post(random, 10, "redis", "glm"));
            awaitFallback(b, 1, timeoutSeconds);
            ids.addAll(post(random, 5, "redis", "glm"));
            awaitRows(b, ids);
            assertEquals(2L, ((Number) b.js("window.tandemDashboard.switches()")).longValue(), "to Realtime and back");
            b.screenshot("dashboard-fallback");

            // The next check still says Realtime: the page tries it again, and falls back again, losing nothing.
            b.js("window.tandemDashboard.recheck()");
            Await.until(WAIT, () -> b.js("window.tandemDashboard.fallback()") == null,
                    () -> "a new try clears the fallback: " + b.text("#migration"));
            ids.addAll(post(random, 10, "redis", "glm"));
            awaitFallback(b, 2, timeoutSeconds);
            awaitRows(b, ids);

            // Once the rollout itself says legacy, the page is simply on legacy: no fallback shown any more.
            assertEquals(200, admin("POST", "/api/stage", "{\"action\": \"set\", \"stage\": \"SHADOW\"}").status());
            b.js("window.tandemDashboard.recheck()");
            Await.until(WAIT, () -> "false".equals(b.js("document.querySelector('#transport').dataset.fallback"))
                    && "none".equals(b.text("#migration [data-field=fallback]")),
                    () -> "badge " + b.text("#transport") + ", migration " + b.text("#migration"));
            assertEquals("legacy", b.js("window.tandemDashboard.transport()"));
            assertEquals("2", b.text("#health [data-field=own-fallbacks]"), "the page's own count stays");
        } finally {
            admin("POST", "/api/stage", "{\"action\": \"set\", \"stage\": \"SHADOW\"}");
        }
    }

    /**
     * The page is on legacy by itself, as the {@code n}th fallback, after about the bound (not at the first error,
     * not much later), and says why in the badge, the header and the migration panel.
     */
    private static void awaitFallback(Browser b, int n, int timeoutSeconds) {
        Await.until(WAIT, () -> ((Number) b.js("window.tandemDashboard.fallbacks()")).intValue() == n
                && "legacy".equals(b.js("window.tandemDashboard.transport()")),
                () -> "fallback " + n + ": transport " + b.js("window.tandemDashboard.transport()") + ", status "
                        + b.text("#status") + ", fallbacks " + b.js("window.tandemDashboard.fallbacks()"));
        long afterMs = ((Number) b.js("window.tandemDashboard.fallback().afterMs")).longValue();
        assertTrue(afterMs >= timeoutSeconds * 1000L - 50 && afterMs < timeoutSeconds * 1000L + 5000,
                "fell back " + afterMs + " ms after starting Realtime, bound " + timeoutSeconds + " s");
        Await.until(WAIT, () -> "true".equals(b.js("document.querySelector('#transport').dataset.fallback"))
                && "legacy (fallback)".equals(b.text("#transport"))
                && String.valueOf(b.text("#fallback")).startsWith("realtime unreachable: ")
                && String.valueOf(b.text("#fallback")).endsWith("; on legacy until the next transport check")
                && String.valueOf(b.text("#migration [data-field=fallback]")).startsWith("realtime unreachable: ")
                && String.valueOf(b.text("#health [data-field=own-fallbacks]")).equals(Integer.toString(n)),
                () -> "badge " + b.text("#transport") + ", header " + b.text("#fallback") + ", migration "
                        + b.text("#migration") + ", health " + b.text("#health"));
    }

    /** Every posted id is a row, each exactly once (the table's order aside). */
    private static void awaitRows(Browser b, List<String> ids) {
        Await.until(WAIT, () -> {
            List<?> shown = (List<?>) b.js("Array.from(document.querySelectorAll('#events tbody tr')).map(r => r.dataset.eventId)");
            return shown.size() == new HashSet<>(shown).size() && new HashSet<>(shown).containsAll(ids)
                    && shown.size() == ((Number) b.js("window.tandemDashboard.accepted()")).intValue();
        }, () -> "rows: want " + ids.size() + " ids, the table has "
                + b.js("Array.from(document.querySelectorAll('#events tbody tr')).map(r => r.dataset.eventId)"));
    }

    /** The cards of both types together count {@code total} events (they split the posted ones by type). */
    private static void awaitCard(Browser b, String shownFirst, int total, String... types) {
        Await.until(WAIT, () -> {
            long sum = 0;
            for (String t : types) {
                String v = b.text("#cards [data-type=" + t + "] [data-field=events]");
                if (v == null) {
                    return false;
                }
                sum += Long.parseLong(v.replace(",", ""));
            }
            return sum == total;
        }, () -> "cards: " + b.text("#cards") + "; want " + total + " events over " + List.of(types));
        assertTrue(b.text("#cards [data-type=" + shownFirst + "]") != null);
    }

    private static void awaitTransport(Browser b, String transport) {
        Await.until(WAIT, () -> transport.equals(b.js("window.tandemDashboard && window.tandemDashboard.transport()")),
                () -> "transport: " + b.js("window.tandemDashboard && window.tandemDashboard.transport()")
                        + ", status: " + b.text("#status"));
    }

    /** Posts {@code n} events of the given types, about a fifth with an error; returns their ids. */
    private static List<String> post(Random random, int n, String... types) throws Exception {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"connection_type\":\"").append(types[random.nextInt(types.length)])
                    .append("\",\"direction\":\"").append(random.nextBoolean() ? "inbound" : "outbound")
                    .append("\",\"script_name\":\"browser_test\",\"data_size_bytes\":").append(random.nextInt(4096))
                    .append(",\"response_time_ms\":").append(random.nextInt(300))
                    .append(random.nextInt(5) == 0 ? ",\"error\":\"timeout\"" : "").append('}');
        }
        Http.Reply r = Http.post(fixture.http("/api/events"), body.append(']').toString());
        assertEquals(202, r.status(), r.body()::toString);
        List<String> ids = new ArrayList<>();
        r.body().path("events").forEach(e -> ids.add(e.path("event_id").asText()));
        return ids;
    }

    private static JsonNode stats() throws Exception {
        return Http.get(fixture.http("/api/stats")).body();
    }

    private static Http.Reply admin(String method, String path, String body) throws Exception {
        return Http.send(method, fixture.http(path), body, "Authorization", "Bearer " + TOKEN);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
