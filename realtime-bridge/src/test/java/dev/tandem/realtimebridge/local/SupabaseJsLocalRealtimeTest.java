package dev.tandem.realtimebridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.migrations.Migrator;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official supabase-js (2.119.1, from npm, in Node) against the local endpoint: rows inserted into the real
 * monitoring_events table arrive in its callback's shape, filtered, refused without a key, and RLS holds.
 */
class SupabaseJsLocalRealtimeTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static TestDatabase db;
    private static LocalRealtimeServer server;

    @BeforeAll
    static void up() {
        NodeSubscriber.requireInstalled();
        db = TestDatabase.create("local_realtime_js");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        server = LocalFixture.start(db, LocalFixture.config(db).build(), "js");
    }

    @AfterAll
    static void down() {
        if (db != null) {
            LocalFixture.stop(db, server, "js");
            db.close();
        }
    }

    @ParameterizedTest(name = "vsn {0}")
    @ValueSource(strings = {"1.0.0", "2.0.0"})
    void insertsArriveInSupabaseJsCallbackShapeInCommitOrder(String vsn) throws Exception {
        try (NodeSubscriber js = NodeSubscriber.start(NodeSubscriber.args(server, Keys.key("authenticated"), vsn)
                .put("event", "INSERT").put("channel", "shape-" + vsn))) {
            js.awaitStatus(WAIT, "SUBSCRIBED");
            JsonNode system = js.awaitSystem(WAIT);
            assertEquals("Subscribed to PostgreSQL", system.path("message").asText(), system.toString());
            assertEquals("ok", system.path("status").asText());

            List<UUID> ids = new ArrayList<>();
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                ids.add(LocalFixture.insert(c, 1, "shape"));
                ids.add(LocalFixture.insert(c, 2, "shape"));
                c.commit();
            }
            ids.add(LocalFixture.insert(db, 3, "shape"));

            for (int i = 0; i < ids.size(); i++) {
                JsonNode p = js.awaitChange(WAIT);
                assertEquals("INSERT", p.path("eventType").asText(), p.toString());
                assertEquals("public", p.path("schema").asText());
                assertEquals("monitoring_events", p.path("table").asText());
                assertTrue(p.path("commit_timestamp").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"),
                        p.path("commit_timestamp").asText());
                JsonNode row = p.path("new");
                assertEquals(ids.get(i).toString(), row.path("event_id").asText(), "commit order");
                assertTrue(row.path("seq").isNumber(), "int8 arrives as a number: " + row);
                assertEquals(i + 1, row.path("seq").asLong());
                assertEquals(12.5, row.path("response_time_ms").asDouble());
                assertEquals(2, row.path("metadata").path("k").path(1).asInt(), "jsonb arrives as JSON: " + row);
                assertTrue(row.path("error").isNull(), "SQL NULL is null");
                assertTrue(row.path("ingested_at").asText().contains("T"), row.toString());
                assertTrue(p.path("old").isObject() && p.path("old").isEmpty(), "INSERT has an empty old: " + p);
                assertTrue(p.path("errors").isNull(), p.toString());
            }
        }
    }

    @Test
    void aFilterDeliversOnlyMatchingRows() throws Exception {
        try (NodeSubscriber js = NodeSubscriber.start(NodeSubscriber.args(server, Keys.key("authenticated"), null)
                .put("filter", "source=eq.keep").put("channel", "filtered"))) {
            js.awaitStatus(WAIT, "SUBSCRIBED");
            js.awaitSystem(WAIT);
            LocalFixture.insert(db, 10, "drop");
            UUID kept = LocalFixture.insert(db, 11, "keep");
            LocalFixture.insert(db, 12, "drop");
            UUID last = LocalFixture.insert(db, 13, "keep");
            // Delivery is in commit order, so once the last row is in, any "drop" row would have been too.
            assertEquals(kept.toString(), js.awaitChange(WAIT).path("new").path("event_id").asText());
            assertEquals(last.toString(), js.awaitChange(WAIT).path("new").path("event_id").asText());
        }
    }

    @Test
    void withoutAValidKeySupabaseJsIsRefusedAndNeverSubscribes() throws Exception {
        String forged = Keys.key("not-the-secret-not-the-secret-not-the-secret", "service_role",
                java.time.Instant.now().plusSeconds(3600));
        long refusedBefore = server.stats().sockets();
        try (NodeSubscriber js = NodeSubscriber.start(NodeSubscriber.args(server, forged, null).put("channel", "forged"))) {
            JsonNode status = js.await(WAIT, "a failed subscription", l -> l.path("kind").asText().equals("status"));
            assertEquals("CHANNEL_ERROR", status.path("status").asText(), status.toString());
            LocalFixture.insert(db, 20, "forged");
            assertEquals(refusedBefore, server.stats().sockets(), "no socket was accepted");
            assertTrue(js.drain().stream().noneMatch(l -> l.path("kind").asText().equals("change")));
        }
    }

    @Test
    void anonWithoutAnAnonPolicyReceivesNothingWhileAuthenticatedAndServiceRoleDo() throws Exception {
        // A grant but no policy: only RLS stands between anon and the rows.
        LocalFixture.execute(db, "GRANT SELECT ON monitoring_events TO anon");
        try (NodeSubscriber anon = NodeSubscriber.start(NodeSubscriber.args(server, Keys.key("anon"), null)
                        .put("channel", "anon"));
                NodeSubscriber authenticated = NodeSubscriber.start(NodeSubscriber.args(server,
                        Keys.key("authenticated"), null).put("channel", "authenticated"));
                NodeSubscriber service = NodeSubscriber.start(NodeSubscriber.args(server, Keys.key("service_role"), null)
                        .put("channel", "service"))) {
            for (NodeSubscriber js : List.of(anon, authenticated, service)) {
                js.awaitStatus(WAIT, "SUBSCRIBED");
                js.awaitSystem(WAIT);
            }
            long deliveredBefore = server.stats().delivered();
            UUID id = LocalFixture.insert(db, 30, "rls");
            assertEquals(id.toString(), authenticated.awaitChange(WAIT).path("new").path("event_id").asText());
            assertEquals(id.toString(), service.awaitChange(WAIT).path("new").path("event_id").asText());
            // The fan-out of a transaction is one loop: once both arrived, anon's turn has passed.
            Await.until(WAIT, () -> server.stats().delivered() - deliveredBefore >= 2, () -> server.stats().toString());
            assertEquals(2, server.stats().delivered() - deliveredBefore, "delivered to authenticated and service_role only");
            assertTrue(anon.drain().stream().noneMatch(l -> l.path("kind").asText().equals("change")));
        } finally {
            LocalFixture.execute(db, "REVOKE SELECT ON monitoring_events FROM anon");
        }
    }


    @Test
    void updatesAndDeletesArriveWithTheKeyOnlyOldRecordOfAnRlsTable() throws Exception {
        try (NodeSubscriber js = NodeSubscriber.start(NodeSubscriber.args(server, Keys.key("authenticated"), "2.0.0")
                .put("event", "*").put("filter", "source=in.(changing,changed)").put("channel", "all-events"))) {
            js.awaitStatus(WAIT, "SUBSCRIBED");
            js.awaitSystem(WAIT);
            UUID id = LocalFixture.insert(db, 40, "changing");
            assertEquals("INSERT", js.awaitChange(WAIT).path("eventType").asText());
            // One change at a time: the RLS check reads the row as it is when the endpoint checks, so an UPDATE
            // whose row a DELETE already removed would not be delivered (see the README's list of differences).
            LocalFixture.execute(db, "UPDATE monitoring_events SET source = 'changed' WHERE event_id = '" + id + "'");
            JsonNode update = js.awaitChange(WAIT);
            assertEquals("UPDATE", update.path("eventType").asText(), update.toString());
            assertEquals("changed", update.path("new").path("source").asText());
            assertEquals("{\"event_id\":\"" + id + "\"}", update.path("old").toString(), "RLS table: key only");
            LocalFixture.execute(db, "DELETE FROM monitoring_events WHERE event_id = '" + id + "'");
            // The filter is evaluated on a DELETE's old record, which has the key only: it cannot match.
            LocalFixture.insert(db, 41, "changed");
            assertEquals(41, js.awaitChange(WAIT).path("new").path("seq").asInt(), "the DELETE was not delivered");
        }
        try (NodeSubscriber js = NodeSubscriber.start(NodeSubscriber.args(server, Keys.key("authenticated"), null)
                .put("event", "DELETE").put("channel", "deletes"))) {
            js.awaitStatus(WAIT, "SUBSCRIBED");
            js.awaitSystem(WAIT);
            UUID id = LocalFixture.insert(db, 42, "deleted");
            LocalFixture.execute(db, "DELETE FROM monitoring_events WHERE event_id = '" + id + "'");
            JsonNode delete = js.awaitChange(WAIT);
            assertEquals("DELETE", delete.path("eventType").asText(), delete.toString());
            assertEquals("{\"event_id\":\"" + id + "\"}", delete.path("old").toString());
            assertTrue(delete.path("new").isEmpty(), delete.toString());
        }
    }
}
