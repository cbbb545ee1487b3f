-- +goose Up
-- The audit log, modelled on Logius' Logboek Dataverwerkingen: who processed which
-- record, when, from where, for which processing activity and with what outcome. The
-- data subject is only a keyed hash. Append-only: the database itself refuses UPDATE,
-- DELETE and TRUNCATE, so neither a bug nor a stolen application login can rewrite it.
CREATE TABLE audit_events (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at         timestamptz NOT NULL DEFAULT now(),
    ended_at            timestamptz,
    trace_id            text NOT NULL,
    user_id             uuid,
    role                text,
    municipality_id     integer REFERENCES municipalities(id),
    action              text NOT NULL CHECK (action IN ('lezen', 'aanmaken', 'wijzigen', 'verwijderen',
                            'exporteren', 'inloggen', 'inloggen_mislukt', 'uitloggen', 'geweigerd')),
    object_type         text NOT NULL,
    object_id           text,
    processing_activity text NOT NULL,
    outcome             text NOT NULL CHECK (outcome IN ('gelukt', 'mislukt', 'geweigerd')),
    client_address      inet,
    data_subject_hash   bytea
);
CREATE INDEX audit_events_municipality_time ON audit_events (municipality_id, occurred_at DESC);
CREATE INDEX audit_events_municipality_user ON audit_events (municipality_id, user_id, occurred_at DESC);
CREATE INDEX audit_events_municipality_object ON audit_events (municipality_id, object_type, object_id);

-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- +goose Down
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
