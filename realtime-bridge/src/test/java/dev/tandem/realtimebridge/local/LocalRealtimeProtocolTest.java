package dev.tandem.realtimebridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.migrations.Migrator;
import dev.tandem.testsupport.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The wire protocol frame by frame, with a bare WebSocket client: handshakes, replies, system texts, limits. */
class LocalRealtimeProtocolTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static TestDatabase db;
    private static LocalRealtimeServer server;

    @BeforeAll
    static void up() throws Exception {
        db = TestDatabase.create("local_realtime_protocol");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        LocalFixture.execute(db, "CREATE TABLE not_published (id bigint PRIMARY KEY)");
        server = LocalRealtimeServer.start(LocalFixture.config(db).maxChannelsPerClient(2).build());
    }

    @AfterAll
    static void down() {
        if (server != null) {
            server.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void handshakesAreRefusedWithTheRealServersStatusAndJsonError() throws Exception {
        String path = "/realtime/v1/websocket";
        assertRefused(RawClient.rawHandshake(server, path + "?vsn=1.0.0", ""), 401, ApiKeyVerifier.MISSING);
        assertRefused(RawClient.rawHandshake(server, path + "?apikey=not-a-jwt", ""), 401, ApiKeyVerifier.MALFORMED);
        assertRefused(RawClient.rawHandshake(server, path + "?apikey="
                + Keys.key(Keys.SECRET, "anon", Instant.now().minusSeconds(5)), ""), 401, ApiKeyVerifier.EXPIRED);
        assertRefused(RawClient.rawHandshake(server, path + "?apikey="
                + Keys.key(Keys.SECRET, null, Instant.now().plusSeconds(60)), ""), 401, ApiKeyVerifier.MISSING_CLAIMS);
        assertRefused(RawClient.rawHandshake(server, path + "?apikey=" + Keys.key("other-secret-other-secret-other-secret",
                "anon", Instant.now().plusSeconds(60)), ""), 401, ApiKeyVerifier.BAD_SIGNATURE);
        // The x-api-key header wins over the query parameter, as in user_socket.ex.
        assertRefused(RawClient.rawHandshake(server, path + "?apikey=" + Keys.key("anon"), "x-api-key: nope\r\n"),
                401, ApiKeyVerifier.MALFORMED);
        String accepted = RawClient.rawHandshake(server, "/socket/websocket", "x-api-key: " + Keys.key("anon") + "\r\n");
        assertTrue(accepted.startsWith("HTTP/1.1 101"), accepted);
    }

    private static void assertRefused(String response, int status, String error) {
        assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
        assertTrue(response.contains("application/json"), response);
        assertTrue(response.endsWith("{\"error\":\"" + error + "\"}"), response);
    }

    @Test
    void v1HeartbeatAndJoinRepliesCarryNoJoinRefAndStableIds() throws Exception {
        RawClient c = RawClient.connect(server, "apikey=" + Keys.key("authenticated"), Map.of());
        try {
            c.send("{\"topic\":\"phoenix\",\"event\":\"heartbeat\",\"payload\":{},\"ref\":\"1\",\"join_ref\":null}");
            JsonNode hb = c.await(WAIT, RawClient.v1Event("phx_reply"));
            assertEquals("{\"topic\":\"phoenix\",\"event\":\"phx_reply\",\"payload\":{\"status\":\"ok\",\"response\":{}},"
                    + "\"ref\":\"1\"}", hb.toString());

            String join = "{\"topic\":\"realtime:a\",\"event\":\"phx_join\",\"payload\":{\"config\":{\"postgres_changes\":"
                    + "[{\"event\":\"INSERT\",\"schema\":\"public\",\"table\":\"monitoring_events\"},"
                    + "{\"event\":\"*\",\"schema\":\"public\",\"table\":\"monitoring_events\",\"filter\":\"seq=gt.5\"}]}},"
                    + "\"ref\":\"2\",\"join_ref\":\"2\"}";
            c.send(join);
            JsonNode reply = c.await(WAIT, RawClient.v1Event("phx_reply"));
            assertFalse(reply.has("join_ref"), reply.toString());
            assertEquals("ok", reply.path("payload").path("status").asText(), reply.toString());
            JsonNode pc = reply.path("payload").path("response").path("postgres_changes");
            assertEquals(2, pc.size());
            assertEquals("seq=gt.5", pc.path(1).path("filter").asText());
            int id0 = pc.path(0).path("id").asInt();
            assertNotEquals(id0, pc.path(1).path("id").asInt(), "different params, different ids");
            JsonNode system = c.await(WAIT, RawClient.v1Event("system"));
            assertEquals("{\"message\":\"Subscribed to PostgreSQL\",\"status\":\"ok\",\"extension\":\"postgres_changes\","
                    + "\"channel\":\"a\"}", system.path("payload").toString());

            c.send(join.replace("realtime:a", "realtime:b").replace("\"2\"", "\"3\""));
            JsonNode again = c.await(WAIT, RawClient.v1Event("phx_reply"));
            assertEquals(id0, again.path("payload").path("response").path("postgres_changes").path(0).path("id").asInt(),
                    "same params, same id");
            c.await(WAIT, RawClient.v1Event("system"));

            // maxChannelsPerClient is 2 here.
            c.send(join.replace("realtime:a", "realtime:c").replace("\"2\"", "\"4\""));
            JsonNode refused = c.await(WAIT, RawClient.v1Event("phx_reply"));
            assertEquals("{\"status\":\"error\",\"response\":{\"reason\":\"ChannelRateLimitReached: Too many channels\"}}",
                    refused.path("payload").toString());
        } finally {
            c.closeBlocking();
        }
    }

    @Test
    void v2TableOutsideThePublicationGetsTheRealSystemError() throws Exception {
        RawClient c = RawClient.connect(server, "apikey=" + Keys.key("authenticated") + "&vsn=2.0.0", Map.of());
        try {
            c.send("[\"1\",\"1\",\"realtime:np\",\"phx_join\",{\"config\":{\"postgres_changes\":"
                    + "[{\"event\":\"*\",\"schema\":\"public\",\"table\":\"not_published\"}]}}]");
            JsonNode reply = c.await(WAIT, RawClient.v2Event("phx_reply"));
            assertEquals("1", reply.path(0).asText(), "v2 replies carry join_ref");
            assertEquals("1", reply.path(1).asText());
            JsonNode system = c.await(WAIT, RawClient.v2Event("system")).path(4);
            assertEquals("error", system.path("status").asText());
            assertEquals("Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the"
                    + " given connect parameters: [event: *, schema: public, table: not_published, filters: [], select: nil]",
                    system.path("message").asText());

            c.send("[null,\"9\",\"phoenix\",\"heartbeat\",{}]");
            assertEquals("[null,\"9\",\"phoenix\",\"phx_reply\",{\"status\":\"ok\",\"response\":{}}]",
                    c.await(WAIT, RawClient.v2Event("phx_reply")).toString());
        } finally {
            c.closeBlocking();
        }
    }

    @Test
    void broadcastReachesOtherSubscribersAndSelfOnlyWhenAskedWithAckWhenAsked() throws Exception {
        RawClient sender = RawClient.connect(server, "apikey=" + Keys.key("anon"), Map.of());
        RawClient listener = RawClient.connect(server, "apikey=" + Keys.key("anon"), Map.of());
        try {
            sender.send("{\"topic\":\"realtime:room\",\"event\":\"phx_join\",\"payload\":{\"config\":{\"broadcast\":"
                    + "{\"self\":true,\"ack\":true}}},\"ref\":\"1\",\"join_ref\":\"1\"}");
            listener.send("{\"topic\":\"realtime:room\",\"event\":\"phx_join\",\"payload\":{\"config\":{}},"
                    + "\"ref\":\"1\",\"join_ref\":\"1\"}");
            sender.await(WAIT, RawClient.v1Event("phx_reply"));
            listener.await(WAIT, RawClient.v1Event("phx_reply"));

            sender.send("{\"topic\":\"realtime:room\",\"event\":\"broadcast\",\"payload\":{\"type\":\"broadcast\","
                    + "\"event\":\"hello\",\"payload\":{\"n\":1}},\"ref\":\"2\",\"join_ref\":\"1\"}");
            String expected = "{\"type\":\"broadcast\",\"event\":\"hello\",\"payload\":{\"n\":1}}";
            assertEquals(expected, listener.await(WAIT, RawClient.v1Event("broadcast")).path("payload").toString());
            assertEquals(expected, sender.await(WAIT, RawClient.v1Event("broadcast")).path("payload").toString(), "self");
            JsonNode ack = sender.await(WAIT, RawClient.v1Event("phx_reply"));
            assertEquals("2", ack.path("ref").asText());

            // The listener joined without self: its own broadcast reaches the sender only, with no ack.
            listener.send("{\"topic\":\"realtime:room\",\"event\":\"broadcast\",\"payload\":{\"type\":\"broadcast\","
                    + "\"event\":\"back\",\"payload\":{}},\"ref\":\"3\",\"join_ref\":\"1\"}");
            assertEquals("back", sender.await(WAIT, RawClient.v1Event("broadcast")).path("payload").path("event").asText());
            listener.send("{\"topic\":\"phoenix\",\"event\":\"heartbeat\",\"payload\":{},\"ref\":\"4\"}");
            JsonNode next = listener.await(WAIT, m -> true);
            assertEquals("4", next.path("ref").asText(), "nothing before the heartbeat reply: " + next);
        } finally {
            sender.closeBlocking();
            listener.closeBlocking();
        }
    }

    @Test
    void anInvalidAccessTokenClosesTheChannelWithASystemErrorAndLeaveRepliesAndCloses() throws Exception {
        RawClient c = RawClient.connect(server, "apikey=" + Keys.key("anon"), Map.of());
        try {
            c.send("{\"topic\":\"realtime:t\",\"event\":\"phx_join\",\"payload\":{\"config\":{}},\"ref\":\"1\",\"join_ref\":\"1\"}");
            c.await(WAIT, RawClient.v1Event("phx_reply"));
            c.send("{\"topic\":\"realtime:t\",\"event\":\"access_token\",\"payload\":{\"access_token\":\""
                    + Keys.key("authenticated") + "\"},\"ref\":\"2\",\"join_ref\":\"1\"}");
            c.send("{\"topic\":\"realtime:t\",\"event\":\"access_token\",\"payload\":{\"access_token\":\""
                    + Keys.key(Keys.SECRET, "authenticated", Instant.now().minusSeconds(1)) + "\"},\"ref\":\"3\"}");
            JsonNode system = c.await(WAIT, m -> true);
            assertEquals("system", system.path("event").asText(), "a valid token gets no reply: " + system);
            assertEquals(ApiKeyVerifier.EXPIRED, system.path("payload").path("message").asText());
            assertEquals("phx_close", c.await(WAIT, m -> true).path("event").asText());

            c.send("{\"topic\":\"realtime:u\",\"event\":\"phx_join\",\"payload\":{},\"ref\":\"4\",\"join_ref\":\"4\"}");
            c.await(WAIT, RawClient.v1Event("phx_reply"));
            c.send("{\"topic\":\"realtime:u\",\"event\":\"phx_leave\",\"payload\":{},\"ref\":\"5\",\"join_ref\":\"4\"}");
            assertEquals("5", c.await(WAIT, RawClient.v1Event("phx_reply")).path("ref").asText());
            assertEquals("realtime:u", c.await(WAIT, RawClient.v1Event("phx_close")).path("topic").asText());
        } finally {
            c.closeBlocking();
        }
    }

    @Test
    void overTheEventsPerSecondLimitTheChannelGetsTheRealTextAndIsClosed() throws Exception {
        // 1 event/s averaged over 60 s: the 61st message in a minute is one too many.
        try (LocalRealtimeServer limited = LocalRealtimeServer.start(LocalFixture.config(db).maxEventsPerSecond(1).build())) {
            RawClient c = RawClient.connect(limited, "apikey=" + Keys.key("anon"), Map.of());
            try {
                c.send("{\"topic\":\"realtime:r\",\"event\":\"phx_join\",\"payload\":{\"config\":{\"broadcast\":"
                        + "{\"self\":true}}},\"ref\":\"1\",\"join_ref\":\"1\"}");
                c.await(WAIT, RawClient.v1Event("phx_reply"));
                for (int i = 0; i < 61; i++) {
                    c.send("{\"topic\":\"realtime:r\",\"event\":\"broadcast\",\"payload\":{\"type\":\"broadcast\","
                            + "\"event\":\"e\",\"payload\":{\"i\":" + i + "}},\"ref\":null,\"join_ref\":\"1\"}");
                }
                JsonNode system = c.await(WAIT, RawClient.v1Event("system"));
                assertEquals(LocalProtocol.TOO_MANY_MESSAGES, system.path("payload").path("message").asText());
                assertEquals("phx_close", c.await(WAIT, m -> true).path("event").asText());
                assertEquals(60, limited.stats().delivered());
                assertTrue(c.closed.getCount() == 1 || !c.closed.await(0, TimeUnit.SECONDS), "the socket stays open");
            } finally {
                c.closeBlocking();
            }
        }
    }

    @Test
    void overTheJoinsPerSecondLimitTheJoinIsRefusedWithTheRealTextAndTheSocketClosed() throws Exception {
        try (LocalRealtimeServer limited = LocalRealtimeServer.start(LocalFixture.config(db).maxJoinsPerSecond(2).build())) {
            RawClient c = RawClient.connect(limited, "apikey=" + Keys.key("anon"), Map.of());
            // Five joins within milliseconds: however they fall across one-second windows, one is the third in its.
            for (int i = 0; i < 5; i++) {
                c.send("{\"topic\":\"realtime:j" + i + "\",\"event\":\"phx_join\",\"payload\":{},\"ref\":\"" + i
                        + "\",\"join_ref\":\"" + i + "\"}");
            }
            JsonNode refused = c.await(WAIT, m -> m.path("payload").path("status").asText().equals("error"));
            assertEquals(LocalProtocol.TOO_MANY_JOINS, refused.path("payload").path("response").path("reason").asText());
            assertTrue(c.closed.await(WAIT.toSeconds(), TimeUnit.SECONDS), "the socket is told to disconnect");
        }
    }
}
