-- +goose Up
-- Corrections (issue 12, docs/domain.md "Corrections"): nothing is deleted. A job offer,
-- a PIP version or an integration result entered by mistake is withdrawn: it stays, with
-- when, by whom and why, and counts for nothing from then on. A stage move is undone,
-- and a closed case reopened, by a new event that names the event it undoes; the
-- undone event stays in the history.
ALTER TABLE job_offers
    ADD COLUMN withdrawn_at     timestamptz,
    ADD COLUMN withdrawn_by     uuid REFERENCES users(id),
    ADD COLUMN withdrawn_reason text CHECK (length(withdrawn_reason) BETWEEN 1 AND 2000),
    ADD CONSTRAINT job_offers_withdrawn CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL));
ALTER TABLE case_pips
    ADD COLUMN withdrawn_at     timestamptz,
    ADD COLUMN withdrawn_by     uuid REFERENCES users(id),
    ADD COLUMN withdrawn_reason text CHECK (length(withdrawn_reason) BETWEEN 1 AND 2000),
    ADD CONSTRAINT case_pips_withdrawn CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL));
ALTER TABLE case_integration_results
    ADD COLUMN withdrawn_at     timestamptz,
    ADD COLUMN withdrawn_by     uuid REFERENCES users(id),
    ADD COLUMN withdrawn_reason text CHECK (length(withdrawn_reason) BETWEEN 1 AND 2000),
    ADD CONSTRAINT case_integration_results_withdrawn
        CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL));

-- New kinds: correctie (a stage move undone, a result corrected), intrekking (an offer,
-- PIP or result withdrawn), heropend (a closed case reopened). undoes_event_id names
-- the move an undo or a reopening takes back (once: the unique index); job_offer_id
-- the offer that caused a move or that a correction is about.
ALTER TABLE case_events DROP CONSTRAINT case_events_kind_check,
    ADD CONSTRAINT case_events_kind_check CHECK (kind IN ('aangemaakt', 'overgang', 'datumcorrectie',
        'wijziging', 'correctie', 'intrekking', 'heropend')),
    ADD COLUMN undoes_event_id bigint REFERENCES case_events(id),
    ADD COLUMN job_offer_id    uuid REFERENCES job_offers(id),
    ADD CONSTRAINT case_events_undo_kind CHECK (undoes_event_id IS NULL OR kind IN ('correctie', 'heropend'));
CREATE UNIQUE INDEX case_events_undone ON case_events (undoes_event_id) WHERE undoes_event_id IS NOT NULL;

-- Reopening a closed case is the team lead's.
INSERT INTO access_policies (role, object, action) VALUES ('teamleider', 'cases', 'reopen');

-- The facts count only what was not withdrawn, and a return to benefit only when its
-- move was not undone. internal/outcomes/facts.go recomputes the same (Drift).
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION refresh_case_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    UPDATE cases k SET
        first_pip_on = (SELECT min(v.drawn_up_on) FROM case_pips v WHERE v.municipality_id = k.municipality_id
            AND v.case_id = k.id AND v.withdrawn_at IS NULL),
        back_on_benefit_on = (SELECT min(e.occurred_on) FROM case_events e
            WHERE e.municipality_id = k.municipality_id AND e.case_id = k.id AND e.reentry
            AND NOT EXISTS (SELECT 1 FROM case_events u WHERE u.undoes_event_id = e.id)),
        map_done = EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id
            AND r.case_id = k.id AND r.kind = 'map' AND r.outcome IN ('afgerond', 'behaald') AND r.withdrawn_at IS NULL),
        pvt_done = EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id
            AND r.case_id = k.id AND r.kind = 'pvt' AND r.outcome IN ('afgerond', 'behaald') AND r.withdrawn_at IS NULL),
        has_placement = EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
            AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.withdrawn_at IS NULL),
        placement_meets_bar = EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
            AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.withdrawn_at IS NULL AND o.hours_per_week >= 20
            AND ((o.contract_type = 'onbepaalde_tijd' AND o.end_date IS NULL)
                 OR (o.start_date IS NOT NULL AND o.end_date IS NOT NULL
                     AND o.end_date >= o.start_date + interval '12 months' - interval '1 day'))),
        sowis_requested = EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
            AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.withdrawn_at IS NULL AND o.sowis_requested),
        sowis_granted = EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
            AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.withdrawn_at IS NULL AND o.sowis_granted)
    WHERE k.id = ANY(ids);
$$;
-- +goose StatementEnd

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION refresh_case_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    UPDATE cases k SET
        first_pip_on = (SELECT min(v.drawn_up_on) FROM case_pips v WHERE v.municipality_id = k.municipality_id AND v.case_id = k.id),
        back_on_benefit_on = (SELECT min(e.occurred_on) FROM case_events e
            WHERE e.municipality_id = k.municipality_id AND e.case_id = k.id AND e.reentry),
        map_done = EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id
            AND r.case_id = k.id AND r.kind = 'map' AND r.outcome IN ('afgerond', 'behaald')),
        pvt_done = EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id
            AND r.case_id = k.id AND r.kind = 'pvt' AND r.outcome IN ('afgerond', 'behaald')),
        has_placement = EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
            AND o.case_id = k.id AND o.status = 'geaccepteerd'),
        placement_meets_bar = EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
            AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.hours_per_week >= 20
            AND ((o.contract_type = 'onbepaalde_tijd' AND o.end_date IS NULL)
                 OR (o.start_date IS NOT NULL AND o.end_date IS NOT NULL
                     AND o.end_date >= o.start_date + interval '12 months' - interval '1 day'))),
        sowis_requested = EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
            AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.sowis_requested),
        sowis_granted = EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
            AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.sowis_granted)
    WHERE k.id = ANY(ids);
$$;
-- +goose StatementEnd
DELETE FROM access_policies WHERE role = 'teamleider' AND object = 'cases' AND action = 'reopen';
DROP INDEX case_events_undone;
ALTER TABLE case_events DROP CONSTRAINT case_events_undo_kind, DROP COLUMN job_offer_id, DROP COLUMN undoes_event_id,
    DROP CONSTRAINT case_events_kind_check,
    ADD CONSTRAINT case_events_kind_check CHECK (kind IN ('aangemaakt', 'overgang', 'datumcorrectie', 'wijziging'));
ALTER TABLE case_integration_results DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_by, DROP COLUMN withdrawn_reason;
ALTER TABLE case_pips DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_by, DROP COLUMN withdrawn_reason;
ALTER TABLE job_offers DROP COLUMN withdrawn_at, DROP COLUMN withdrawn_by, DROP COLUMN withdrawn_reason;
