-- +goose Up
-- The core schema of Startbaan: municipalities, pilots, clients, cases and their
-- history, employers, job offers, weekly hours and integration records.
-- Every tenant table carries municipality_id, and every index that serves a list or
-- report starts with it, so that a query scoped to one municipality stays cheap.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE municipalities (
    id                   integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                 text NOT NULL UNIQUE CHECK (code ~ '^GM[0-9]{4}$'),
    name                 text NOT NULL,
    labour_market_region text NOT NULL DEFAULT '',
    created_at           timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE pilots (
    id                              integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code                            text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9-]*$'),
    name                            text NOT NULL,
    variant                         text NOT NULL,
    start_date                      date NOT NULL,
    end_date                        date,
    allows_pre_settlement_offer     boolean NOT NULL DEFAULT false,
    target_combined_hours_per_week  numeric(5,2) NOT NULL,
    target_min_work_hours_per_week  numeric(5,2) NOT NULL DEFAULT 0,
    target_min_integration_hours_per_week numeric(5,2) NOT NULL DEFAULT 0,
    target_max_days_to_offer        integer NOT NULL,
    description                     text NOT NULL DEFAULT '',
    updated_at                      timestamptz NOT NULL DEFAULT now(),
    CHECK (end_date IS NULL OR end_date >= start_date)
);

CREATE TABLE pilot_municipalities (
    municipality_id integer NOT NULL REFERENCES municipalities(id),
    pilot_id        integer NOT NULL REFERENCES pilots(id) ON DELETE CASCADE,
    PRIMARY KEY (municipality_id, pilot_id)
);
CREATE INDEX pilot_municipalities_pilot ON pilot_municipalities (pilot_id);

