-- +goose Up
-- Weekly-hour facts per case for the outcome figures (combined hours): over the weeks
-- that have actual or absence hours reported, the sums of actual work and integration
-- hours and how many weeks met the pilot's combined target. Kept by statement-level
-- triggers on weekly_hours, on a pilot's target and on a case's pilot; a report sums
-- them instead of reading ten million weekly rows.
ALTER TABLE cases
    ADD COLUMN reported_weeks    integer NOT NULL DEFAULT 0,
    ADD COLUMN work_hours        numeric(10,2) NOT NULL DEFAULT 0,
    ADD COLUMN integration_hours numeric(10,2) NOT NULL DEFAULT 0,
    ADD COLUMN weeks_on_target   integer NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE FUNCTION refresh_case_hours(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    UPDATE cases k SET reported_weeks = COALESCE(a.weeks, 0), work_hours = COALESCE(a.work, 0),
        integration_hours = COALESCE(a.integration, 0), weeks_on_target = COALESCE(a.on_target, 0)
    FROM (SELECT c.id,
            count(w.week_start) AS weeks, sum(w.actual_work_hours) AS work, sum(w.actual_integration_hours) AS integration,
            count(w.week_start) FILTER (WHERE w.actual_work_hours + w.actual_integration_hours >= p.target_combined_hours_per_week) AS on_target
          FROM cases c
          LEFT JOIN weekly_hours w ON w.municipality_id = c.municipality_id AND w.case_id = c.id
              AND w.actual_work_hours + w.actual_integration_hours + w.absence_hours > 0
          LEFT JOIN pilots p ON p.id = c.pilot_id
          WHERE c.id = ANY(ids) GROUP BY c.id) a
    WHERE a.id = k.id;
$$;
CREATE FUNCTION case_hours_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM refresh_case_hours(ARRAY(SELECT DISTINCT case_id FROM old_rows));
    ELSE
        PERFORM refresh_case_hours(ARRAY(SELECT DISTINCT case_id FROM new_rows));
    END IF;
    RETURN NULL;
END;
$$;
CREATE FUNCTION pilot_target_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_case_hours(ARRAY(SELECT k.id FROM cases k JOIN new_rows n ON n.id = k.pilot_id
        JOIN old_rows o ON o.id = n.id WHERE n.target_combined_hours_per_week IS DISTINCT FROM o.target_combined_hours_per_week));
    RETURN NULL;
END;
$$;
CREATE FUNCTION case_pilot_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() > 1 THEN -- the refresh itself updates cases: no recursion
        RETURN NULL;
    END IF;
    PERFORM refresh_case_hours(ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.pilot_id IS DISTINCT FROM o.pilot_id));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER weekly_hours_facts_ins AFTER INSERT ON weekly_hours REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_hours_changed();
CREATE TRIGGER weekly_hours_facts_upd AFTER UPDATE ON weekly_hours REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_hours_changed();
CREATE TRIGGER weekly_hours_facts_del AFTER DELETE ON weekly_hours REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_hours_changed();
CREATE TRIGGER pilots_target_facts AFTER UPDATE ON pilots REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION pilot_target_changed();
CREATE TRIGGER cases_pilot_facts AFTER UPDATE ON cases REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION case_pilot_changed();

-- The facts of the weeks that exist already, in one pass.
UPDATE cases k SET reported_weeks = a.weeks, work_hours = a.work, integration_hours = a.integration, weeks_on_target = a.on_target
FROM (SELECT w.case_id, count(*) AS weeks, sum(w.actual_work_hours) AS work, sum(w.actual_integration_hours) AS integration,
        count(*) FILTER (WHERE w.actual_work_hours + w.actual_integration_hours >= p.target_combined_hours_per_week) AS on_target
      FROM weekly_hours w JOIN cases c ON c.id = w.case_id AND c.municipality_id = w.municipality_id
      LEFT JOIN pilots p ON p.id = c.pilot_id
      WHERE w.actual_work_hours + w.actual_integration_hours + w.absence_hours > 0
      GROUP BY w.case_id) a
WHERE a.case_id = k.id;

-- +goose Down
DROP TRIGGER weekly_hours_facts_ins ON weekly_hours; DROP TRIGGER weekly_hours_facts_upd ON weekly_hours;
DROP TRIGGER weekly_hours_facts_del ON weekly_hours; DROP TRIGGER pilots_target_facts ON pilots;
DROP TRIGGER cases_pilot_facts ON cases;
DROP FUNCTION case_hours_changed(); DROP FUNCTION pilot_target_changed(); DROP FUNCTION case_pilot_changed();
DROP FUNCTION refresh_case_hours(uuid[]);
ALTER TABLE cases DROP COLUMN reported_weeks, DROP COLUMN work_hours, DROP COLUMN integration_hours, DROP COLUMN weeks_on_target;
