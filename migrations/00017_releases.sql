-- +goose Up
-- Statistical releases (issue 11, docs/outcomes.md "Releases"): numbered, frozen sets
-- of outcome tables as of a reference date, protected by the cell-key method.

-- Every case's record key for the cell-key method: uniform in [0, 2^31), drawn once
-- (existing cases get theirs here, new ones at insert) and never changed, so that the
-- same set of cases gets the same noise in every table of every release.
ALTER TABLE cases ADD COLUMN cell_key integer NOT NULL DEFAULT floor(random() * 2147483648)::integer
    CHECK (cell_key >= 0);

-- +goose StatementBegin
CREATE FUNCTION cases_cell_key_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.cell_key IS DISTINCT FROM OLD.cell_key THEN
        RAISE EXCEPTION 'the cell key of a case never changes' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER cases_cell_key_fixed BEFORE UPDATE OF cell_key ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_cell_key_fixed();

CREATE TABLE releases (
    id                  serial PRIMARY KEY,   -- the release number people cite
    reference_date      date NOT NULL UNIQUE CHECK (extract(day FROM reference_date) = 1),
    status              text NOT NULL CHECK (status IN ('voorlopig', 'definitief', 'ingetrokken')),
    built_at            timestamptz NOT NULL DEFAULT now(),
    finalised_at        timestamptz,
    revision_note       jsonb,                -- definitief: the cells that changed and why
    withdrawn_at        timestamptz,
    withdrawn_reason    text CHECK (length(withdrawn_reason) BETWEEN 1 AND 2000),
    withdrawn_by        uuid REFERENCES users(id),
    definitions_version text NOT NULL,
    method              text NOT NULL,
    parameters          jsonb NOT NULL,
    CHECK ((finalised_at IS NULL) = (revision_note IS NULL)),
    CHECK ((status = 'ingetrokken') = (withdrawn_at IS NOT NULL AND withdrawn_reason IS NOT NULL))
);

-- The cells of a release, stored a block to a row: one population, cohort key, width,
-- cohort and split value with all its figures in `cells` ({"figure": {"v": value,
-- "l": lower, "u": upper, "d": denominator, "s": status}}, nulls left out). A release
-- of the national volume holds some 24 million cells; a row per cell with its name
-- repeated in the row and the primary key took 5 GB and longer than a build may take,
-- a row per block (about 220,000) stays compact (TOAST compresses the repeated names)
-- and is written in minutes. Readers see one row per cell through the view
-- release_cells below.
-- +goose StatementBegin
CREATE FUNCTION jsonb_key_count(j jsonb) RETURNS integer LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT count(*)::integer FROM jsonb_object_keys(j)
$$;
-- +goose StatementEnd
CREATE TABLE release_blocks (
    release_id      integer NOT NULL REFERENCES releases(id),
    population      text NOT NULL CHECK (population IN ('gemeente', 'pilot', 'nationaal')),
    population_code text NOT NULL,        -- CBS code, pilot code, or 'NL'
    cohort_key      text NOT NULL CHECK (cohort_key IN ('benefitApplication', 'settlement', 'residencePermit')),
    cohort_width    text NOT NULL CHECK (cohort_width IN ('quarter', 'year')),
    cohort          text NOT NULL,        -- '2025-Q1' | '2025'
    split           text NOT NULL CHECK (split IN ('', 'gender', 'ageBand', 'route')),
    split_value     text NOT NULL,        -- '' or the group value (vrouw, 18-26, b1 ...)
    cells           jsonb NOT NULL CHECK (jsonb_typeof(cells) = 'object'),
    cell_count      integer NOT NULL CHECK (cell_count = jsonb_key_count(cells)), -- cells counted without reading them
    PRIMARY KEY (release_id, population, population_code, cohort_key, cohort_width, cohort, split, split_value),
    CHECK ((split = '') = (split_value = ''))
);

-- One row per cell: figure is cases, stage.aan_het_werk, share.<name>, atWork.6m ...
CREATE VIEW release_cells AS
SELECT b.release_id, b.population, b.population_code, b.cohort_key, b.cohort_width, b.cohort, b.split, b.split_value,
    c.key AS figure, (c.value ->> 'v')::numeric AS value, (c.value ->> 'l')::numeric AS lower,
    (c.value ->> 'u')::numeric AS upper, (c.value ->> 'd')::integer AS denominator, c.value ->> 's' AS status
FROM release_blocks b CROSS JOIN LATERAL jsonb_each(b.cells) c;

