package dev.tandem.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
        assertEquals(1, first.migrationsExecuted());
        assertEquals("1", first.schemaVersion());

        Migrator.Result second = migrator().migrate();
        assertEquals(0, second.migrationsExecuted());

        List<Migrator.Line> info = migrator().info();
        assertEquals(1, info.size());
        assertEquals("Success", info.get(0).state());
    }

    @Test
    void createsTheTableWithItsKeyAndPutsItInThePublication() throws SQLException {
        migrator().migrate();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            assertEquals(List.of("event_id"), strings(st, """
                    SELECT a.attname FROM pg_index i
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                    WHERE i.indrelid = 'monitoring_events'::regclass AND i.indisprimary"""));
            assertEquals(List.of("public.monitoring_events"), strings(st,
                    "SELECT schemaname || '.' || tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime'"));
            assertEquals(List.of("uuid", "bigint", "jsonb", "timestamp with time zone"), strings(st, """
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
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            assertEquals(List.of("monitoring_events", "other"), strings(st,
                    "SELECT tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime' ORDER BY 1"));
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

    private static List<String> strings(Statement st, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
