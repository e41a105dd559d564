package dev.tandem.realtimebridge.supabase;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.realtimebridge.supabase.FakeRealtime.Conn;
import dev.tandem.realtimebridge.supabase.FakeRealtime.Frame;
import dev.tandem.realtimebridge.tap.TapChange;
import dev.tandem.testsupport.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Join, readiness and change delivery against scripted server frames, in both protocol versions. */
class RealtimeClientTest extends ClientTestBase {
    static final String KEY = "test-api-key";
    static final String TOPIC = "realtime:tandem-validator";
    static final long SUB_ID = 106243155L;
    static final String JOIN_OK = "{\"status\":\"ok\",\"response\":{\"postgres_changes\":[{\"id\":" + SUB_ID
            + ",\"event\":\"INSERT\",\"schema\":\"public\",\"table\":\"monitoring_events\"}]}}";
    static final String SUBSCRIBED = "{\"extension\":\"postgres_changes\",\"status\":\"ok\","
            + "\"message\":\"Subscribed to PostgreSQL\",\"channel\":\"tandem-validator\"}";
    /** A monitoring_events INSERT as apply_rls builds it: JSON-typed values, jsonb as an object, ISO timestamps. */
    static final String INSERT = """
            {"ids":[%d],"data":{"schema":"public","table":"monitoring_events","commit_timestamp":"2026-11-22T10:00:00.130Z",
             "type":"INSERT","columns":[{"name":"event_id","type":"uuid"},{"name":"seq","type":"int8"},
             {"name":"source","type":"text"},{"name":"response_time_ms","type":"float8"},{"name":"error","type":"text"},
             {"name":"metadata","type":"jsonb"},{"name":"occurred_at","type":"timestamptz"}],
             "record":{"seq":42,"source":"inst-1","event_id":"0192f3c4-5e6f-7a8b-9c0d-1e2f3a4b5c6d","response_time_ms":150.50,
             "error":null,"metadata":{"a":{"x":null},"b":[1,2.5]},"occurred_at":"2026-11-22T09:00:00.5+00:00"},
             "errors":null}}""";


    static RealtimeClientConfig.Builder config(MockWebServer server, ProtocolVersion v) {
        return RealtimeClientConfig.builder().url(server.url("/").toString()).apiKey(KEY).protocol(v)
                .channels(ChannelSpec.postgresChanges("tandem-validator",
                        new ChannelSpec.PostgresChange("INSERT", "public", "monitoring_events", null)));
    }

    /** Starts the client and answers its join; returns the join frame. */
    static Frame joinAndSubscribe(RealtimeClient client, Conn conn) throws Exception {
        Frame join = conn.next("phx_join");
        conn.reply(join, JOIN_OK);
        conn.push(TOPIC, "system", SUBSCRIBED);
        assertTrue(client.awaitReady(Duration.ofSeconds(5)), "ready after Subscribed to PostgreSQL");
        return join;
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void joinsReportsReadyOnlyAfterSubscribedAndDeliversAnInsert(ProtocolVersion v) throws Exception {
        FakeRealtime fake = new FakeRealtime(server, v);
        client = new RealtimeClient(config(server, v).build(), events);
        client.start();
        Conn conn = fake.nextConnection();
        RecordedRequest upgrade = fake.requests.take();
        assertEquals("/realtime/v1/websocket", upgrade.getUrl().encodedPath());
        assertEquals(KEY, upgrade.getUrl().queryParameter("apikey"));
        assertEquals(v.vsn(), upgrade.getUrl().queryParameter("vsn"));

        Frame join = conn.next("phx_join");
        assertEquals(TOPIC, join.topic());
        assertEquals(join.ref(), join.joinRef());
        assertEquals(KEY, join.payload().path("access_token").asText(), "the token defaults to the API key");
        assertEquals("{\"event\":\"INSERT\",\"schema\":\"public\",\"table\":\"monitoring_events\"}",
                join.payload().path("config").path("postgres_changes").get(0).toString());
        assertFalse(join.payload().path("config").path("private").asBoolean());

        conn.reply(join, JOIN_OK);
        Await.until(Duration.ofSeconds(5), () -> client.stats().messages() >= 1, () -> client.stats().toString());
        assertEquals(0, client.stats().readyChannels(), "the join reply comes before the subscription exists");
        assertEquals(0, events.count(RealtimeEvent.Ready.class));

        conn.push(TOPIC, "system", SUBSCRIBED);
        assertEquals(TOPIC, events.next(RealtimeEvent.Ready.class).topic());
        assertTrue(client.awaitReady(Duration.ofSeconds(1)));

        conn.push(TOPIC, "postgres_changes", INSERT.formatted(SUB_ID + 1)); // not this channel's id: not delivered
        conn.push(TOPIC, "postgres_changes", INSERT.formatted(SUB_ID));
        RealtimeEvent.ChangeReceived got = events.next(RealtimeEvent.ChangeReceived.class);
        TapChange c = got.change();
        assertEquals(TapChange.Op.INSERT, c.op());
        assertEquals("public", c.schema());
        assertEquals("monitoring_events", c.table());
        // Column order follows `columns`; values are the text the tap would give, timestamps in Realtime's ISO form.
        assertEquals(List.of("event_id", "seq", "source", "response_time_ms", "error", "metadata", "occurred_at"),
                List.copyOf(c.columns().keySet()));
        assertEquals("42", c.columns().get("seq"));
        assertEquals("150.50", c.columns().get("response_time_ms"));
        assertNull(c.columns().get("error"));
        assertTrue(c.columns().containsKey("error"));
        assertEquals("{\"a\":{\"x\":null},\"b\":[1,2.5]}", c.columns().get("metadata"));
        assertEquals("2026-11-22T09:00:00.5+00:00", c.columns().get("occurred_at"));
        assertNull(c.oldColumns());
        assertEquals(List.of(SUB_ID), got.ids());
        assertEquals("2026-11-22T10:00:00.130Z", got.commitTimestamp());
        assertTrue(got.receivedAtMicros() > 0);
        assertEquals(1, client.stats().changes());
        assertEquals(1, client.stats().unmatched());
        assertEquals(1, events.count(RealtimeEvent.ChangeReceived.class));
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void heartbeatsAnsweredKeepTheSocket(ProtocolVersion v) throws Exception {
        FakeRealtime fake = new FakeRealtime(server, v);
        client = new RealtimeClient(config(server, v).heartbeatInterval(Duration.ofMillis(50)).build(), events);
        client.start();
        Conn conn = fake.nextConnection();
        joinAndSubscribe(client, conn);
        long before = client.stats().messages();
        // Ten heartbeat replies later the socket is still the first one.
        Await.until(Duration.ofSeconds(5), () -> client.stats().messages() >= before + 10, () -> client.stats().toString());
        assertEquals(0, client.stats().heartbeatTimeouts());
        assertEquals(0, client.stats().reconnects());
        assertTrue(fake.connections.isEmpty());
    }

    static Map<String, String> row(TapChange c) {
        return c.columns();
    }
}
