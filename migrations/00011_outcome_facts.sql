-- +goose Up
-- Facts about a case that the outcome figures need, kept on the case itself so that a
-- national report is one pass over cases instead of four joins over millions of rows.
-- Statement-level triggers keep them right on every write (API, seeding, COPY); a test
-- compares them with a recomputation from the source tables after every kind of write.
ALTER TABLE cases
    ADD COLUMN first_pip_on        date,
    ADD COLUMN back_on_benefit_on  date,    -- first return to benefit (herinstroom)
    ADD COLUMN map_done            boolean NOT NULL DEFAULT false,
    ADD COLUMN pvt_done            boolean NOT NULL DEFAULT false,
    ADD COLUMN has_placement       boolean NOT NULL DEFAULT false,  -- an accepted job offer
    ADD COLUMN placement_meets_bar boolean NOT NULL DEFAULT false,  -- ... of 20 h/week for 12 months
    ADD COLUMN sowis_requested     boolean NOT NULL DEFAULT false,
    ADD COLUMN sowis_granted       boolean NOT NULL DEFAULT false;

-- +goose StatementBegin
CREATE FUNCTION refresh_case_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
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
CREATE FUNCTION case_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM refresh_case_facts(ARRAY(SELECT DISTINCT case_id FROM old_rows));
    ELSE
        PERFORM refresh_case_facts(ARRAY(SELECT DISTINCT case_id FROM new_rows));
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER case_pips_facts_ins AFTER INSERT ON case_pips REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER case_pips_facts_upd AFTER UPDATE ON case_pips REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER case_pips_facts_del AFTER DELETE ON case_pips REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER results_facts_ins AFTER INSERT ON case_integration_results REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER results_facts_upd AFTER UPDATE ON case_integration_results REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER results_facts_del AFTER DELETE ON case_integration_results REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER job_offers_facts_ins AFTER INSERT ON job_offers REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER job_offers_facts_upd AFTER UPDATE ON job_offers REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER job_offers_facts_del AFTER DELETE ON job_offers REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER case_events_facts_ins AFTER INSERT ON case_events REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER case_events_facts_upd AFTER UPDATE ON case_events REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();
CREATE TRIGGER case_events_facts_del AFTER DELETE ON case_events REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_facts_changed();

-- The facts of the cases that exist already.
UPDATE cases k SET
    first_pip_on = f.first_pip, back_on_benefit_on = f.back_on
FROM (SELECT k2.id,
        (SELECT min(v.drawn_up_on) FROM case_pips v WHERE v.municipality_id = k2.municipality_id AND v.case_id = k2.id) AS first_pip,
        (SELECT min(e.occurred_on) FROM case_events e WHERE e.municipality_id = k2.municipality_id AND e.case_id = k2.id AND e.reentry) AS back_on
      FROM cases k2) f
WHERE f.id = k.id AND (f.first_pip IS NOT NULL OR f.back_on IS NOT NULL);
SELECT refresh_case_facts(ARRAY(SELECT DISTINCT case_id FROM case_integration_results
    UNION SELECT DISTINCT case_id FROM job_offers WHERE status = 'geaccepteerd'));

-- +goose Down
DROP TRIGGER case_pips_facts_ins ON case_pips; DROP TRIGGER case_pips_facts_upd ON case_pips; DROP TRIGGER case_pips_facts_del ON case_pips;
DROP TRIGGER results_facts_ins ON case_integration_results; DROP TRIGGER results_facts_upd ON case_integration_results;
DROP TRIGGER results_facts_del ON case_integration_results;
DROP TRIGGER job_offers_facts_ins ON job_offers; DROP TRIGGER job_offers_facts_upd ON job_offers; DROP TRIGGER job_offers_facts_del ON job_offers;
DROP TRIGGER case_events_facts_ins ON case_events; DROP TRIGGER case_events_facts_upd ON case_events; DROP TRIGGER case_events_facts_del ON case_events;
DROP FUNCTION case_facts_changed(); DROP FUNCTION refresh_case_facts(uuid[]);
ALTER TABLE cases DROP COLUMN first_pip_on, DROP COLUMN back_on_benefit_on, DROP COLUMN map_done, DROP COLUMN pvt_done,
    DROP COLUMN has_placement, DROP COLUMN placement_meets_bar, DROP COLUMN sowis_requested, DROP COLUMN sowis_granted;
