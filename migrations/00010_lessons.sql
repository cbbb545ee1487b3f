-- +goose Up
-- Lessons learned: written by a municipality about its pilot, draft until a team lead
-- publishes them; published lessons are read by every municipality and the ministry,
-- which tags them and marks them ready for scale-up. Searched in Dutch full text.
CREATE TABLE lessons (
    id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    municipality_id    integer NOT NULL REFERENCES municipalities(id),
    pilot_id           integer REFERENCES pilots(id),
    theme              text NOT NULL CHECK (theme IN ('werkgevers', 'combinatie_werk_inburgering', 'begeleiding',
                           'taal', 'uitkering', 'samenwerking', 'anders')),
    title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    tried              text NOT NULL DEFAULT '' CHECK (length(tried) <= 10000),
    worked             text NOT NULL DEFAULT '' CHECK (length(worked) <= 10000),
    did_not_work       text NOT NULL DEFAULT '' CHECK (length(did_not_work) <= 10000),
    evidence           text NOT NULL DEFAULT '' CHECK (length(evidence) <= 10000),
    linked_figures     text[] NOT NULL DEFAULT '{}',
    status             text NOT NULL DEFAULT 'concept' CHECK (status IN ('concept', 'gepubliceerd')),
    author_id          uuid REFERENCES users(id),
    published_by       uuid REFERENCES users(id),
    published_at       timestamptz,
    tags               text[] NOT NULL DEFAULT '{}',
    ready_for_scale_up boolean NOT NULL DEFAULT false,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    search             tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('dutch', title), 'A') ||
        setweight(to_tsvector('dutch', tried || ' ' || worked || ' ' || did_not_work), 'B') ||
        setweight(to_tsvector('dutch', evidence), 'C')) STORED,
    CHECK ((status = 'gepubliceerd') = (published_at IS NOT NULL))
);
CREATE INDEX lessons_search ON lessons USING gin (search);
CREATE INDEX lessons_municipality ON lessons (municipality_id, status, updated_at DESC);
CREATE INDEX lessons_published ON lessons (published_at DESC) WHERE status = 'gepubliceerd';

-- Case workers read published lessons of every municipality too.
INSERT INTO access_policies (role, object, action) VALUES
    ('klantmanager', 'lessons', 'read'), ('teamleider', 'lessons', 'read');

-- +goose Down
DELETE FROM access_policies WHERE object = 'lessons' AND action = 'read' AND role IN ('klantmanager', 'teamleider');
DROP TABLE lessons;
