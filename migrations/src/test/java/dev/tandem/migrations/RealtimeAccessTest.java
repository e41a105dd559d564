package dev.tandem.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The settings-driven part of the schema: anon read on and off, broadcast mode on and off, refusals. */
class RealtimeAccessTest {
    private static final RealtimeOptions ANON_READ = new RealtimeOptions(RealtimeMode.POSTGRES_CHANGES, "monitoring:events", true);
    private static final String MESSAGE_POLICIES = """
            SELECT policyname || ' ' || roles::text || ' ' || qual FROM pg_policies
            WHERE schemaname = 'realtime' AND tablename = 'messages' ORDER BY 1""";
    private TestDatabase db;

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.create("realtime_access");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Migrator migrator(RealtimeOptions options) {
        return new Migrator(db.jdbcUrl(), db.user(), db.password(), options);
    }

    private static RealtimeOptions broadcast(String topic, boolean anonRead) {
        return new RealtimeOptions(RealtimeMode.BROADCAST, topic, anonRead);
    }

    private void withRealtimeSchema() throws SQLException {
        try (Connection c = db.connect()) {
            Sql.run(c, Sql.resource("realtime_schema_fixture.sql"));
        }
    }

    @Test
    void anonReadTurnsOnAndOffAndOnlyAChangeRunsAnything() throws SQLException {
        assertEquals(6, migrator(ANON_READ).migrate().migrationsExecuted());
        assertAnonRead(true);
        assertEquals(0, migrator(ANON_READ).migrate().migrationsExecuted());

        Migrator.Result off = migrator(RealtimeOptions.DEFAULTS).migrate();
        assertEquals(1, off.migrationsExecuted(), "only the repeatable script runs again");
        assertEquals("5", off.schemaVersion());
        assertAnonRead(false);
        assertEquals(0, migrator(RealtimeOptions.DEFAULTS).migrate().migrationsExecuted());

        assertEquals(1, migrator(ANON_READ).migrate().migrationsExecuted());
        assertAnonRead(true);
    }

    private void assertAnonRead(boolean on) throws SQLException {
        try (Connection c = db.connect()) {
            assertEquals(on ? List.of("monitoring_events_anon_read {anon}", "monitoring_stats_anon_read {anon}") : List.of(),
                    Sql.strings(c, "SELECT policyname || ' ' || roles::text FROM pg_policies WHERE 'anon' = ANY (roles) ORDER BY 1"));
            assertEquals(List.of(String.valueOf(on), String.valueOf(on)), Sql.strings(c, """
                    SELECT has_table_privilege('anon', t, 'SELECT')::text
                    FROM unnest(ARRAY['monitoring_events', 'monitoring_stats']) AS t"""));
            assertEquals(List.of("false"), Sql.strings(c, "SELECT has_table_privilege('anon', 'monitoring_events', 'INSERT')::text"));
            c.setAutoCommit(false);
            String id = Sql.insertEvent(c);
            Sql.run(c, "SET LOCAL ROLE anon");
            if (on) {
                assertEquals(id, Sql.one(c, "SELECT event_id FROM monitoring_events"));
            } else {
                SQLException e = assertThrows(SQLException.class, () -> Sql.one(c, "SELECT event_id FROM monitoring_events"));
                assertEquals("42501", e.getSQLState(), e.getMessage());
            }
            c.rollback();
        }
    }

