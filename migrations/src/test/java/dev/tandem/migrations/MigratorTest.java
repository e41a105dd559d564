package dev.tandem.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MigratorTest {
    private TestDatabase db;

    @BeforeEach
    void freshDatabase() {
        db = TestDatabase.create("migrator");
    }

    @AfterEach
    void drop() {
        db.close();
    }

    private Migrator migrator() {
        return new Migrator(db.jdbcUrl(), db.user(), db.password());
    }

    @Test
    void appliesOnceThenDoesNothing() {
        Migrator.Result first = migrator().migrate();
        assertEquals(6, first.migrationsExecuted(), "V1 to V5 and R__realtime_access");
        assertEquals("5", first.schemaVersion());

        Migrator.Result second = migrator().migrate();
        assertEquals(0, second.migrationsExecuted());
        assertNull(second.schemaVersion());

        List<Migrator.Line> info = migrator().info();
        assertEquals(Arrays.asList("1", "2", "3", "4", "5", null), info.stream().map(Migrator.Line::version).toList());
        assertEquals(List.of("monitoring events", "monitoring stats", "supabase roles and rls", "validation runs", "rollout flags",
                "realtime access"),
                info.stream().map(Migrator.Line::description).toList());
        assertTrue(info.stream().allMatch(l -> l.state().equals("Success") && l.installedOn() != null), info.toString());
    }

    @Test
    void createsTheTableWithItsKeyAndPutsItInThePublication() throws SQLException {
        migrator().migrate();
        try (Connection c = db.connect()) {
            assertEquals(List.of("event_id"), Sql.strings(c, """
                    SELECT a.attname FROM pg_index i
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = 'monitoring_events'::regclass AND i.indisprimary"""));
            assertEquals(List.of("public.monitoring_events", "public.monitoring_stats"), Sql.strings(c,
                    "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime' ORDER BY 1"));
            assertEquals(List.of("uuid", "bigint", "jsonb", "timestamp with time zone"), Sql.strings(c, """
                    SELECT data_type FROM information_schema.columns WHERE table_name = 'monitoring_events'
                    AND column_name IN ('event_id', 'seq', 'metadata', 'ingested_at')
                    ORDER BY array_position(ARRAY['event_id', 'seq', 'metadata', 'ingested_at'], column_name::text)"""));
        }
    }

    @Test
    void keepsAnExistingPublicationAndAddsTheTableToIt() throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE other (id int PRIMARY KEY)");
            st.execute("CREATE PUBLICATION supabase_realtime FOR TABLE other");
        }
        migrator().migrate();
        try (Connection c = db.connect()) {
            assertEquals(List.of("monitoring_events", "monitoring_stats", "other"), Sql.strings(c,
                    "SELECT tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime' ORDER BY 1"));
        }
    }

    @Test
    void leavesAPublicationForAllTablesAsItIs() throws SQLException {
        try (Connection c = db.connect()) {
            Sql.run(c, "CREATE PUBLICATION supabase_realtime FOR ALL TABLES");
        }
        migrator().migrate();
        try (Connection c = db.connect()) {
            assertEquals("true", Sql.one(c, "SELECT puballtables::text FROM pg_publication WHERE pubname = 'supabase_realtime'"));
            assertEquals(List.of("monitoring_events", "monitoring_stats"), Sql.strings(c, """
                    SELECT tablename FROM pg_publication_tables
                    WHERE pubname = 'supabase_realtime' AND tablename LIKE 'monitoring%' ORDER BY 1"""));
        }
    }

    @Test
    void rejectsDirectionsTheProtocolDoesNotKnow() throws SQLException {
        migrator().migrate();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> st.execute("""
                    INSERT INTO monitoring_events (event_id, seq, source, type, connection_type, direction, ingested_at)
                    VALUES (gen_random_uuid(), 1, 's', 'event', 'redis', 'sideways', now())"""));
            assertTrue(e.getMessage().contains("direction"), e.getMessage());
        }
    }
}
