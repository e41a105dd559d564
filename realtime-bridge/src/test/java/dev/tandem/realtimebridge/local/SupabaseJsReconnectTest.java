package dev.tandem.realtimebridge.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.migrations.Migrator;
import dev.tandem.testsupport.Await;
import dev.tandem.testsupport.TestDatabase;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Heartbeats stop → the server closes the silent socket → supabase-js reconnects, rejoins and keeps receiving.
 * The silence timeout is 60 s on the real server; here 1.5 s, and supabase-js is told to send no heartbeats.
 */
class SupabaseJsReconnectTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofMillis(1500);
    private static TestDatabase db;
    private static LocalRealtimeServer server;

    @BeforeAll
    static void up() {
        NodeSubscriber.requireInstalled();
        db = TestDatabase.create("local_realtime_reconnect");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
        server = LocalFixture.start(db, LocalFixture.config(db).idleTimeout(IDLE).build(), "reconnect");
    }

    @AfterAll
    static void down() {
        if (db != null) {
            LocalFixture.stop(db, server, "reconnect");
            db.close();
        }
    }

    @Test
    void silentSocketIsClosedAndSupabaseJsRejoinsAndKeepsReceiving() throws Exception {
        try (NodeSubscriber js = NodeSubscriber.start(NodeSubscriber.args(server, Keys.key("authenticated"), null)
                .put("heartbeatIntervalMs", 3_600_000).put("channel", "silent"))) {
            js.awaitStatus(WAIT, "SUBSCRIBED");
            UUID before = LocalFixture.insert(db, 1, "before");
            assertEquals(before.toString(), js.awaitChange(WAIT).path("new").path("event_id").asText());

            Await.until(WAIT, () -> server.stats().closedSilent() >= 1, () -> server.stats().toString());
            // realtime-js reconnects (1 s) and rejoins with the stored join payload: SUBSCRIBED again.
            js.awaitStatus(WAIT, "SUBSCRIBED");
            UUID after = LocalFixture.insert(db, 2, "after");
            assertEquals(after.toString(), js.awaitChange(WAIT).path("new").path("event_id").asText());
        }
    }
}