-- A cell written through the view (a revision at finalisation, a test's fixture) lands
-- in its block; a cell keeps its name.
-- +goose StatementBegin
CREATE FUNCTION release_cell_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND ROW(NEW.release_id, NEW.population, NEW.population_code, NEW.cohort_key, NEW.cohort_width,
            NEW.cohort, NEW.split, NEW.split_value, NEW.figure) IS DISTINCT FROM ROW(OLD.release_id, OLD.population,
            OLD.population_code, OLD.cohort_key, OLD.cohort_width, OLD.cohort, OLD.split, OLD.split_value, OLD.figure) THEN
        RAISE EXCEPTION 'a release cell keeps its name' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.status IS NULL OR NEW.status NOT IN ('gepubliceerd', 'afgeschermd', 'nog_niet_bekend') THEN
        RAISE EXCEPTION 'release cell status %', NEW.status USING ERRCODE = 'check_violation';
    END IF;
    INSERT INTO release_blocks AS b (release_id, population, population_code, cohort_key, cohort_width, cohort, split,
        split_value, cells, cell_count)
    VALUES (NEW.release_id, NEW.population, NEW.population_code, NEW.cohort_key, NEW.cohort_width, NEW.cohort, NEW.split,
        NEW.split_value, jsonb_build_object(NEW.figure, jsonb_strip_nulls(jsonb_build_object('v', NEW.value, 'l', NEW.lower,
            'u', NEW.upper, 'd', NEW.denominator, 's', NEW.status))), 1)
    ON CONFLICT (release_id, population, population_code, cohort_key, cohort_width, cohort, split, split_value)
    DO UPDATE SET cells = b.cells || EXCLUDED.cells,
        cell_count = jsonb_key_count(b.cells || EXCLUDED.cells);
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER release_cells_write INSTEAD OF INSERT OR UPDATE ON release_cells
    FOR EACH ROW EXECUTE FUNCTION release_cell_write();

-- A release changes only along its life: voorlopig -> definitief (once, with its
-- revision note), and either -> ingetrokken (with a reason). Its cells are written
-- while it is voorlopig (the first build and the revision at finalisation) and never
-- after; nobody deletes either (no DELETE for the app role, and this guard).
-- +goose StatementBegin
CREATE FUNCTION releases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF ROW(NEW.id, NEW.reference_date, NEW.built_at, NEW.definitions_version, NEW.method, NEW.parameters)
        IS DISTINCT FROM ROW(OLD.id, OLD.reference_date, OLD.built_at, OLD.definitions_version, OLD.method, OLD.parameters) THEN
        RAISE EXCEPTION 'a release is never edited' USING ERRCODE = 'check_violation';
    END IF;
    IF OLD.status = 'ingetrokken'
        OR (OLD.status = 'definitief' AND NEW.status <> 'ingetrokken')
        OR (OLD.status = 'voorlopig' AND NEW.status = 'voorlopig')
        OR (OLD.finalised_at IS NOT NULL AND ROW(NEW.finalised_at, NEW.revision_note) IS DISTINCT FROM ROW(OLD.finalised_at, OLD.revision_note)) THEN
        RAISE EXCEPTION 'release % may not go from % to %', OLD.id, OLD.status, NEW.status USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
-- Statement-level with transition tables: a build writes millions of cells by COPY,
-- and one check per statement costs nothing next to one per row.
CREATE FUNCTION release_cells_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        RAISE EXCEPTION 'releases and their cells are never deleted' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'UPDATE' THEN -- nested: old_rows exists only for an update
        IF EXISTS (SELECT 1 FROM new_rows n LEFT JOIN old_rows o USING (release_id, population,
                population_code, cohort_key, cohort_width, cohort, split, split_value) WHERE o.release_id IS NULL) THEN
            RAISE EXCEPTION 'a block of release cells keeps its name' USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF EXISTS (SELECT 1 FROM releases r WHERE r.id IN (SELECT DISTINCT release_id FROM new_rows) AND r.status <> 'voorlopig') THEN
        RAISE EXCEPTION 'the cells of a definitive or withdrawn release are frozen' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER releases_guard BEFORE UPDATE ON releases FOR EACH ROW EXECUTE FUNCTION releases_guard();
CREATE TRIGGER releases_no_delete BEFORE DELETE OR TRUNCATE ON releases FOR EACH STATEMENT EXECUTE FUNCTION release_cells_guard();
CREATE TRIGGER release_blocks_no_delete BEFORE DELETE OR TRUNCATE ON release_blocks
    FOR EACH STATEMENT EXECUTE FUNCTION release_cells_guard();
CREATE TRIGGER release_blocks_ins AFTER INSERT ON release_blocks REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION release_cells_guard();
CREATE TRIGGER release_blocks_upd AFTER UPDATE ON release_blocks REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION release_cells_guard();

REVOKE DELETE ON releases, release_blocks, release_cells FROM startbaan_app;

-- +goose Down
DROP VIEW release_cells;
DROP TABLE release_blocks, releases;
DROP FUNCTION release_cell_write(), release_cells_guard(), releases_guard(), jsonb_key_count(jsonb);
DROP TRIGGER cases_cell_key_fixed ON cases;
DROP FUNCTION cases_cell_key_fixed();
ALTER TABLE cases DROP COLUMN cell_key;
