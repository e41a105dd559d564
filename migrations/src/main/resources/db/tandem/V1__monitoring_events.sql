-- The realtime shape of a monitoring event: one row per event, keyed by the id both transports carry.
-- Typed columns for everything a dashboard filters on; the rest in metadata.
CREATE TABLE monitoring_events (
    event_id         uuid             PRIMARY KEY,
    seq              bigint           NOT NULL,
    source           text             NOT NULL,
    type             text             NOT NULL,
    connection_type  text             NOT NULL,
    direction        text             NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    script_name      text,
    function_name    text,
    data_size_bytes  bigint           CHECK (data_size_bytes >= 0),
    response_time_ms double precision CHECK (response_time_ms >= 0),
    error            text,
    metadata         jsonb            NOT NULL DEFAULT '{}'::jsonb,
    occurred_at      timestamptz,
    ingested_at      timestamptz      NOT NULL
);

CREATE INDEX monitoring_events_ingested_at_idx ON monitoring_events (ingested_at);
CREATE INDEX monitoring_events_connection_type_idx ON monitoring_events (connection_type, ingested_at);
CREATE INDEX monitoring_events_source_seq_idx ON monitoring_events (source, seq);

-- Supabase Realtime streams the tables of this publication. A hosted Supabase database already has it;
-- a plain PostgreSQL gets it here. A publication FOR ALL TABLES already covers the new table.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'supabase_realtime') THEN
        CREATE PUBLICATION supabase_realtime;
    END IF;
    IF NOT (SELECT puballtables FROM pg_publication WHERE pubname = 'supabase_realtime')
       AND NOT EXISTS (SELECT 1 FROM pg_publication_tables
                       WHERE pubname = 'supabase_realtime'
                         AND schemaname = current_schema()
                         AND tablename = 'monitoring_events') THEN
        EXECUTE format('ALTER PUBLICATION supabase_realtime ADD TABLE %I.monitoring_events', current_schema());
    END IF;
END
$$;
