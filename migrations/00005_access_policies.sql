-- +goose Up
-- What each role may do (Casbin "p" rules), written once for every domain ('*').
-- Who holds which role where ("g" rules) comes from role_assignments. Object and action
-- names are the ones the routes declare; keep this list short (a check scans it).
CREATE TABLE access_policies (
    role   text NOT NULL,
    domain text NOT NULL DEFAULT '*',
    object text NOT NULL,
    action text NOT NULL,
    PRIMARY KEY (role, domain, object, action)
);

INSERT INTO access_policies (role, object, action) VALUES
    -- reference data for everyone who holds a role
    ('klantmanager', 'reference', 'read'), ('teamleider', 'reference', 'read'), ('analist', 'reference', 'read'),
    ('beheerder', 'reference', 'read'), ('ministerie', 'reference', 'read'), ('platformbeheer', 'reference', 'read'),
    -- case work
    ('klantmanager', 'cases', 'read'), ('klantmanager', 'cases', 'write'),
    ('klantmanager', 'employers', 'read'), ('klantmanager', 'employers', 'write'),
    ('teamleider', 'cases', 'read'), ('teamleider', 'cases', 'write'), ('teamleider', 'cases', 'close'),
    ('teamleider', 'cases', 'assign'), ('teamleider', 'employers', 'read'), ('teamleider', 'employers', 'write'),
    ('teamleider', 'lessons', 'write'), ('teamleider', 'lessons', 'publish'), ('teamleider', 'audit', 'read'),
    ('teamleider', 'outcomes', 'read'),
    ('klantmanager', 'lessons', 'write'), ('klantmanager', 'outcomes', 'read'),
    -- aggregates only
    ('analist', 'outcomes', 'read'), ('analist', 'lessons', 'read'),
    ('ministerie', 'outcomes', 'read'), ('ministerie', 'lessons', 'read'), ('ministerie', 'lessons', 'tag'),
    -- administration
    ('beheerder', 'users', 'manage'),
    ('platformbeheer', 'users', 'manage'), ('platformbeheer', 'municipalities', 'manage'),
    ('platformbeheer', 'pilots', 'manage');

-- +goose Down
DROP TABLE access_policies;
