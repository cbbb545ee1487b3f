-- +goose Up
-- Readers of releases (issue 11): every outcome reader, and the platform administrators,
-- read the published releases; the ministry and the platform administrators may
-- withdraw one (with a reason), never edit it. Reading a release's cells needs no
-- index beyond the primary key of release_cells: every reader's query fixes the release,
-- the population and its codes, the key and the width, a prefix of that key.
INSERT INTO access_policies (role, object, action) VALUES
    ('klantmanager', 'releases', 'read'), ('teamleider', 'releases', 'read'), ('analist', 'releases', 'read'),
    ('ministerie', 'releases', 'read'), ('platformbeheer', 'releases', 'read'),
    ('ministerie', 'releases', 'withdraw'), ('platformbeheer', 'releases', 'withdraw'),
    -- the scale-up monitor (the page /monitor): the ministry's report per release
    ('ministerie', 'monitor', 'read'), ('platformbeheer', 'monitor', 'read');

-- +goose Down
DELETE FROM access_policies WHERE object IN ('releases', 'monitor');
