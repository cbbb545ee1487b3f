-- +goose Up
-- The fact triggers of 00011 and 00012 recomputed a case's facts in the snapshot of the
-- statement that fired them. Two transactions writing rows of one case at the same time
-- (two weeks, two offers) each missed the other's row, and the one that committed last
-- left its incomplete sum on the case. Now each trigger first locks the affected case
-- rows, in id order so that two triggers cannot deadlock, and recomputes in a second
-- statement: under READ COMMITTED that statement takes a fresh snapshot, which holds
-- every row committed by a writer that held the lock before. FOR NO KEY UPDATE is the
-- lock the recomputing UPDATE takes anyway; it does not wait for the KEY SHARE locks
-- that inserting a row with a foreign key to the case holds.

-- +goose StatementBegin
-- plpgsql: PERFORM reads every row (a SQL function would stop after the first).
CREATE FUNCTION lock_cases(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM cases WHERE id = ANY(ids) ORDER BY id FOR NO KEY UPDATE;
END;
$$;

CREATE OR REPLACE FUNCTION case_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        ids := ARRAY(SELECT DISTINCT case_id FROM old_rows);
    ELSE
        ids := ARRAY(SELECT DISTINCT case_id FROM new_rows);
    END IF;
    PERFORM lock_cases(ids);
    PERFORM refresh_case_facts(ids);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION case_hours_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        ids := ARRAY(SELECT DISTINCT case_id FROM old_rows);
    ELSE
        ids := ARRAY(SELECT DISTINCT case_id FROM new_rows);
    END IF;
    PERFORM lock_cases(ids);
    PERFORM refresh_case_hours(ids);
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION pilot_target_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    ids := ARRAY(SELECT k.id FROM cases k JOIN new_rows n ON n.id = k.pilot_id
        JOIN old_rows o ON o.id = n.id WHERE n.target_combined_hours_per_week IS DISTINCT FROM o.target_combined_hours_per_week);
    PERFORM lock_cases(ids);
    PERFORM refresh_case_hours(ids);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- case_pilot_changed stays: the UPDATE of cases that fires it holds the row locks already.

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION case_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM refresh_case_facts(ARRAY(SELECT DISTINCT case_id FROM old_rows));
    ELSE
        PERFORM refresh_case_facts(ARRAY(SELECT DISTINCT case_id FROM new_rows));
    END IF;
    RETURN NULL;
END;
$$;
CREATE OR REPLACE FUNCTION case_hours_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM refresh_case_hours(ARRAY(SELECT DISTINCT case_id FROM old_rows));
    ELSE
        PERFORM refresh_case_hours(ARRAY(SELECT DISTINCT case_id FROM new_rows));
    END IF;
    RETURN NULL;
END;
$$;
CREATE OR REPLACE FUNCTION pilot_target_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM refresh_case_hours(ARRAY(SELECT k.id FROM cases k JOIN new_rows n ON n.id = k.pilot_id
        JOIN old_rows o ON o.id = n.id WHERE n.target_combined_hours_per_week IS DISTINCT FROM o.target_combined_hours_per_week));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
DROP FUNCTION lock_cases(uuid[]);
