-- A stand-in for the part of Supabase Realtime's schema that Broadcast from Database uses, written for these
-- tests from the published column list and function signatures (shared/reference/supabase-realtime.md §2.3):
-- realtime.messages, realtime.send(payload, event, topic, private) and realtime.topic().
-- Like the real one, messages is partitioned by inserted_at (here one default partition holds everything)
-- and has RLS on.
CREATE SCHEMA realtime;

CREATE TABLE realtime.messages (
    topic          text      NOT NULL,
    extension      text      NOT NULL,
    payload        jsonb,
    event          text,
    private        boolean   DEFAULT false,
    updated_at     timestamp NOT NULL DEFAULT now(),
    inserted_at    timestamp NOT NULL DEFAULT now(),
    id             uuid      NOT NULL DEFAULT gen_random_uuid(),
    binary_payload bytea,
    PRIMARY KEY (id, inserted_at)
) PARTITION BY RANGE (inserted_at);
CREATE TABLE realtime.messages_all PARTITION OF realtime.messages DEFAULT;
ALTER TABLE realtime.messages ENABLE ROW LEVEL SECURITY;

-- The topic of the message being sent or received, which policies on realtime.messages compare with.
CREATE FUNCTION realtime.topic() RETURNS text LANGUAGE sql STABLE
AS 'SELECT nullif(current_setting(''realtime.topic'', true), '''')';

-- Records one broadcast. Its payload gets the message id unless it has an id already; a failure becomes a
-- warning, never an error of the caller's transaction.
CREATE FUNCTION realtime.send(payload jsonb, event text, topic text, private boolean DEFAULT true)
RETURNS void LANGUAGE plpgsql
AS $send$
DECLARE
    message_id uuid := gen_random_uuid();
BEGIN
    BEGIN
        PERFORM set_config('realtime.topic', topic, true);
        INSERT INTO realtime.messages (id, topic, extension, event, private, payload)
        VALUES (message_id, topic, 'broadcast', event, private,
                CASE WHEN payload ? 'id' THEN payload ELSE payload || jsonb_build_object('id', message_id) END);
    EXCEPTION WHEN OTHERS THEN
        RAISE WARNING 'broadcast on % not sent: %', topic, SQLERRM;
    END;
END
$send$;
