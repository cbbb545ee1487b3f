-- +goose Up
-- The journal of a case (contactmomenten) and the contact details of clients,
-- employers and language schools. Both are personal data of the case: they are read
-- and written only through the case services, which audit every read and change, and
-- no figure, release or export of aggregates reads them.

-- One note per contact with the client or about the client. A note is never deleted
-- nor edited: a wrong note is withdrawn with a reason (and stays in the log of the
-- case), and the only other change is marking its follow-up done.
CREATE TABLE case_notes (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id   integer NOT NULL REFERENCES municipalities(id),
    case_id           uuid NOT NULL REFERENCES cases(id),
    contact_on        date NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('gesprek', 'telefoon', 'huisbezoek', 'werkgever',
                          'taalschool', 'overig')),
    body              text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
    follow_up_on      date,
    follow_up_user_id uuid REFERENCES users(id),
    follow_up_done_at timestamptz,
    follow_up_done_by uuid REFERENCES users(id),
    author_id         uuid REFERENCES users(id),
    author_name       text NOT NULL,
    recorded_at       timestamptz NOT NULL DEFAULT now(),
    withdrawn_at      timestamptz,
    withdrawn_by      uuid REFERENCES users(id),
    withdrawn_reason  text CHECK (char_length(withdrawn_reason) BETWEEN 1 AND 1000),
    -- a follow-up has a date; the person and the completion belong to one
    CHECK (follow_up_on IS NOT NULL OR (follow_up_user_id IS NULL AND follow_up_done_at IS NULL)),
    CHECK ((follow_up_done_at IS NULL) = (follow_up_done_by IS NULL)),
    CHECK ((withdrawn_at IS NULL) = (withdrawn_reason IS NULL)),
    CHECK (withdrawn_by IS NULL OR withdrawn_at IS NOT NULL)
);
CREATE INDEX case_notes_case ON case_notes (municipality_id, case_id, contact_on DESC);
-- The werklijst looks for follow-ups that are due: only the open ones are indexed.
CREATE INDEX case_notes_open_follow_ups ON case_notes (municipality_id, follow_up_on)
    WHERE follow_up_on IS NOT NULL AND follow_up_done_at IS NULL AND withdrawn_at IS NULL;

-- What a note says stays as written: the trigger refuses any change but completing
-- an open follow-up once and withdrawing a note once (the grants below keep the
-- application to those columns; the trigger holds for the owner too).
-- +goose StatementBegin
CREATE FUNCTION case_notes_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'case_notes are never deleted' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.id, NEW.municipality_id, NEW.case_id, NEW.contact_on, NEW.kind, NEW.body, NEW.follow_up_on,
            NEW.follow_up_user_id, NEW.author_id, NEW.author_name, NEW.recorded_at)
        IS DISTINCT FROM (OLD.id, OLD.municipality_id, OLD.case_id, OLD.contact_on, OLD.kind, OLD.body,
            OLD.follow_up_on, OLD.follow_up_user_id, OLD.author_id, OLD.author_name, OLD.recorded_at) THEN
        RAISE EXCEPTION 'a case note is not edited; withdraw it and write a new one'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.withdrawn_at IS NOT NULL AND (NEW.withdrawn_at, NEW.withdrawn_by, NEW.withdrawn_reason)
        IS DISTINCT FROM (OLD.withdrawn_at, OLD.withdrawn_by, OLD.withdrawn_reason) THEN
        RAISE EXCEPTION 'a withdrawal stands' USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF OLD.follow_up_done_at IS NOT NULL AND (NEW.follow_up_done_at, NEW.follow_up_done_by)
        IS DISTINCT FROM (OLD.follow_up_done_at, OLD.follow_up_done_by) THEN
        RAISE EXCEPTION 'a completed follow-up stands' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER case_notes_guard BEFORE UPDATE OR DELETE ON case_notes
    FOR EACH ROW EXECUTE FUNCTION case_notes_guard();
CREATE TRIGGER case_notes_no_truncate BEFORE TRUNCATE ON case_notes
    FOR EACH STATEMENT EXECUTE FUNCTION case_notes_guard();

-- Grants by name (00019): read and append; update only the completion and the
-- withdrawal columns; never delete.
GRANT SELECT, INSERT ON case_notes TO startbaan_app;
REVOKE UPDATE, DELETE ON case_notes FROM startbaan_app;
GRANT UPDATE (follow_up_done_at, follow_up_done_by, withdrawn_at, withdrawn_by, withdrawn_reason)
    ON case_notes TO startbaan_app;
GRANT USAGE, SELECT ON SEQUENCE case_notes_id_seq TO startbaan_app;

-- Contact details, all optional. Phones are stored normalised (E.164, +31…),
-- postcodes as "1234 AB"; the application checks them, the CHECKs repeat the shape.
ALTER TABLE clients
    ADD COLUMN phone              text CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
    ADD COLUMN email              text CHECK (char_length(email) BETWEEN 3 AND 254),
    ADD COLUMN street             text CHECK (char_length(street) BETWEEN 1 AND 200),
    ADD COLUMN house_number       text CHECK (char_length(house_number) BETWEEN 1 AND 20),
    ADD COLUMN postcode           text CHECK (postcode ~ '^[1-9][0-9]{3} [A-Z]{2}$'),
    ADD COLUMN city               text CHECK (char_length(city) BETWEEN 1 AND 100),
    ADD COLUMN preferred_language text CHECK (char_length(preferred_language) BETWEEN 1 AND 100),
    ADD COLUMN interpreter_needed text CHECK (interpreter_needed IN ('ja', 'nee'));

-- The language school or course provider of the case, with its contact.
ALTER TABLE cases
    ADD COLUMN course_provider       text CHECK (char_length(course_provider) BETWEEN 1 AND 200),
    ADD COLUMN course_contact_person text CHECK (char_length(course_contact_person) BETWEEN 1 AND 200),
    ADD COLUMN course_phone          text CHECK (course_phone ~ '^\+[1-9][0-9]{7,14}$'),
    ADD COLUMN course_email          text CHECK (char_length(course_email) BETWEEN 3 AND 254);

ALTER TABLE employers
    ADD COLUMN contact_person text CHECK (char_length(contact_person) BETWEEN 1 AND 200),
    ADD COLUMN phone          text CHECK (phone ~ '^\+[1-9][0-9]{7,14}$'),
    ADD COLUMN email          text CHECK (char_length(email) BETWEEN 3 AND 254),
    ADD COLUMN street         text CHECK (char_length(street) BETWEEN 1 AND 200),
    ADD COLUMN house_number   text CHECK (char_length(house_number) BETWEEN 1 AND 20),
    ADD COLUMN postcode       text CHECK (postcode ~ '^[1-9][0-9]{3} [A-Z]{2}$'),
    ADD COLUMN city           text CHECK (char_length(city) BETWEEN 1 AND 100);

-- +goose Down
ALTER TABLE employers DROP COLUMN contact_person, DROP COLUMN phone, DROP COLUMN email,
    DROP COLUMN street, DROP COLUMN house_number, DROP COLUMN postcode, DROP COLUMN city;
ALTER TABLE cases DROP COLUMN course_provider, DROP COLUMN course_contact_person,
    DROP COLUMN course_phone, DROP COLUMN course_email;
ALTER TABLE clients DROP COLUMN phone, DROP COLUMN email, DROP COLUMN street, DROP COLUMN house_number,
    DROP COLUMN postcode, DROP COLUMN city, DROP COLUMN preferred_language, DROP COLUMN interpreter_needed;
DROP TABLE case_notes;
DROP FUNCTION case_notes_guard();
