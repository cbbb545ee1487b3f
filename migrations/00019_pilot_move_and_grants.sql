-- +goose Up
-- A case moving into a pilot while the pilot's target changes: the target's trigger
-- lists the pilot's cases from a snapshot that misses the uncommitted move, and the
-- move recomputed with the old target, so weeks_on_target stayed wrong. The move now
-- shares the new pilot's row first: a target change (which updates that row) waits
-- for the move or the move for it, and the recomputation that follows, a statement of
-- its own, sees the committed target.
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION case_pilot_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids uuid[];
BEGIN
    IF pg_trigger_depth() > 1 THEN -- the refresh itself updates cases: no recursion
        RETURN NULL;
    END IF;
    ids := ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.pilot_id IS DISTINCT FROM o.pilot_id);
    IF cardinality(ids) = 0 THEN
        RETURN NULL;
    END IF;
    PERFORM 1 FROM pilots p WHERE p.id IN (SELECT n.pilot_id FROM new_rows n WHERE n.id = ANY(ids))
        ORDER BY p.id FOR SHARE;
    PERFORM refresh_case_hours(ids);
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- Tables made after 00014 got the application role's rights through default
-- privileges, which hold only for tables made by the role that ran 00014. A later
-- migration run by another owner would leave them out: grant them by name too.
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO startbaan_app;

-- +goose Down
-- +goose StatementBegin
CREATE OR REPLACE FUNCTION case_pilot_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() > 1 THEN
        RETURN NULL;
    END IF;
    PERFORM refresh_case_hours(ARRAY(SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE n.pilot_id IS DISTINCT FROM o.pilot_id));
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
