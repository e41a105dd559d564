package dev.tandem.migrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.testsupport.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** After migrating with the default options, the catalogs hold what Supabase Realtime needs (reference §2.1). */
class SupabaseReadinessTest {
    private static TestDatabase db;

    @BeforeAll
    static void migrate() {
        db = TestDatabase.create("supabase_readiness");
        new Migrator(db.jdbcUrl(), db.user(), db.password()).migrate();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void statsAreKeyedByInstanceAndComponentAndHoldAnObject() throws SQLException {
        try (Connection c = db.connect()) {
            assertEquals(List.of("source", "component"), Sql.strings(c, """
                    SELECT a.attname FROM pg_index i
                    JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) ON true
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                    WHERE i.indrelid = 'monitoring_stats'::regclass AND i.indisprimary ORDER BY k.n"""));
            Sql.run(c, """
                    INSERT INTO monitoring_stats (source, component, stats) VALUES ('a', 'redis', '{"events": 1}')
                    ON CONFLICT (source, component) DO UPDATE SET stats = excluded.stats, updated_at = now()""");
            Sql.run(c, """
                    INSERT INTO monitoring_stats (source, component, stats) VALUES ('a', 'redis', '{"events": 2}')
                    ON CONFLICT (source, component) DO UPDATE SET stats = excluded.stats, updated_at = now()""");
            assertEquals("2", Sql.one(c, "SELECT stats->>'events' FROM monitoring_stats WHERE component = 'redis'"));
            SQLException e = assertThrows(SQLException.class, () -> Sql.run(c,
                    "INSERT INTO monitoring_stats (source, component, stats) VALUES ('a', 'kimi', '[1]')"));
            assertEquals("23514", e.getSQLState(), e.getMessage()); // check_violation
        }
    }

    @Test
    void replicaIdentityIsFullForStatsAndTheKeyForEvents() throws SQLException {
        try (Connection c = db.connect()) {
            assertEquals(List.of("monitoring_events d", "monitoring_stats f"), Sql.strings(c, """
                    SELECT relname || ' ' || relreplident::text FROM pg_class
                    WHERE relname IN ('monitoring_events', 'monitoring_stats') ORDER BY 1"""));
        }
    }

    @Test
    void theRolesExistAndNoneCanLogIn() throws SQLException {
        try (Connection c = db.connect()) {
            assertEquals(List.of("anon false", "authenticated false", "service_role false"), Sql.strings(c, """
                    SELECT rolname || ' ' || rolcanlogin FROM pg_roles
                    WHERE rolname IN ('anon', 'authenticated', 'service_role') ORDER BY 1"""));
        }
    }

    @Test
    void rowLevelSecurityIsOnWithReadPoliciesForAuthenticatedAndFullAccessForServiceRole() throws SQLException {
        try (Connection c = db.connect()) {
            assertEquals(List.of("monitoring_events true false", "monitoring_stats true false"), Sql.strings(c, """
                    SELECT relname || ' ' || relrowsecurity || ' ' || relforcerowsecurity FROM pg_class
                    WHERE relname IN ('monitoring_events', 'monitoring_stats') ORDER BY 1"""));
            assertEquals(List.of(
                    "monitoring_events monitoring_events_authenticated_read SELECT {authenticated} true",
                    "monitoring_events monitoring_events_service_role_all ALL {service_role} true",
                    "monitoring_stats monitoring_stats_authenticated_read SELECT {authenticated} true",
                    "monitoring_stats monitoring_stats_service_role_all ALL {service_role} true"), Sql.strings(c, """
                    SELECT tablename || ' ' || policyname || ' ' || cmd || ' ' || roles::text || ' ' || qual
                    FROM pg_policies WHERE tablename IN ('monitoring_events', 'monitoring_stats') ORDER BY 1"""));
        }
    }

    @Test
    void grantsMatchThePolicies() throws SQLException {
        String[] privileges = {"SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE"};
        try (Connection c = db.connect()) {
            for (String table : new String[] {"monitoring_events", "monitoring_stats"}) {
                assertEquals(List.of(
                        "anon: f f f f f",
                        "authenticated: t f f f f",
                        "service_role: t t t t t"), Sql.strings(c, """
                        SELECT r || ': ' || array_to_string(ARRAY(
                                   SELECT CASE WHEN has_table_privilege(r, '%s', p) THEN 't' ELSE 'f' END
                                   FROM unnest(ARRAY['%s']) WITH ORDINALITY AS x(p, n) ORDER BY n), ' ')
                        FROM unnest(ARRAY['anon', 'authenticated', 'service_role']) AS r ORDER BY 1"""
                        .formatted(table, String.join("', '", privileges))), table);
            }
        }
    }

    @Test
    void asTheirRolesAuthenticatedReadsServiceRoleWritesAndAnonIsRefused() throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            String id = Sql.insertEvent(c);
            Sql.run(c, "SET LOCAL ROLE authenticated");
            assertEquals(id, Sql.one(c, "SELECT event_id FROM monitoring_events WHERE event_id = '" + id + "'"));
            SQLException e = assertThrows(SQLException.class, () -> Sql.insertEvent(c));
            assertEquals("42501", e.getSQLState(), e.getMessage()); // insufficient_privilege
            c.rollback();

            Sql.run(c, "SET LOCAL ROLE service_role");
            String written = Sql.insertEvent(c);
            assertEquals("1", Sql.one(c, "SELECT count(*) FROM monitoring_events WHERE event_id = '" + written + "'"));
            c.rollback();

            Sql.run(c, "SET LOCAL ROLE anon");
            e = assertThrows(SQLException.class, () -> Sql.one(c, "SELECT count(*) FROM monitoring_events"));
            assertEquals("42501", e.getSQLState(), e.getMessage());
            c.rollback();
        }
    }

    @Test
    void rolloutFlagsAreClosedToTheApiRolesAndNotifyOnChange() throws SQLException {
        try (Connection c = db.connect()) {
            assertEquals(List.of("rollout_audit true", "rollout_flags true"), Sql.strings(c,
                    "SELECT relname || ' ' || relrowsecurity FROM pg_class"
                    + " WHERE relname IN ('rollout_flags', 'rollout_audit') ORDER BY 1"));
            for (String table : List.of("rollout_flags", "rollout_audit")) {
                assertEquals(List.of("anon f", "authenticated f"), Sql.strings(c,
                        "SELECT r || ' ' || CASE WHEN has_table_privilege(r, '" + table + "', 'SELECT') THEN 't' ELSE 'f' END"
                        + " FROM unnest(ARRAY['anon', 'authenticated']) AS r ORDER BY 1"), table);
            }
            assertEquals(List.of(), Sql.strings(c, "SELECT tablename FROM pg_publication_tables"
                    + " WHERE pubname = 'supabase_realtime' AND tablename IN ('rollout_flags', 'rollout_audit')"));
            assertEquals(List.of("rollout_flags_changed"), Sql.strings(c,
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'rollout_flags'::regclass AND NOT tgisinternal"));
        }
    }

    @Test
    void validationRunsAreKeptOutOfThePublicationAndClosedToTheApiRoles() throws SQLException {
        try (Connection c = db.connect()) {
            assertEquals(List.of(), Sql.strings(c,
                    "SELECT tablename FROM pg_publication_tables WHERE pubname = 'supabase_realtime' AND tablename = 'validation_runs'"));
            assertEquals(List.of("true"), Sql.strings(c, "SELECT relrowsecurity::text FROM pg_class WHERE relname = 'validation_runs'"));
            assertEquals(List.of("anon f", "authenticated f"), Sql.strings(c, """
                    SELECT r || ' ' || CASE WHEN has_table_privilege(r, 'validation_runs', 'SELECT') THEN 't' ELSE 'f' END
                    FROM unnest(ARRAY['anon', 'authenticated']) AS r ORDER BY 1"""));
            assertEquals(List.of("validation_runs_ended_at (ended_at DESC, id DESC)"), Sql.strings(c, """
                    SELECT indexname || ' ' || substring(indexdef from '\\(.*\\)') FROM pg_indexes
                    WHERE tablename = 'validation_runs' AND indexname <> 'validation_runs_pkey'"""));
            SQLException e = assertThrows(SQLException.class, () -> Sql.run(c, """
                    INSERT INTO validation_runs (id, started_at, ended_at, verdict, report)
                    VALUES (gen_random_uuid(), now(), now() - interval '1 minute', 'GO', '{}')"""));
            assertEquals("23514", e.getSQLState(), e.getMessage()); // check_violation: a run ends after it starts
        }
    }
}