    @Test
    void broadcastModeIsRefusedWithoutTheRealtimeSchemaAndChangesNothing() throws SQLException {
        MigrationRefusedException e = assertThrows(MigrationRefusedException.class,
                () -> migrator(broadcast("monitoring:events", false)).migrate());
        assertTrue(e.getMessage().contains("database " + db.name() + " has no schema realtime"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was changed"), e.getMessage());
        try (Connection c = db.connect()) {
            assertEquals(List.of("0"), Sql.strings(c, "SELECT count(*) FROM pg_class WHERE relname LIKE '%monitoring%' OR relname LIKE 'tandem%' OR relname LIKE 'validation%'"));
        }

        migrator(RealtimeOptions.DEFAULTS).migrate();
        assertThrows(MigrationRefusedException.class, () -> migrator(broadcast("monitoring:events", false)).migrate());
        try (Connection c = db.connect()) {
            assertEquals("6", Sql.one(c, "SELECT count(*) FROM " + Migrator.HISTORY_TABLE + " WHERE version IS DISTINCT FROM '0'"));
            assertEquals("0", Sql.one(c, "SELECT count(*) FROM pg_trigger WHERE tgname = 'monitoring_events_broadcast'"));
        }
    }

    @Test
    void aRealtimeSchemaWithoutSendIsRefusedToo() throws SQLException {
        withRealtimeSchema();
        try (Connection c = db.connect()) {
            Sql.run(c, "DROP FUNCTION realtime.send(jsonb, text, text, boolean)");
        }
        MigrationRefusedException e = assertThrows(MigrationRefusedException.class,
                () -> migrator(broadcast("monitoring:events", false)).migrate());
        assertTrue(e.getMessage().contains("lacks realtime.send(jsonb, text, text, boolean)"), e.getMessage());
    }

    @Test
    void aDatabaseThatDoesNotExistIsRefusedInBroadcastMode() {
        db.close(); // its name is free now
        MigrationRefusedException e = assertThrows(MigrationRefusedException.class,
                () -> migrator(broadcast("monitoring:events", false)).checkApplicable());
        assertTrue(e.getMessage().contains("the database does not exist yet"), e.getMessage());
        db = TestDatabase.create("realtime_access"); // for drop()
    }

    @Test
    void inBroadcastModeEachNewEventGoesToTheTopicAndSwitchingBackRemovesTheTrigger() throws SQLException {
        withRealtimeSchema();
        assertEquals(6, migrator(broadcast("monitoring:test", false)).migrate().migrationsExecuted());

        try (Connection c = db.connect()) {
            String id = Sql.insertEvent(c);
            assertEquals(List.of("monitoring:test INSERT broadcast true"), Sql.strings(c,
                    "SELECT topic || ' ' || event || ' ' || extension || ' ' || private FROM realtime.messages"));
            assertEquals(List.of("public monitoring_events INSERT " + id + " redis {\"k\": [1, 2]} null true"), Sql.strings(c, """
                    SELECT concat_ws(' ', payload->>'schema', payload->>'table', payload->>'operation',
                                     payload->'record'->>'event_id', payload->'record'->>'connection_type',
                                     payload->'record'->'metadata', payload->'old_record', (payload->>'id' = id::text)::text)
                    FROM realtime.messages"""));
            assertEquals(List.of("tandem_monitoring_events_authenticated_read {authenticated}"
                    + " ((realtime.topic() = 'monitoring:test'::text) AND (extension = 'broadcast'::text))"),
                    Sql.strings(c, MESSAGE_POLICIES));

            // Dashboards join the private topic as authenticated: the policy lets them read it, and only it.
            Sql.run(c, "GRANT USAGE ON SCHEMA realtime TO authenticated, anon");
            Sql.run(c, "GRANT SELECT ON realtime.messages TO authenticated, anon");
            c.setAutoCommit(false);
            Sql.run(c, "SET LOCAL ROLE authenticated");
            Sql.run(c, "SELECT set_config('realtime.topic', 'monitoring:test', true)");
            assertEquals("1", Sql.one(c, "SELECT count(*) FROM realtime.messages"));
            Sql.run(c, "SELECT set_config('realtime.topic', 'other', true)");
            assertEquals("0", Sql.one(c, "SELECT count(*) FROM realtime.messages"));
            Sql.run(c, "SET LOCAL ROLE anon");
            Sql.run(c, "SELECT set_config('realtime.topic', 'monitoring:test', true)");
            assertEquals("0", Sql.one(c, "SELECT count(*) FROM realtime.messages"), "anon read is off");
            c.rollback();
            c.setAutoCommit(true);

            Sql.run(c, "SET ROLE service_role"); // not the owner, and without EXECUTE on the trigger function
            Sql.insertEvent(c);
            Sql.run(c, "RESET ROLE");
            assertEquals("2", Sql.one(c, "SELECT count(*) FROM realtime.messages"), "whoever inserts, it is broadcast");

            Sql.run(c, "DELETE FROM monitoring_events");
            assertEquals("2", Sql.one(c, "SELECT count(*) FROM realtime.messages"), "deletes are not broadcast");
        }

        assertEquals(0, migrator(broadcast("monitoring:test", false)).migrate().migrationsExecuted());
        assertEquals(1, migrator(RealtimeOptions.DEFAULTS).migrate().migrationsExecuted());
        try (Connection c = db.connect()) {
            assertEquals("0", Sql.one(c, "SELECT count(*) FROM pg_trigger WHERE tgname = 'monitoring_events_broadcast'"));
            assertEquals(List.of("null"), Sql.strings(c, "SELECT coalesce(to_regproc('monitoring_events_broadcast')::text, 'null')"));
            assertEquals(List.of(), Sql.strings(c, MESSAGE_POLICIES));
            Sql.insertEvent(c);
            assertEquals("2", Sql.one(c, "SELECT count(*) FROM realtime.messages"), "no broadcast any more");
        }
    }

    @Test
    void changingTheTopicOrAnonReadMovesTheTriggerAndThePolicies() throws SQLException {
        withRealtimeSchema();
        migrator(broadcast("monitoring:a", false)).migrate();
        assertEquals(1, migrator(broadcast("monitoring:b", true)).migrate().migrationsExecuted());
        try (Connection c = db.connect()) {
            Sql.insertEvent(c);
            assertEquals(List.of("monitoring:b"), Sql.strings(c, "SELECT topic FROM realtime.messages"));
            assertEquals(List.of(
                    "tandem_monitoring_events_anon_read {anon} ((realtime.topic() = 'monitoring:b'::text) AND (extension = 'broadcast'::text))",
                    "tandem_monitoring_events_authenticated_read {authenticated}"
                    + " ((realtime.topic() = 'monitoring:b'::text) AND (extension = 'broadcast'::text))"),
                    Sql.strings(c, MESSAGE_POLICIES));
            assertEquals("1", Sql.one(c, "SELECT count(*) FROM pg_trigger WHERE tgname = 'monitoring_events_broadcast'"));
        }
    }

    @Test
    void aBatchInsertIsBroadcastRowByRowInOneTransaction() throws SQLException {
        withRealtimeSchema();
        migrator(broadcast("monitoring:events", false)).migrate();
        try (Connection c = db.connect()) {
            Sql.run(c, """
                    INSERT INTO monitoring_events (event_id, seq, source, type, connection_type, direction, ingested_at)
                    SELECT gen_random_uuid(), n, 'batch', 'event', 'redis', 'outbound', now() FROM generate_series(1, 500) n""");
            assertEquals("500", Sql.one(c, "SELECT count(DISTINCT payload->'record'->>'event_id') FROM realtime.messages"));
        }
    }
}
