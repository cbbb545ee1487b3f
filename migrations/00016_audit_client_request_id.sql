-- +goose Up
-- The trace id of an audit row is the server's own request id; a client's
-- X-Request-Id, when short and plain, is kept beside it, so that a caller's log can
-- still be matched without letting the caller choose (or bloat) the trace id.
-- NOT VALID: the rule holds for every new row without scanning the existing log
-- (whose older rows may hold a trace id a client chose).
ALTER TABLE audit_events
    ADD COLUMN client_request_id text,
    ADD CONSTRAINT audit_events_client_request_id_form
        CHECK (client_request_id ~ '^[A-Za-z0-9._:-]{1,64}$') NOT VALID,
    ADD CONSTRAINT audit_events_trace_id_length CHECK (length(trace_id) <= 64) NOT VALID,
    ADD CONSTRAINT audit_events_object_id_length CHECK (length(object_id) <= 200) NOT VALID;

-- +goose Down
ALTER TABLE audit_events
    DROP CONSTRAINT audit_events_object_id_length,
    DROP CONSTRAINT audit_events_trace_id_length,
    DROP COLUMN client_request_id;
