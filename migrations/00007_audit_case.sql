-- +goose Up
-- The case an audit row concerns, so that a team lead can read the log of one case
-- whatever the object (case, weekly hours, a job offer).
ALTER TABLE audit_events ADD COLUMN case_id uuid;
CREATE INDEX audit_events_municipality_case ON audit_events (municipality_id, case_id, occurred_at DESC)
    WHERE case_id IS NOT NULL;

-- +goose Down
ALTER TABLE audit_events DROP COLUMN case_id;
