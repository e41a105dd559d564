package dev.tandem.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.adapter.config.Setting;
import dev.tandem.adapter.rollout.RolloutStrategy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rollout through the running service: real HTTP requests and real legacy sockets. */
class RolloutApiTest {
    private static final String TOKEN = "admin-token-0123456789";
    private static ServiceFixture fixture;

    @BeforeAll
    static void up() throws Exception {
        fixture = ServiceFixture.start("rollout_api", Map.of(Setting.TAP, "off", Setting.ADMIN_TOKEN, TOKEN));
    }

    @AfterAll
    static void down() {
        fixture.close();
    }

    @BeforeEach
    void backToShadow() throws Exception {
        fixture.db.execute("DELETE FROM validation_runs");
        admin("PUT", "/api/flags/KILL_SWITCH", "{\"enabled\": false}");
        admin("PUT", "/api/flags/AUTO_ROLLBACK", "{\"enabled\": false}");
        admin("POST", "/api/stage", "{\"action\": \"set\", \"stage\": \"SHADOW\"}");
    }

    @Test
    void adminEndpointsRefuseWithoutTheTokenAndWithAWrongOne() throws Exception {
        String[][] endpoints = {{"GET", "/api/flags"}, {"PUT", "/api/flags/KILL_SWITCH"}, {"POST", "/api/stage"},
                {"GET", "/api/flags/audit"}};
        for (String[] e : endpoints) {
            Http.Reply none = Http.send(e[0], fixture.http(e[1]), "{\"enabled\": true, \"action\": \"advance\"}");
            assertEquals(401, none.status(), e[0] + " " + e[1]);
            assertEquals("unauthorized", none.body().path("error").asText());
            Http.Reply wrong = Http.send(e[0], fixture.http(e[1]), "{\"enabled\": true, \"action\": \"advance\"}",
                    "Authorization", "Bearer not-the-admin-token-at-all");
            assertEquals(403, wrong.status(), e[0] + " " + e[1]);
            assertFalse(wrong.body().toString().contains(TOKEN));
        }
        assertEquals(false, admin("GET", "/api/flags", null).body().path("flags").get(4).path("enabled").asBoolean(),
                "nothing was changed by the refused requests: KILL_SWITCH still off");
        assertEquals(200, Http.get(fixture.http("/api/stage")).status(), "reading the stage needs no token");
    }

