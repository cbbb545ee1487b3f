-- +goose Up
-- Every read of case data writes audit rows, so each index on audit_events costs on
-- every read. The log is read by municipality and time, by user and by case; nothing
-- looks up by object id alone.
DROP INDEX audit_events_municipality_object;

-- +goose Down
CREATE INDEX audit_events_municipality_object ON audit_events (municipality_id, object_type, object_id);
