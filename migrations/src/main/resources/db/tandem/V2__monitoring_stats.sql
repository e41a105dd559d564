-- The latest figures per component, upserted in place: what the legacy initial_stats and stats messages
-- give old dashboards, for Realtime ones. A component is a connection type (redis, kimi, ...) or one of the
-- legacy message's other sections (session_metrics, semaphore_metrics, websocket_health). Each Tandem
-- instance keeps its own figures, so the key includes the instance (source, as in monitoring_events): with
-- several instances on one database, a dashboard adds them up instead of seeing whichever wrote last.
CREATE TABLE monitoring_stats (
    source      text        NOT NULL,
    component   text        NOT NULL,
    stats       jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(stats) = 'object'),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (source, component)
);

-- Every change after the first is an UPDATE. With FULL the old row goes into the WAL whole, so a stats value
-- large enough to be TOASTed and left unchanged by an update still reaches Realtime (which fills unchanged
-- TOAST columns from the old row), and readers that bypass RLS get the previous figures as old values.
ALTER TABLE monitoring_stats REPLICA IDENTITY FULL;

-- Into the publication Supabase Realtime streams (V1 made sure it exists).
DO $$
BEGIN
    IF NOT (SELECT puballtables FROM pg_publication WHERE pubname = 'supabase_realtime')
       AND NOT EXISTS (SELECT 1 FROM pg_publication_tables
                       WHERE pubname = 'supabase_realtime'
                         AND schemaname = current_schema()
                         AND tablename = 'monitoring_stats') THEN
        EXECUTE format('ALTER PUBLICATION supabase_realtime ADD TABLE %I.monitoring_stats', current_schema());
    END IF;
END
$$;
