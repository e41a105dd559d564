-- Closed validation runs: one row per run, the whole report (schema tandem.validation.report/1) as jsonb, and
-- the few columns lists and the latest run are found by. Written by Tandem when a run closes (periodically,
-- at shutdown, and on POST /api/validation/check); served by GET /api/validation/runs.
CREATE TABLE validation_runs (
    id          uuid        PRIMARY KEY,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz NOT NULL,
    verdict     text        NOT NULL,
    report      jsonb       NOT NULL CHECK (jsonb_typeof(report) = 'object'),
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK (ended_at >= started_at)
);

-- Newest first: the run list and /latest read this index from its start.
CREATE INDEX validation_runs_ended_at ON validation_runs (ended_at DESC, id DESC);

-- Reports carry samples of event fields. Not for dashboards: not in the supabase_realtime publication, and
-- closed to the Supabase API roles (whose default privileges on a new table in public would grant everything).
-- With row level security on and no policy, only Tandem (the owner) and roles that bypass RLS read it.
REVOKE ALL ON validation_runs FROM anon, authenticated;
ALTER TABLE validation_runs ENABLE ROW LEVEL SECURITY;
