-- +goose Up
-- Sorting a municipality's case list by client name: walk the clients of that
-- municipality in name order instead of joining and sorting all of them.
CREATE INDEX clients_municipality_name ON clients (municipality_id, name, id);

-- +goose Down
DROP INDEX clients_municipality_name;
