-- +goose Up
-- Closing a week for a whole caseload (issue 12). Three changes to the weekly hours:
--
-- 1. Blank is not zero. An actual hour column stays NULL until someone enters it, so a
--    planned week is not mistaken for a week in which the client did nothing. The old
--    schema could not tell the two apart and stored 0; the figures therefore treated a
--    week with 0 work, 0 integration and no absence as "not reported". Those rows mean
--    exactly that, so their actuals become NULL here: no figure changes (the fact
--    triggers are off for that one update because no fact changes, and the update on
--    ten million rows would otherwise recompute every case).
-- 2. Absence has a reason: ziek, verlof, ongeoorloofd or overig, required once absence
--    is above zero. Rows stored before the reason existed keep their absence without a
--    reason (the check is NOT VALID: enforced on every new or changed row only); for the
--    judgement such absence counts as not authorised, as before.
-- 3. Authorised absence (ziek, verlof) lowers the week's combined target by its hours
--    (docs/domain.md, hours): the fact triggers count a week on target with it.
--
-- And the PIP gets the planned integration hours per week, which the week screen
-- pre-fills from.

-- +goose StatementBegin
DO $$
DECLARE
    c record;
BEGIN
    -- 00001 named its checks implicitly; drop the ones on the hour columns by content.
    FOR c IN SELECT conname FROM pg_constraint
        WHERE conrelid = 'weekly_hours'::regclass AND contype = 'c'
            AND pg_get_constraintdef(oid) LIKE '%hours%'
    LOOP
        EXECUTE format('ALTER TABLE weekly_hours DROP CONSTRAINT %I', c.conname);
    END LOOP;
END $$;
-- +goose StatementEnd

ALTER TABLE weekly_hours
    ALTER COLUMN actual_work_hours DROP NOT NULL,
    ALTER COLUMN actual_work_hours DROP DEFAULT,
    ALTER COLUMN actual_integration_hours DROP NOT NULL,
    ALTER COLUMN actual_integration_hours DROP DEFAULT,
    ADD COLUMN absence_reason text
        CONSTRAINT weekly_hours_absence_reason_known
        CHECK (absence_reason IN ('ziek', 'verlof', 'ongeoorloofd', 'overig')),
    ADD CONSTRAINT weekly_hours_work_range
        CHECK (planned_work_hours BETWEEN 0 AND 60 AND actual_work_hours BETWEEN 0 AND 60),
    ADD CONSTRAINT weekly_hours_integration_range
        CHECK (planned_integration_hours BETWEEN 0 AND 168 AND actual_integration_hours BETWEEN 0 AND 168),
    ADD CONSTRAINT weekly_hours_absence_range CHECK (absence_hours BETWEEN 0 AND 168),
    ADD CONSTRAINT weekly_hours_planned_week CHECK (planned_work_hours + planned_integration_hours <= 168),
    ADD CONSTRAINT weekly_hours_actual_week CHECK (
        COALESCE(actual_work_hours, 0) + COALESCE(actual_integration_hours, 0) + absence_hours <= 168);

-- A reason exactly when there is absence; a reason without absence means nothing.
ALTER TABLE weekly_hours ADD CONSTRAINT weekly_hours_absence_reason
    CHECK ((absence_hours > 0) = (absence_reason IS NOT NULL)) NOT VALID;

ALTER TABLE weekly_hours DISABLE TRIGGER weekly_hours_facts_upd;
UPDATE weekly_hours SET actual_work_hours = NULL, actual_integration_hours = NULL
WHERE actual_work_hours = 0 AND actual_integration_hours = 0 AND absence_hours = 0;
ALTER TABLE weekly_hours ENABLE TRIGGER weekly_hours_facts_upd;

ALTER TABLE case_pips ADD COLUMN planned_integration_hours_per_week numeric(5,2)
    CONSTRAINT case_pips_planned_integration_range
    CHECK (planned_integration_hours_per_week BETWEEN 0 AND 40);

-- +goose StatementBegin
-- The two definitions every reader of the weekly facts shares (the triggers, the drift
-- check, the figures as of a date), as inlinable SQL functions.
CREATE FUNCTION week_reported(work numeric, integration numeric, absence numeric)
RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT work IS NOT NULL OR integration IS NOT NULL OR absence > 0
$$;
CREATE FUNCTION week_on_target(work numeric, integration numeric, absence numeric, reason text,
    target numeric) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
    SELECT COALESCE(work, 0) + COALESCE(integration, 0)
        >= greatest(target - CASE WHEN reason IN ('ziek', 'verlof') THEN absence ELSE 0 END, 0)
$$;
-- +goose StatementEnd

-- +goose StatementBegin
-- A week is reported once an actual hour or absence is entered; it is on target when
-- its work and integration reach the combined target less the authorised absence.
CREATE OR REPLACE FUNCTION refresh_case_hours(ids uuid[]) RETURNS void LANGUAGE sql AS $$
    UPDATE cases k SET reported_weeks = COALESCE(a.weeks, 0), work_hours = COALESCE(a.work, 0),
        integration_hours = COALESCE(a.integration, 0), weeks_on_target = COALESCE(a.on_target, 0)
    FROM (SELECT c.id,
            count(w.week_start) AS weeks, sum(w.actual_work_hours) AS work,
            sum(w.actual_integration_hours) AS integration,
            count(w.week_start) FILTER (WHERE week_on_target(w.actual_work_hours, w.actual_integration_hours,
                w.absence_hours, w.absence_reason, p.target_combined_hours_per_week)) AS on_target
          FROM cases c
          LEFT JOIN weekly_hours w ON w.municipality_id = c.municipality_id AND w.case_id = c.id
              AND week_reported(w.actual_work_hours, w.actual_integration_hours, w.absence_hours)
          LEFT JOIN pilots p ON p.id = c.pilot_id
          WHERE c.id = ANY(ids) GROUP BY c.id) a
    WHERE a.id = k.id;
$$;
-- +goose StatementEnd


-- The facts of weeks with authorised absence: none exist before this migration (the
-- reason is new), so every case's facts stand as they are.

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION refresh_case_hours(ids uuid[]) RETURNS void LANGUAGE sql AS $$
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
-- +goose StatementEnd
DROP FUNCTION week_on_target(numeric, numeric, numeric, text, numeric);
DROP FUNCTION week_reported(numeric, numeric, numeric);
ALTER TABLE case_pips DROP COLUMN planned_integration_hours_per_week;
ALTER TABLE weekly_hours DISABLE TRIGGER weekly_hours_facts_upd;
UPDATE weekly_hours SET actual_work_hours = COALESCE(actual_work_hours, 0),
    actual_integration_hours = COALESCE(actual_integration_hours, 0)
WHERE actual_work_hours IS NULL OR actual_integration_hours IS NULL;
ALTER TABLE weekly_hours ENABLE TRIGGER weekly_hours_facts_upd;
ALTER TABLE weekly_hours DROP CONSTRAINT weekly_hours_absence_reason,
    DROP CONSTRAINT weekly_hours_actual_week,
    DROP COLUMN absence_reason,
    ALTER COLUMN actual_work_hours SET NOT NULL, ALTER COLUMN actual_work_hours SET DEFAULT 0,
    ALTER COLUMN actual_integration_hours SET NOT NULL,
    ALTER COLUMN actual_integration_hours SET DEFAULT 0,
    ADD CONSTRAINT weekly_hours_actual_week_sum
        CHECK (actual_work_hours + actual_integration_hours + absence_hours <= 168);
