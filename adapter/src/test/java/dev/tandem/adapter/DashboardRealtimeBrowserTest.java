package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.adapter.config.Setting;
import dev.tandem.realtimebridge.local.DevKeys;
import dev.tandem.realtimebridge.local.LocalRealtimeConfig;
import dev.tandem.realtimebridge.local.LocalRealtimeServer;
import dev.tandem.realtimebridge.tap.ReplicationTap;
import dev.tandem.realtimebridge.tap.TapConfig;
import dev.tandem.testsupport.Await;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The dashboard on Realtime through the local endpoint (issue 8) and the real supabase-js: events posted after it
 * subscribed arrive live through Postgres Changes, each once, and the kill switch brings it back to legacy with
 * nothing missing.
 */
class DashboardRealtimeBrowserTest {
    private static final String TOKEN = "admin-token-0123456789";
    private static final String SECRET = "dashboard-realtime-test-secret-of-32-bytes-or-more";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void onRealtimeThePostedEventsArriveLiveAndTheKillSwitchBringsThePageBackWithoutGapsOrDuplicates() throws Exception {
        int rtPort;
        try (ServerSocket s = new ServerSocket(0)) {
            rtPort = s.getLocalPort();
        }
        String page = "realtime-page";
        try (ServiceFixture f = ServiceFixture.start("dashboard_realtime", Map.of(Setting.TAP, "off",
                Setting.ADMIN_TOKEN, TOKEN, Setting.REALTIME_ANON_READ, "true",
                Setting.DASHBOARD_REALTIME_URL, "http://127.0.0.1:" + rtPort,
                Setting.DASHBOARD_ANON_KEY, DevKeys.sign(SECRET, "anon", Duration.ofHours(1)),
                Setting.DASHBOARD_SUPABASE_JS, DashboardBrowserTest.SUPABASE_JS.toString()))) {
            String slot = "rt_" + f.db.name();
            LocalRealtimeServer realtime = LocalRealtimeServer.start(LocalRealtimeConfig.builder().port(rtPort)
                    .jwtSecret(SECRET).database(f.db.jdbcUrl(), f.db.user(), f.db.password()).build());
            try (Browser b = Browser.open()) {
                realtime.startTap(TapConfig.builder().jdbcUrl(f.db.jdbcUrl()).user(f.db.user()).password(f.db.password())
                        .slotName(slot).statusInterval(Duration.ofSeconds(1)).build());
                f.db.execute("INSERT INTO validation_runs (id, started_at, ended_at, verdict, report) VALUES"
                        + " (gen_random_uuid(), now() - interval '1 hour', now(), 'GO', '{\"verdict\": {\"result\": \"GO\"}}')");
                b.driver.get(f.http("/?recheck=1&client_id=" + page));
                Await.until(WAIT, () -> "legacy".equals(b.js("window.tandemDashboard && window.tandemDashboard.transport()")),
                        () -> "status " + b.text("#status"));
                List<String> ids = new ArrayList<>(post(f, "[{\"connection_type\":\"redis\",\"direction\":\"inbound\"}]"));

                assertEquals(200, admin(f, "POST", "/api/stage", "{\"action\": \"set\", \"stage\": \"CANARY\", \"percentage\": 0.01}").status());
                assertEquals(200, admin(f, "PUT", "/api/flags/REALTIME_CLIENTS",
                        "{\"parameters\": {\"percentage\": \"0.01\", \"allow\": \"" + page + "\"}}").status());
                Await.until(WAIT, () -> String.valueOf(b.text("#status")).startsWith("realtime: subscribed"),
                        () -> "status " + b.text("#status"));
                // Posted after SUBSCRIBED: only Postgres Changes can bring these (the catch-up read came before).
                ids.addAll(post(f, "[{\"connection_type\":\"redis\",\"direction\":\"inbound\"},"
                        + "{\"connection_type\":\"kimi\",\"direction\":\"outbound\",\"error\":\"boom\"}]"));
                awaitAll(b, ids);
                b.screenshot("dashboard-realtime-live");

                assertEquals(200, admin(f, "PUT", "/api/flags/KILL_SWITCH", "{\"enabled\": true}").status());
                Await.until(WAIT, () -> "legacy".equals(b.js("window.tandemDashboard.transport()")), () -> "status " + b.text("#status"));
                ids.addAll(post(f, "[{\"connection_type\":\"glm\",\"direction\":\"inbound\"}]"));
                awaitAll(b, ids);
                assertTrue(((Number) b.js("window.tandemDashboard.switches()")).intValue() == 2);
            } finally {
                realtime.close();
                ReplicationTap.dropSlot(f.db.jdbcUrl(), f.db.user(), f.db.password(), slot);
            }
        }
    }

    private static void awaitAll(Browser b, List<String> ids) {
        Await.until(WAIT, () -> {
            List<?> shown = (List<?>) b.js("Array.from(document.querySelectorAll('#events tbody tr')).map(r => r.dataset.eventId)");
            return shown.size() == new HashSet<>(shown).size() && new HashSet<>(shown).containsAll(ids);
        }, () -> "want " + ids + ", shown " + b.js("window.tandemDashboard.eventIds()") + ", status " + b.text("#status"));
    }

    private static List<String> post(ServiceFixture f, String body) throws Exception {
        Http.Reply r = Http.post(f.http("/api/events"), body);
        assertEquals(202, r.status(), r.body()::toString);
        List<String> ids = new ArrayList<>();
        r.body().path("events").forEach(e -> ids.add(e.path("event_id").asText()));
        return ids;
    }

    private static Http.Reply admin(ServiceFixture f, String method, String path, String body) throws Exception {
        return Http.send(method, f.http(path), body, "Authorization", "Bearer " + TOKEN);
    }
}
