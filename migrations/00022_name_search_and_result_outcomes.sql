-- +goose Up
-- Name search that works for the clients' names (docs/domain.md, "Finding a client by
-- name"): insensitive to case, diacritics, hyphens, apostrophes and spaces, tolerant to
-- transliteration variants. unaccent is a trusted contrib extension (postgresql-15).
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;

-- search_name is a name as the search compares it: lower case, without diacritics
-- (Öztürk → ozturk), apostrophes dropped (O'Brien → obrien) and every other run of
-- non-letters one space (Al-Khatib → al khatib). The words are kept: trigram word
-- similarity needs them. The body is SQL-standard, so the dictionary is bound at
-- creation (no search_path at run time) and the two-argument unaccent makes it
-- immutable, as an index expression must be.
CREATE FUNCTION search_name(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN btrim(regexp_replace(regexp_replace(
        lower(public.unaccent('public.unaccent'::regdictionary, name)),
        '[''`‘’]', '', 'g'), '[^[:alnum:]]+', ' ', 'g'));

-- search_compact drops the spaces too: "alkhatib" finds Al-Khatib, "vandenberg" finds
-- van den Berg.
CREATE FUNCTION search_compact(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN replace(search_name(name), ' ', '');

-- search_skeleton writes each word's inner vowels as one "a" and doubled letters once,
-- between spaces: Mohammed, Mohamed and Muhammad are all " mahamad ", Yousef, Youssef
-- and Yusuf " yasaf ", while Mahmoud stays " mahmad ". Transliterations of Arabic
-- names differ mostly in their vowels; a skeleton match ranks below every spelling match.
CREATE FUNCTION search_skeleton(name text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    RETURN ' ' || regexp_replace(regexp_replace(search_name(name), '(.)\1+', '\1', 'g'),
        '\Y[aeiouy]+', 'a', 'g') || ' ';

-- Functions are executable by PUBLIC by default; grant them by name anyway, so that a
-- cluster that revoked PUBLIC's rights still lets the application search.
GRANT EXECUTE ON FUNCTION search_name(text), search_compact(text), search_skeleton(text)
    TO startbaan_app;

-- One GIN index serves every arm of a search within a municipality (LIKE and word
-- similarity on the words, LIKE on the compact form and the skeletons).
CREATE INDEX clients_search ON clients USING gin (municipality_id,
    search_name(name) gin_trgm_ops, search_compact(name) gin_trgm_ops,
    search_skeleton(name) gin_trgm_ops);
DROP INDEX clients_name_search;

-- Result outcomes per kind (docs/domain.md, "Domain objects"): a PVT and the MAP are
-- completed (afgerond), the KNM and the exams passed or not passed, an exemption
-- granted. A PVT or MAP once stored as "behaald" meant completed (the outcome figures
-- counted it so): it is written as such. Any other old row the rule cannot translate
-- stays as recorded (NOT VALID: the rule holds for every row written from now on).
UPDATE case_integration_results SET outcome = 'afgerond'
    WHERE kind IN ('pvt', 'map') AND outcome = 'behaald';
ALTER TABLE case_integration_results ADD CONSTRAINT case_integration_results_outcome_per_kind
    CHECK ((kind IN ('pvt', 'map') AND outcome = 'afgerond')
        OR (kind IN ('knm', 'examen_lezen', 'examen_luisteren', 'examen_schrijven',
                'examen_spreken') AND outcome IN ('behaald', 'niet_behaald'))
        OR (kind IN ('ontheffing', 'vrijstelling') AND outcome = 'verleend')) NOT VALID;

-- +goose Down
ALTER TABLE case_integration_results DROP CONSTRAINT case_integration_results_outcome_per_kind;
CREATE INDEX clients_name_search ON clients USING gin (municipality_id, name gin_trgm_ops);
DROP INDEX clients_search;
DROP FUNCTION search_skeleton(text), search_compact(text), search_name(text);
