-- +goose Up
-- Accounts and role assignments. Role assignments live in a table of our own, written
-- in the same transaction as the change that makes them; the access policy is derived
-- from it (see internal/access). The domain is a municipality's CBS code, or NL for the
-- national roles.
ALTER TABLE users
    ADD COLUMN password_hash text,
    ADD COLUMN disabled_at   timestamptz,
    ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now();

CREATE TABLE role_assignments (
    user_id    uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    domain     text NOT NULL CHECK (domain ~ '^(GM[0-9]{4}|NL)$'),
    role       text NOT NULL CHECK (role IN ('klantmanager', 'teamleider', 'analist', 'beheerder',
                   'ministerie', 'platformbeheer')),
    granted_at timestamptz NOT NULL DEFAULT now(),
    granted_by uuid REFERENCES users(id),
    PRIMARY KEY (user_id, domain, role),
    -- national roles hold the national domain only, municipal roles a municipality only
    CHECK ((role IN ('ministerie', 'platformbeheer')) = (domain = 'NL'))
);
CREATE INDEX role_assignments_domain ON role_assignments (domain, role);

-- +goose Down
DROP TABLE role_assignments;
ALTER TABLE users DROP COLUMN password_hash, DROP COLUMN disabled_at, DROP COLUMN updated_at;
