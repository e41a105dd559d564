-- What Supabase Realtime (and PostgREST) need to serve these tables to dashboards: the roles its API keys
-- map to, row level security with read policies, and grants that match them.
--
-- monitoring_events keeps the default replica identity (its primary key). Events are only ever inserted;
-- the one DELETE is retention's, and for a table with RLS Realtime sends a DELETE's old_record with the
-- primary key only whatever the identity is. FULL would write every row retention deletes into the WAL whole,
-- for the replication tap and Realtime to decode, and give dashboards nothing more than event_id.

-- A Supabase database has these roles; a plain PostgreSQL gets them here, as NOLOGIN roles (Realtime and
-- PostgREST take them on with SET ROLE, nobody logs in as one). Roles belong to the whole server: one that
-- exists is left exactly as it is.
DO $$
DECLARE
    r text;
BEGIN
    FOREACH r IN ARRAY ARRAY['anon', 'authenticated', 'service_role'] LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
            BEGIN
                EXECUTE format('CREATE ROLE %I NOLOGIN', r);
            EXCEPTION
                WHEN duplicate_object OR unique_violation THEN
                    NULL; -- created meanwhile by a migration of another database on the same server
                WHEN insufficient_privilege THEN
                    RAISE EXCEPTION 'role % does not exist and % may not create roles', r, current_user
                        USING HINT = 'Create the roles anon, authenticated and service_role (NOLOGIN),'
                                     ' or migrate as a user with CREATEROLE.';
            END;
        END IF;
        IF NOT has_schema_privilege(r, current_schema(), 'USAGE') THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', current_schema(), r);
        END IF;
    END LOOP;
END
$$;

-- Dashboards read; only Tandem (the tables' owner, which RLS does not restrict) and service_role write.
-- Supabase's default privileges give all three roles everything on a new table in public: take that back
-- first, so the grants are exactly these. anon reads only when TANDEM_REALTIME_ANON_READ is on
-- (R__realtime_access.sql).
REVOKE ALL ON monitoring_events, monitoring_stats FROM anon, authenticated;
GRANT SELECT ON monitoring_events, monitoring_stats TO authenticated;
GRANT ALL ON monitoring_events, monitoring_stats TO service_role;

ALTER TABLE monitoring_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE monitoring_stats ENABLE ROW LEVEL SECURITY;

CREATE POLICY monitoring_events_authenticated_read ON monitoring_events FOR SELECT TO authenticated USING (true);
CREATE POLICY monitoring_stats_authenticated_read ON monitoring_stats FOR SELECT TO authenticated USING (true);
-- Supabase's service_role bypasses RLS; the one created above does not, so it gets a policy of its own.
CREATE POLICY monitoring_events_service_role_all ON monitoring_events FOR ALL TO service_role
    USING (true) WITH CHECK (true);
CREATE POLICY monitoring_stats_service_role_all ON monitoring_stats FOR ALL TO service_role
    USING (true) WITH CHECK (true);