-- Users are extended with credentials and roles by the access work; client managers
-- own cases already.
CREATE TABLE users (
    id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    email      text NOT NULL UNIQUE,
    name       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A client's personal data, kept to the minimum. The BSN is stored encrypted
-- (AES-GCM) with a keyed hash (HMAC-SHA256) for exact lookup; never in plain text.
CREATE TABLE clients (
    id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    municipality_id        integer NOT NULL REFERENCES municipalities(id),
    bsn_ciphertext         bytea NOT NULL,
    bsn_hash               bytea NOT NULL,
    name                   text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    birth_date             date NOT NULL,
    gender                 text NOT NULL CHECK (gender IN ('man', 'vrouw', 'x')),
    country_of_birth       text NOT NULL CHECK (country_of_birth ~ '^[A-Z]{2}$'),
    residence_permit_date  date NOT NULL,
    household_type         text NOT NULL CHECK (household_type IN
        ('alleenstaand', 'alleenstaande_ouder', 'paar_zonder_kinderen', 'paar_met_kinderen', 'anders')),
    language_level_intake  text NOT NULL CHECK (language_level_intake IN ('A0', 'A1', 'A2', 'B1', 'B2', 'C1')),
    created_at             timestamptz NOT NULL DEFAULT now(),
    UNIQUE (municipality_id, bsn_hash)
);
CREATE INDEX clients_name_search ON clients USING gin (municipality_id, name gin_trgm_ops);

CREATE TABLE cases (
    id                         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    municipality_id            integer NOT NULL REFERENCES municipalities(id),
    client_id                  uuid NOT NULL REFERENCES clients(id),
    pilot_id                   integer REFERENCES pilots(id),
    client_manager_id          uuid REFERENCES users(id),
    stage                      text NOT NULL CHECK (stage IN ('aangemeld', 'gevestigd', 'uitkering_aangevraagd',
                                   'baan_aangeboden', 'aan_het_werk', 'uitgestroomd', 'afgesloten')),
    stage_entered_on           date NOT NULL,
    version                    integer NOT NULL DEFAULT 1,
    -- stage dates: the first time the case entered each stage
    registered_on              date NOT NULL,
    settled_on                 date,
    benefit_applied_on         date,
    job_offered_on             date,
    work_started_on            date,
    left_benefit_on            date,
    closed_on                  date,
    close_reason               text CHECK (close_reason IN ('verhuisd', 'uitgevallen', 'overleden',
                                   'geen_recht_op_uitkering', 'anders')),
    reentry_count              integer NOT NULL DEFAULT 0,
    -- dates the integration law and the benefit define
    brp_registered_on          date,
    benefit_granted_on         date,
    benefit_kind               text CHECK (benefit_kind IN ('volledig', 'aanvullend')),
    benefit_ended_on           date,
    benefit_end_reason         text CHECK (benefit_end_reason IN ('werk', 'verhuisd', 'inkomen_partner',
                                   'studie', 'overleden', 'anders')),
    ontzorgen_started_on       date,
    brede_intake_started_on    date,
    brede_intake_completed_on  date,
    integration_route          text CHECK (integration_route IN ('b1', 'onderwijs', 'z')),
    created_at                 timestamptz NOT NULL DEFAULT now(),
    updated_at                 timestamptz NOT NULL DEFAULT now(),
    CHECK ((stage = 'afgesloten') = (closed_on IS NOT NULL))
);
-- One active case per client (and so per BSN) per municipality.
CREATE UNIQUE INDEX cases_one_active_per_client ON cases (municipality_id, client_id) WHERE stage <> 'afgesloten';
CREATE INDEX cases_municipality_stage ON cases (municipality_id, stage, created_at DESC);
CREATE INDEX cases_municipality_created ON cases (municipality_id, created_at DESC, id);
CREATE INDEX cases_municipality_manager ON cases (municipality_id, client_manager_id, created_at DESC);
CREATE INDEX cases_municipality_pilot ON cases (municipality_id, pilot_id, created_at DESC);
CREATE INDEX cases_municipality_applied ON cases (municipality_id, benefit_applied_on);
CREATE INDEX cases_client ON cases (client_id);

-- The history of a case: stage transitions, date corrections and other changes.
CREATE TABLE case_events (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id integer NOT NULL REFERENCES municipalities(id),
    case_id         uuid NOT NULL REFERENCES cases(id),
    kind            text NOT NULL CHECK (kind IN ('aangemaakt', 'overgang', 'datumcorrectie', 'wijziging')),
    from_stage      text,
    to_stage        text,
    occurred_on     date,
    field           text,
    old_value       text,
    new_value       text,
    reentry         boolean NOT NULL DEFAULT false,
    note            text NOT NULL DEFAULT '',
    actor_id        uuid REFERENCES users(id),
    actor_name      text NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_case ON case_events (municipality_id, case_id, id);

-- PIP (persoonlijk plan inburgering en participatie) versions. The first one starts
-- the three-year inburgeringstermijn; later versions do not move it.
CREATE TABLE case_pips (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id integer NOT NULL REFERENCES municipalities(id),
    case_id         uuid NOT NULL REFERENCES cases(id),
    version         integer NOT NULL CHECK (version >= 1),
    drawn_up_on     date NOT NULL,
    route           text NOT NULL CHECK (route IN ('b1', 'onderwijs', 'z')),
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (case_id, version)
);
CREATE INDEX case_pips_case ON case_pips (municipality_id, case_id, version);

-- PVT, MAP, KNM and exam results, and exemptions (ontheffing, vrijstelling).
CREATE TABLE case_integration_results (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    municipality_id integer NOT NULL REFERENCES municipalities(id),
    case_id         uuid NOT NULL REFERENCES cases(id),
    kind            text NOT NULL CHECK (kind IN ('pvt', 'map', 'knm', 'examen_lezen', 'examen_luisteren',
                        'examen_schrijven', 'examen_spreken', 'ontheffing', 'vrijstelling')),
    outcome         text NOT NULL CHECK (outcome IN ('behaald', 'niet_behaald', 'afgerond', 'verleend')),
    on_date         date NOT NULL,
    recorded_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_integration_results_case ON case_integration_results (municipality_id, case_id);

CREATE TABLE employers (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    municipality_id integer NOT NULL REFERENCES municipalities(id),
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kvk_number      text NOT NULL CHECK (kvk_number ~ '^[0-9]{8}$'),
    sector          text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (municipality_id, kvk_number)
);
CREATE INDEX employers_municipality_name ON employers (municipality_id, name);

-- A job offer; once accepted and started it is a placement.
CREATE TABLE job_offers (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    municipality_id  integer NOT NULL REFERENCES municipalities(id),
    case_id          uuid NOT NULL REFERENCES cases(id),
    employer_id      uuid NOT NULL REFERENCES employers(id),
    offered_on       date NOT NULL,
    status           text NOT NULL CHECK (status IN ('open', 'geaccepteerd', 'afgewezen')),
    decline_reason   text,
    start_date       date,
    end_date         date,
    contract_type    text NOT NULL CHECK (contract_type IN ('bepaalde_tijd', 'onbepaalde_tijd', 'uitzend',
                         'oproep', 'leerwerk')),
    hours_per_week   numeric(5,2) NOT NULL CHECK (hours_per_week > 0 AND hours_per_week <= 60),
    hourly_wage_cents integer NOT NULL CHECK (hourly_wage_cents > 0),
    sector           text NOT NULL,
    sowis_requested  boolean NOT NULL DEFAULT false,
    sowis_granted    boolean NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    CHECK (start_date IS NULL OR start_date >= offered_on),
    CHECK (NOT sowis_granted OR sowis_requested),
    CHECK ((status = 'afgewezen') = (decline_reason IS NOT NULL))
);
CREATE INDEX job_offers_case ON job_offers (municipality_id, case_id, offered_on);
CREATE INDEX job_offers_employer ON job_offers (municipality_id, employer_id);

-- Planned and actual hours of one case in one ISO week (week_start is its Monday).
CREATE TABLE weekly_hours (
    municipality_id           integer NOT NULL REFERENCES municipalities(id),
    case_id                   uuid NOT NULL REFERENCES cases(id),
    week_start                date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
    planned_work_hours        numeric(5,2) NOT NULL DEFAULT 0,
    actual_work_hours         numeric(5,2) NOT NULL DEFAULT 0,
    planned_integration_hours numeric(5,2) NOT NULL DEFAULT 0,
    actual_integration_hours  numeric(5,2) NOT NULL DEFAULT 0,
    absence_hours             numeric(5,2) NOT NULL DEFAULT 0,
    updated_at                timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (municipality_id, case_id, week_start),
    CHECK (planned_work_hours BETWEEN 0 AND 60 AND actual_work_hours BETWEEN 0 AND 60),
    CHECK (planned_integration_hours BETWEEN 0 AND 168 AND actual_integration_hours BETWEEN 0 AND 168),
    CHECK (absence_hours BETWEEN 0 AND 168),
    CHECK (planned_work_hours + planned_integration_hours <= 168),
    CHECK (actual_work_hours + actual_integration_hours + absence_hours <= 168)
);
CREATE INDEX weekly_hours_municipality_week ON weekly_hours (municipality_id, week_start);

-- +goose Down
DROP TABLE weekly_hours, job_offers, employers, case_integration_results, case_pips,
    case_events, cases, clients, users, pilot_municipalities, pilots, municipalities;
