-- +goose Up
-- A short case number people can say aloud on the phone ("2026-0147"): the year of
-- registration and a sequence within the municipality and that year. Unique per
-- municipality, never changed once given (a corrected registration date keeps it).

-- The last number given per municipality and year. A new case takes the next one with
-- INSERT ... ON CONFLICT DO UPDATE, which locks the counter row until the creating
-- transaction ends: parallel creates in one municipality queue on it and never draw
-- the same number, and a rolled-back create gives its number back.
CREATE TABLE case_number_counters (
    municipality_id integer NOT NULL REFERENCES municipalities(id),
    year            integer NOT NULL CHECK (year BETWEEN 1900 AND 9999),
    last            integer NOT NULL CHECK (last > 0),
    PRIMARY KEY (municipality_id, year)
);

ALTER TABLE cases ADD COLUMN case_number text;

-- Existing cases are numbered in the order they were created.
UPDATE cases k SET case_number = s.number
FROM (SELECT id, y || '-' || CASE WHEN n < 10000 THEN lpad(n::text, 4, '0') ELSE n::text END AS number
    FROM (SELECT id, extract(year FROM registered_on)::integer AS y, row_number() OVER (
            PARTITION BY municipality_id, extract(year FROM registered_on) ORDER BY created_at, id) AS n
        FROM cases) numbered) s
WHERE s.id = k.id;

INSERT INTO case_number_counters (municipality_id, year, last)
SELECT municipality_id, extract(year FROM registered_on)::integer, count(*)
FROM cases GROUP BY 1, 2;

ALTER TABLE cases ALTER COLUMN case_number SET NOT NULL;
ALTER TABLE cases ADD CONSTRAINT cases_case_number_unique UNIQUE (municipality_id, case_number);

-- +goose StatementBegin
CREATE FUNCTION cases_number_given() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    y integer := extract(year FROM NEW.registered_on)::integer;
    n integer;
BEGIN
    INSERT INTO case_number_counters AS c (municipality_id, year, last)
    VALUES (NEW.municipality_id, y, 1)
    ON CONFLICT (municipality_id, year) DO UPDATE SET last = c.last + 1
    RETURNING c.last INTO n;
    -- four digits as a rule; a municipality past 9,999 cases in a year gets five
    NEW.case_number := y || '-' || CASE WHEN n < 10000 THEN lpad(n::text, 4, '0') ELSE n::text END;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER cases_number_given BEFORE INSERT ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_number_given();

-- +goose StatementBegin
CREATE FUNCTION cases_number_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.case_number IS DISTINCT FROM OLD.case_number THEN
        RAISE EXCEPTION 'the number of a case never changes' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER cases_number_fixed BEFORE UPDATE OF case_number ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_number_fixed();

-- The application draws numbers and never removes a counter (00019: grant by name).
GRANT SELECT, INSERT, UPDATE ON case_number_counters TO startbaan_app;
REVOKE DELETE ON case_number_counters FROM startbaan_app;

-- +goose Down
DROP TRIGGER cases_number_fixed ON cases;
DROP FUNCTION cases_number_fixed();
DROP TRIGGER cases_number_given ON cases;
DROP FUNCTION cases_number_given();
ALTER TABLE cases DROP COLUMN case_number;
DROP TABLE case_number_counters;
