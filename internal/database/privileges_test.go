package database_test

import (
	"context"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
)

// TestAppRolePrivileges connects as a login of startbaan_app, as `serve` does in
// production, to a database migrated by its owner: the application reads and writes
// cases and appends to the audit log, but cannot rewrite the log, drop or disable
// its triggers, change the schema or the migration record.
func TestAppRolePrivileges(t *testing.T) {
	ctx := context.Background()
	appURL, ownerURL := dbtest.AppURL(t)
	app := openPlain(t, appURL).Pool
	if p, err := database.Privileged(ctx, app); err != nil || p {
		t.Errorf("the application's role counts as privileged: %t %v", p, err)
	}
	if p, err := database.Privileged(ctx, openPlain(t, ownerURL).Pool); err != nil || !p {
		t.Errorf("the owner does not count as privileged: %t %v", p, err)
	}

	allowed := []string{
		`INSERT INTO municipalities (code, name) VALUES ('GM9999', 'Proefgemeente')`,
		`INSERT INTO clients (municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender, country_of_birth,
			residence_permit_date, household_type, language_level_intake)
			SELECT id, '\x00', '\x01', 'Test Persoon', '1990-01-01', 'x', 'SY', '2024-01-01', 'alleenstaand', 'A1'
			FROM municipalities WHERE code = 'GM9999'`,
		`INSERT INTO cases (municipality_id, client_id, stage, stage_entered_on, registered_on)
			SELECT municipality_id, id, 'aangemeld', '2025-01-06', '2025-01-06' FROM clients`,
		`UPDATE cases SET stage = 'gevestigd', settled_on = '2025-01-13', version = version + 1`,
		`SELECT count(*) FROM cases`,
		`INSERT INTO audit_events (trace_id, action, object_type, processing_activity, outcome)
			VALUES ('t', 'lezen', 'case', 'test', 'gelukt')`,
		`SELECT count(*) FROM audit_events`,
		`SELECT count(*) FROM goose_db_version`,
		`INSERT INTO bsn_key_fingerprint (fingerprint) VALUES (decode(repeat('ab', 32), 'hex'))`,
		`SELECT pg_notify('startbaan_test', '')`,
		`SELECT pg_advisory_lock(1), pg_advisory_unlock(1)`,
	}
	for _, stmt := range allowed {
		if _, err := app.Exec(ctx, stmt); err != nil {
			t.Errorf("as the application, %.60s…: %v", stmt, err)
		}
	}
	refused := []string{
		`UPDATE audit_events SET outcome = 'mislukt'`,
		`DELETE FROM audit_events`,
		`TRUNCATE audit_events`,
		`ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete`,
		`ALTER TABLE audit_events DISABLE TRIGGER ALL`,
		`DROP TRIGGER audit_events_no_update_delete ON audit_events`,
		`DROP FUNCTION audit_events_append_only() CASCADE`,
		`CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
		`DROP TABLE audit_events`,
		`DROP TABLE cases CASCADE`,
		`ALTER TABLE cases DROP COLUMN stage`,
		`CREATE TABLE scratch (i int)`,
		`DELETE FROM goose_db_version`,
		`INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)`,
		`UPDATE bsn_key_fingerprint SET fingerprint = decode(repeat('cd', 32), 'hex')`,
		`DELETE FROM bsn_key_fingerprint`,
	}
	for _, stmt := range refused {
		_, err := app.Exec(ctx, stmt)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "42501" {
			t.Errorf("as the application, %.60s…: %v, want permission denied", stmt, err)
		}
	}
	var n int
	if err := app.QueryRow(
		ctx,
		`SELECT count(*) FROM audit_events WHERE outcome = 'gelukt'`,
	).Scan(&n); err != nil ||
		n != 1 {
		t.Errorf("the audit row after the refused statements: %d %v", n, err)
	}
}
