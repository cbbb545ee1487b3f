-- +goose Up
-- Least privilege. Migrations run as the owner role; `serve` connects as a login role
-- that is a member of startbaan_app, which may read and write the data but owns
-- nothing: it cannot drop or alter a table, nor drop or disable the append-only
-- triggers of audit_events, and on audit_events it may only read and append.
--
-- Roles are cluster-wide. The owner needs CREATEROLE only when startbaan_app does not
-- exist yet; an operator may create it beforehand (docs/operations.md, Migrations).
-- Tests migrate many databases of one cluster at once, so a parallel creation is fine.
-- +goose StatementBegin
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'startbaan_app') THEN
        CREATE ROLE startbaan_app NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN NULL;
    WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'role startbaan_app does not exist and role % may not create it: run CREATE ROLE startbaan_app NOLOGIN as a superuser first (docs/operations.md)', current_user;
END $$;
-- +goose StatementEnd

-- The fingerprint of the BSN key the data is sealed with (an HMAC of a fixed label
-- under the key, never the key): every command that takes the key compares it, so a
-- server with another key refuses to start instead of registering people twice.
CREATE TABLE bsn_key_fingerprint (
    only_row    boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    fingerprint bytea NOT NULL CHECK (length(fingerprint) = 32),
    recorded_at timestamptz NOT NULL DEFAULT now()
);

-- Nobody but the owner creates objects in the schema (PostgreSQL 15's default; older
-- clusters upgraded in place still grant it to PUBLIC).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO startbaan_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO startbaan_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO startbaan_app;
REVOKE UPDATE, DELETE ON audit_events FROM startbaan_app;
REVOKE INSERT, UPDATE, DELETE ON goose_db_version FROM startbaan_app;
-- The fingerprint is recorded once, at first use; replacing it is the owner's job.
REVOKE UPDATE, DELETE ON bsn_key_fingerprint FROM startbaan_app;

-- Tables and sequences of later migrations (run by the same owner role) get the same
-- grants without a line of their own. A later table that must be append-only, like
-- audit_events, revokes UPDATE and DELETE from startbaan_app in its own migration.
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO startbaan_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO startbaan_app;

-- +goose Down
-- The role stays: it is cluster-wide and other databases may use it.
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM startbaan_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM startbaan_app;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM startbaan_app;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM startbaan_app;
REVOKE USAGE ON SCHEMA public FROM startbaan_app;
DROP TABLE bsn_key_fingerprint;
