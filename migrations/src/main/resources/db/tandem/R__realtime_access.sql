-- The part of Realtime access that follows settings. Flyway checksums a repeatable script after replacing its
-- placeholders, so it runs this one again exactly when one of these values changes, and never otherwise:
--   anon read: ${anon_read}  (TANDEM_REALTIME_ANON_READ)
--   mode:      ${realtime_mode}  (TANDEM_REALTIME_MODE)
--   topic:     ${realtime_topic}  (TANDEM_REALTIME_TOPIC)
-- It first removes whatever an earlier run made, then makes what these values ask for, so turning a setting
-- off undoes it. The Migrator checks the values (the topic is letters, digits and _ . : -).

-- Broadcast from Database: each new event also goes out on a private broadcast topic through realtime.send,
-- with the payload realtime.broadcast_changes would build ({schema, table, operation, record, old_record};
-- realtime.send adds the message id), under the event name INSERT. Only inserts: retention's deletes are
-- housekeeping, and every broadcast counts against the project's messages per second. realtime.send never
-- fails the insert (it turns its own errors into a warning), so a broken broadcast cannot stop ingest.
-- Made in every mode so that its body stays plain SQL here; dropped again below unless the mode is broadcast.
CREATE OR REPLACE FUNCTION monitoring_events_broadcast() RETURNS trigger
    LANGUAGE plpgsql
    SECURITY DEFINER -- as its owner, like the trigger in Supabase's docs: whoever inserts, the broadcast is sent
    SET search_path = ''
AS $fn$
BEGIN
    PERFORM realtime.send(
        jsonb_build_object('schema', TG_TABLE_SCHEMA, 'table', TG_TABLE_NAME, 'operation', TG_OP,
                           'record', to_jsonb(NEW), 'old_record', NULL),
        TG_OP, TG_ARGV[0], true);
    RETURN NULL;
END
$fn$;
-- Only ever called as a trigger; nobody needs to run it (Supabase grants new functions in public to its roles).
REVOKE ALL ON FUNCTION monitoring_events_broadcast() FROM PUBLIC, anon, authenticated, service_role;

DO $do$
DECLARE
    anon_read constant boolean := ${anon_read};
    mode constant text := '${realtime_mode}';
    topic constant text := '${realtime_topic}';
    t text;
    p record;
BEGIN
    -- What an earlier run made: the trigger, anon's policies and grants, the policies on realtime.messages.
    IF EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'monitoring_events'::regclass
                                          AND tgname = 'monitoring_events_broadcast') THEN
        DROP TRIGGER monitoring_events_broadcast ON monitoring_events;
    END IF;
    FOR p IN SELECT schemaname, tablename, policyname FROM pg_policies
             WHERE (schemaname = current_schema() AND tablename IN ('monitoring_events', 'monitoring_stats')
                    AND policyname = tablename || '_anon_read')
                OR (schemaname = 'realtime' AND tablename = 'messages'
                    AND policyname IN ('tandem_monitoring_events_authenticated_read', 'tandem_monitoring_events_anon_read'))
    LOOP
        EXECUTE format('DROP POLICY %I ON %I.%I', p.policyname, p.schemaname, p.tablename);
    END LOOP;
    REVOKE ALL ON monitoring_events, monitoring_stats FROM anon;

    -- anon (a Supabase anon key) reads events and stats only when asked to.
    IF anon_read THEN
        FOREACH t IN ARRAY ARRAY['monitoring_events', 'monitoring_stats'] LOOP
            EXECUTE format('CREATE POLICY %I ON %I FOR SELECT TO anon USING (true)', t || '_anon_read', t);
            EXECUTE format('GRANT SELECT ON %I TO anon', t);
        END LOOP;
    END IF;

    IF mode <> 'broadcast' THEN
        DROP FUNCTION monitoring_events_broadcast();
        RETURN;
    END IF;
    IF to_regclass('realtime.messages') IS NULL
       OR to_regprocedure('realtime.send(jsonb, text, text, boolean)') IS NULL
       OR to_regprocedure('realtime.topic()') IS NULL THEN
        RAISE EXCEPTION 'broadcast mode needs Supabase Realtime''s realtime schema (realtime.messages, realtime.send,'
            ' realtime.topic), and database % has not got it', current_database();
    END IF;
    EXECUTE format('CREATE TRIGGER monitoring_events_broadcast AFTER INSERT ON monitoring_events'
                   ' FOR EACH ROW EXECUTE FUNCTION monitoring_events_broadcast(%L)', topic);

    -- A private topic is read under RLS on realtime.messages: these policies let dashboards receive ours.
    BEGIN
        EXECUTE format('CREATE POLICY tandem_monitoring_events_authenticated_read ON realtime.messages'
                       ' FOR SELECT TO authenticated USING (realtime.topic() = %L AND extension = %L)',
                       topic, 'broadcast');
        IF anon_read THEN
            EXECUTE format('CREATE POLICY tandem_monitoring_events_anon_read ON realtime.messages'
                           ' FOR SELECT TO anon USING (realtime.topic() = %L AND extension = %L)',
                           topic, 'broadcast');
        END IF;
    EXCEPTION
        WHEN insufficient_privilege THEN
            RAISE WARNING 'broadcasts on % are sent, but % may not add policies to realtime.messages, so only'
                ' service_role receives them: %', topic, current_user, SQLERRM
                USING HINT = 'As the owner of realtime.messages, create a FOR SELECT policy for authenticated with'
                             ' USING (realtime.topic() = ''' || topic || ''' AND extension = ''broadcast'').';
    END;
END
$do$;
