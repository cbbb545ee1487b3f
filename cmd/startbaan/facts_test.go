package main

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
)

// TestFactsCheckAndRepair spoils the stored facts of one case and expects `facts
// check` to name it and fail, `facts repair` to fix exactly that case, and a second
// check to pass.
func TestFactsCheckAndRepair(t *testing.T) {
	url := dbtest.URL(t)
	env := map[string]string{"DATABASE_URL": url,
		"STARTBAAN_BSN_KEY":   "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		"STARTBAAN_LOG_LEVEL": "error"}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	db, err := database.Open(ctx, url, database.Options{MaxConns: 2}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{
		`INSERT INTO municipalities (id, code, name) OVERRIDING SYSTEM VALUE VALUES (1, 'GM0363', 'Amsterdam')`,
		`INSERT INTO clients (id, municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender, country_of_birth,
			residence_permit_date, household_type, language_level_intake) VALUES ('00000000-0000-0000-0000-0000000000c1', 1,
			'\x00', '\x01', 'X', '1990-01-01', 'man', 'SY', '2025-12-01', 'alleenstaand', 'A0')`,
		`INSERT INTO cases (id, municipality_id, client_id, stage, stage_entered_on, registered_on) VALUES
			('00000000-0000-0000-0000-00000000000a', 1, '00000000-0000-0000-0000-0000000000c1', 'aangemeld', '2026-01-05', '2026-01-05')`,
		`INSERT INTO weekly_hours (municipality_id, case_id, week_start, actual_work_hours) VALUES
			(1, '00000000-0000-0000-0000-00000000000a', '2026-01-05', 24)`,
	} {
		if err := db.Gorm.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"facts", "check"}, getenv, &out); err != nil {
		t.Fatalf("check of right facts: %v\n%s", err, out.String())
	}
	if err := db.Gorm.Exec(
		`UPDATE cases SET work_hours = 99, has_placement = true`,
	).Error; err != nil {
		t.Fatal(err)
	}
	out.Reset()
	err = run(ctx, []string{"facts", "check"}, getenv, &out)
	if !errors.Is(err, errDrift) ||
		!strings.Contains(out.String(), "drift: case 00000000-0000-0000-0000-00000000000a") ||
		!strings.Contains(out.String(), "1 cases differ") {
		t.Fatalf("check of spoilt facts: %v\n%s", err, out.String())
	}
	out.Reset()
	if err := run(ctx, []string{"facts", "repair"}, getenv, &out); err != nil ||
		!strings.Contains(out.String(), "1 cases changed") {
		t.Fatalf("repair: %v\n%s", err, out.String())
	}
	var work float64
	var placed bool
	db.Gorm.Raw(`SELECT work_hours, has_placement FROM cases`).Row().Scan(&work, &placed)
	if work != 24 || placed {
		t.Errorf("after repair: work_hours %v, has_placement %v; want 24, false", work, placed)
	}
	out.Reset()
	if err := run(ctx, []string{"facts", "check"}, getenv, &out); err != nil ||
		!strings.Contains(out.String(), "0 cases differ") {
		t.Fatalf("check after repair: %v\n%s", err, out.String())
	}
	if err := run(ctx, []string{"facts"}, getenv, &out); err == nil {
		t.Error("facts without a subcommand succeeds")
	}
}