    @Test
    void dashboardsAreToldWhenTheirTransportChangesAndTheKillSwitchSendsEveryoneBack() throws Exception {
        Http.Reply noId = Http.get(fixture.http("/api/transport"));
        assertEquals(400, noId.status());
        assertEquals("client_id", noId.body().path("problems").get(0).path("field").asText());

        JsonNode t = Http.get(fixture.http("/api/transport?client_id=d1")).body();
        assertEquals("legacy", t.path("transport").asText());
        assertEquals("realtime_clients_off", t.path("reason").asText());
        assertEquals("SHADOW", t.path("stage").asText());
        assertEquals(fixture.ws(), t.path("legacy").path("url").asText());
        assertEquals("postgres_changes", t.path("realtime").path("mode").asText());
        assertEquals("monitoring_events", t.path("realtime").path("table").asText());

        String in = clientWithBucket(true);
        String out = clientWithBucket(false);
        fixture.db.execute("INSERT INTO validation_runs (id, started_at, ended_at, verdict, report) VALUES"
                + " (gen_random_uuid(), now() - interval '1 hour', now(), 'GO', '{\"verdict\": {\"result\": \"GO\"}}')");
        try (WsRecorder inside = new WsRecorder(fixture.ws() + "?client_id=" + in);
             WsRecorder outside = new WsRecorder(fixture.ws() + "?client_id=" + out)) {
            Http.Reply canary = Http.send("POST", fixture.http("/api/stage"),
                    "{\"action\": \"set\", \"stage\": \"CANARY\", \"percentage\": 25, \"reason\": \"first canary\"}",
                    "Authorization", "Bearer " + TOKEN, "X-Tandem-Actor", "carol");
            assertEquals(200, canary.status(), canary.body()::toString);
            assertEquals("CANARY", canary.body().path("stage").asText());
            JsonNode moved = inside.await(m -> "transport_change".equals(m.path("type").asText()), Duration.ofSeconds(10));
            assertEquals("realtime", moved.path("transport").asText());
            assertEquals("legacy", moved.path("from").asText());
            assertEquals("in_rollout", moved.path("reason").asText());
            assertEquals("realtime", transport(in).path("transport").asText());

            admin("PUT", "/api/flags/KILL_SWITCH", "{\"enabled\": true, \"reason\": \"incident 42\"}");
            JsonNode killed = transport(in);
            assertEquals("legacy", killed.path("transport").asText(), "at once, without waiting for any cache");
            assertEquals("kill_switch", killed.path("reason").asText());
            awaitChanges(inside, 2);
            admin("PUT", "/api/flags/KILL_SWITCH", "{\"enabled\": false}");
            awaitChanges(inside, 3);

            admin("PUT", "/api/flags/AUTO_ROLLBACK", "{\"enabled\": true}");
            assertTrue(fixture.service.rollout().onVerdict("run-1", "NO-GO", List.of("missing_on_realtime 2 > 0")).isPresent());
            awaitChanges(inside, 4);
            JsonNode stage = Http.get(fixture.http("/api/stage")).body();
            assertEquals("SHADOW", stage.path("stage").asText());
            assertEquals(0.0, stage.path("realtime_percentage").asDouble());

            List<JsonNode> changes = inside.messages("transport_change");
            assertEquals(List.of("realtime", "legacy", "realtime", "legacy"),
                    changes.stream().map(m -> m.path("transport").asText()).toList());
            outside.send("{\"type\": \"get_stats\", \"ref\": \"after\"}");
            outside.awaitRef("after");
            assertEquals(List.of(), outside.messages("transport_change"), "its transport never changed");

            JsonNode audit = admin("GET", "/api/flags/audit?limit=50", null).body().path("entries");
            assertEquals("auto-rollback", audit.get(0).path("actor").asText());
            assertEquals("NO-GO verdict of validation run run-1: missing_on_realtime 2 > 0", audit.get(0).path("reason").asText());
            boolean carol = false;
            for (JsonNode e : audit) {
                carol |= "carol".equals(e.path("actor").asText()) && "stage".equals(e.path("subject").asText())
                        && "CANARY".equals(e.path("new").path("stage").asText()) && "first canary".equals(e.path("reason").asText());
            }
            assertTrue(carol, "the stage change is audited with who and why: " + audit);
        }
    }

    @Test
    void unsafeOrMalformedChangesAreRefusedNamingWhy() throws Exception {
        Http.Reply refused = admin("POST", "/api/stage", "{\"action\": \"advance\"}");
        assertEquals(409, refused.status());
        assertEquals(List.of("CANARY needs a GO verdict: no validation run has closed yet"),
                Http.JSON.convertValue(refused.body().path("failed_conditions"), List.class));
        JsonNode shown = Http.get(fixture.http("/api/stage")).body();
        assertEquals("CANARY", shown.path("next").asText());
        assertFalse(shown.path("next_allowed").path("allowed").asBoolean());

        assertEquals(404, admin("PUT", "/api/flags/NOPE", "{\"enabled\": true}").status());
        Http.Reply pct = admin("PUT", "/api/flags/REALTIME_CLIENTS", "{\"parameters\": {\"percentage\": 150}}");
        assertEquals(400, pct.status());
        assertEquals("parameters.percentage", pct.body().path("problems").get(0).path("field").asText());
        Http.Reply action = admin("POST", "/api/stage", "{\"action\": \"jump\"}");
        assertEquals(400, action.status());
        assertTrue(action.body().path("message").asText().startsWith("action: must be one of advance, rollback, set"));
        assertEquals(400, admin("POST", "/api/stage", "[1]").status());
        assertEquals("SHADOW", Http.get(fixture.http("/api/stage")).body().path("stage").asText(), "nothing changed");
    }

