-- Rollout flags (Togglz feature states) and who changed them. Tandem's Togglz StateRepository reads and writes
-- rollout_flags; every instance LISTENs on channel tandem_flags, which the trigger below notifies on every change,
-- and drops its cached states, so instances agree within moments of a change made on any of them.
CREATE TABLE rollout_flags (
    name         text        PRIMARY KEY CHECK (name ~ '^[A-Z][A-Z0-9_]{0,63}$'),
    enabled      boolean     NOT NULL,
    strategy_id  text,
    parameters   jsonb       NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(parameters) = 'object'),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- One row per flag or stage change, written in the transaction that made it: who, when, old, new, why.
CREATE TABLE rollout_audit (
    id         bigserial   PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor      text        NOT NULL CHECK (length(actor) BETWEEN 1 AND 200),
    subject    text        NOT NULL,
    old_value  jsonb,
    new_value  jsonb,
    reason     text        NOT NULL DEFAULT ''
);
CREATE INDEX rollout_audit_at ON rollout_audit (at DESC, id DESC);

CREATE FUNCTION rollout_flags_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('tandem_flags', coalesce(NEW.name, OLD.name));
    RETURN NULL;
END
$$;

CREATE TRIGGER rollout_flags_changed AFTER INSERT OR UPDATE OR DELETE ON rollout_flags
    FOR EACH ROW EXECUTE FUNCTION rollout_flags_notify();

-- Not for dashboards: closed to the Supabase API roles, as validation_runs is (V4).
REVOKE ALL ON rollout_flags, rollout_audit FROM anon, authenticated;
ALTER TABLE rollout_flags ENABLE ROW LEVEL SECURITY;
ALTER TABLE rollout_audit ENABLE ROW LEVEL SECURITY;