    @Test
    void atLegacyOnlyEventsAreBroadcastButNotWrittenToPostgres() throws Exception {
        assertEquals(200, admin("POST", "/api/stage", "{\"action\": \"set\", \"stage\": \"LEGACY_ONLY\"}").status());
        long before = fixture.rows();
        try (WsRecorder dashboard = new WsRecorder(fixture.ws())) {
            dashboard.expectEvents(1);
            assertEquals(202, Http.post(fixture.http("/api/events"), "{\"connection_type\":\"redis\",\"direction\":\"inbound\"}").status());
            assertTrue(dashboard.awaitEvents(Duration.ofSeconds(10)));
        }
        assertEquals(before, fixture.rows(), "DUAL_WRITE is off at LEGACY_ONLY");
        assertEquals(200, admin("POST", "/api/stage", "{\"action\": \"set\", \"stage\": \"DUAL_WRITE\"}").status());
        assertEquals(202, Http.post(fixture.http("/api/events"), "{\"connection_type\":\"redis\",\"direction\":\"inbound\"}").status());
        assertEquals(before + 1, fixture.rows(), "written (and committed) before the 202 once DUAL_WRITE is on");
    }

    @Test
    void twoServiceInstancesOnOneDatabaseAgreeWithinASecondOfAChangeOnEither() throws Exception {
        java.nio.file.Path outage = java.nio.file.Files.createTempDirectory("tandem-outage-b-");
        Map<Setting, String> flags = new java.util.EnumMap<>(Setting.class);
        flags.put(Setting.DB_URL, fixture.db.jdbcUrl());
        flags.put(Setting.DB_USER, fixture.db.user());
        flags.put(Setting.DB_PASSWORD, fixture.db.password());
        flags.put(Setting.HOST, "127.0.0.1");
        flags.put(Setting.HTTP_PORT, "0");
        flags.put(Setting.WS_PORT, "0");
        flags.put(Setting.INSTANCE_ID, "test-instance-b");
        flags.put(Setting.OUTAGE_DIR, outage.toString());
        flags.put(Setting.TAP, "off");
        flags.put(Setting.ADMIN_TOKEN, TOKEN);
        try (dev.tandem.adapter.service.TandemService b = dev.tandem.adapter.service.TandemService.start(
                dev.tandem.adapter.config.TandemConfig.resolve(flags, name -> null))) {
            String aUrl = fixture.http("");
            String bUrl = "http://127.0.0.1:" + b.httpPort();
            for (String[] pair : new String[][]{{aUrl, bUrl}, {bUrl, aUrl}}) {
                boolean kill = !"kill_switch".equals(Http.get(pair[1] + "/api/transport?client_id=x").body().path("reason").asText());
                long t0 = System.nanoTime();
                assertEquals(200, Http.send("PUT", pair[0] + "/api/flags/KILL_SWITCH", "{\"enabled\": " + kill + "}",
                        "Authorization", "Bearer " + TOKEN).status());
                String expected = kill ? "kill_switch" : "realtime_clients_off";
                dev.tandem.testsupport.Await.until(Duration.ofSeconds(1),
                        () -> expected.equals(reason(pair[1] + "/api/transport?client_id=x")),
                        () -> "the other instance still answers " + reason(pair[1] + "/api/transport?client_id=x"));
                System.out.printf("rollout: the other service agreed after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            }
        } finally {
            try (var files = java.nio.file.Files.walk(outage)) {
                for (java.nio.file.Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String reason(String url) {
        try {
            return Http.get(url).body().path("reason").asText();
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static void awaitChanges(WsRecorder r, int n) {
        dev.tandem.testsupport.Await.until(Duration.ofSeconds(10), () -> r.messages("transport_change").size() >= n,
                () -> n + " transport_change messages, got " + r.messages("transport_change"));
    }

    private static JsonNode transport(String clientId) throws Exception {
        return Http.get(fixture.http("/api/transport?client_id=" + clientId)).body();
    }

    private static Http.Reply admin(String method, String path, String body) throws Exception {
        return Http.send(method, fixture.http(path), body, "Authorization", "Bearer " + TOKEN);
    }

    /** A client id inside (bucket below 25%) or outside the default seed's first quarter. */
    private static String clientWithBucket(boolean inside) {
        for (int i = 0; ; i++) {
            String id = "dash-" + i;
            if ((RolloutStrategy.bucket("tandem", id) < 2_500) == inside) {
                return id;
            }
        }
    }
}
