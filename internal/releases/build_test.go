package releases

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/demo"
	"github.com/startbaan/startbaan/internal/errs"
	ipilots "github.com/startbaan/startbaan/internal/pilots"
	"github.com/startbaan/startbaan/pilots"
)

// demoNow is the day the demo history ends; reference is the release's date.
var (
	demoNow   = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	reference = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
)

var demoData = dbtest.Seed{Name: "releases-demo",
	Fill: func(ctx context.Context, db *database.DB) error {
		if _, err := ipilots.Sync(ctx, db.Gorm, pilots.FS); err != nil {
			return err
		}
		sealer, _ := bsn.NewSealer(bytes.Repeat([]byte{9}, bsn.KeySize))
		if _, err := demo.Seed(ctx, db.Pool, sealer, demoNow); err != nil {
			return err
		}
		// Three municipalities of one pilot (about 540 cases) keep the builds of these
		// tests short; the table set still has municipalities, a pilot and NL.
		for _, table := range []string{"weekly_hours", "job_offers", "case_integration_results",
			"case_pips", "case_events",
			"cases", "clients", "employers"} {
			if _, err := db.Pool.Exec(ctx, `DELETE FROM `+table+` WHERE municipality_id NOT IN
			(SELECT id FROM municipalities WHERE code IN ('GM0743', 'GM0762', 'GM0847'))`); err != nil {
				return err
			}
		}
		return nil
	}}

// recompute computes the cells of the release of ref from the history as it is now,
// without storing them, keyed by their name.
func recompute(t *testing.T, db *database.DB, ref time.Time) map[CellName]CellValue {
	t.Helper()
	out := map[CellName]CellValue{}
	err := computeCells(t.Context(), db.Gorm, ref, func(cells []Cell) error {
		for _, c := range cells {
			if _, dup := out[c.Name()]; dup {
				return fmt.Errorf("cell %+v twice", c.Name())
			}
			out[c.Name()] = c.Published()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// stored reads every cell of release id, keyed by name.
func stored(t *testing.T, db *database.DB, id int) map[CellName]CellValue {
	t.Helper()
	cells, err := Cells(t.Context(), db.Gorm, id, CellFilter{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[CellName]CellValue{}
	for _, c := range cells {
		out[c.Name()] = c.Published()
	}
	return out
}

// diff lists the names of the cells that differ between a and b (missing in either
// included).
func diff(a, b map[CellName]CellValue) map[CellName]bool {
	out := map[CellName]bool{}
	for n, v := range a {
		if w, ok := b[n]; !ok || !reflect.DeepEqual(v, w) {
			out[n] = true
		}
	}
	for n := range b {
		if _, ok := a[n]; !ok {
			out[n] = true
		}
	}
	return out
}

// TestRebuildIsIdenticalAndIgnoresLaterChanges builds a release from the demo history,
// then changes the history only after the reference date (a transition, a new case, a
// week of hours, a placement, a result): a rebuild gives exactly the same cells.
func TestRebuildIsIdenticalAndIgnoresLaterChanges(t *testing.T) {
	db := dbtest.OpenSeeded(t, demoData)
	ctx := t.Context()
	start := time.Now()
	r, err := Build(ctx, db, reference, demoNow)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	first := stored(t, db, r.ID)
	var cases int
	db.Gorm.Raw(`SELECT count(*) FROM cases`).Scan(&cases)
	t.Logf("built release %d from %d cases: %d cells in %v", r.ID, cases, len(first), took)
	if len(first) < 5000 || r.Status != StatusVoorlopig || r.ReferenceDate != reference {
		t.Fatalf("release %+v with %d cells", r, len(first))
	}
	if d := diff(first, recompute(t, db, reference)); len(d) != 0 {
		t.Fatalf("a rebuild from the same history differs in %d cells", len(d))
	}
	if _, err := Build(ctx, db, reference, demoNow); err == nil {
		t.Fatal("a second release of the same date was built")
	}

	later := reference.AddDate(0, 1, 0)
	laterBefore := recompute(t, db, later)
	changeOn(t, db.Gorm, "2026-10")
	if d := diff(first, recompute(t, db, reference)); len(d) != 0 {
		for n := range d {
			t.Errorf("changed by a change after the reference date: %+v", n)
			break
		}
		t.Fatalf("%d cells changed", len(d))
	}
	// The same changes do show in the next month's release: they are real changes.
	if d := diff(laterBefore, recompute(t, db, later)); len(d) == 0 {
		t.Fatal("the changes changed no cell of the next release either")
	}
}

// changeOn changes the history with events dated in month (YYYY-MM, days 05-20): a
// transition, a new case, a week of hours, a MAP result and a placement.
func changeOn(t *testing.T, db *gorm.DB, month string) {
	t.Helper()
	var c struct {
		ID             string
		MunicipalityID int32
	}
	err := db.Raw(`SELECT k.id, k.municipality_id FROM cases k WHERE k.stage = 'uitkering_aangevraagd'
		AND k.benefit_applied_on < ?::date - 40 AND k.job_offered_on IS NULL ORDER BY k.id LIMIT 1`, month+"-01").Scan(&c).Error
	if err != nil || c.ID == "" {
		t.Fatalf("no case to move: %v", err)
	}
	stmts := []struct {
		sql  string
		args []any
	}{
		{`UPDATE cases SET stage = 'baan_aangeboden', stage_entered_on = ?, job_offered_on = ? WHERE id = ?`,
			[]any{month + "-15", month + "-15", c.ID}},
		{`INSERT INTO case_events (municipality_id, case_id, kind, from_stage, to_stage, occurred_on, actor_name)
			VALUES (?, ?, 'overgang', 'uitkering_aangevraagd', 'baan_aangeboden', ?, 'test')`, []any{c.MunicipalityID, c.ID, month + "-15"}},
		{`INSERT INTO case_integration_results (municipality_id, case_id, kind, outcome, on_date) VALUES (?, ?, 'map', 'afgerond', ?)`,
			[]any{c.MunicipalityID, c.ID, month + "-12"}},
		{`INSERT INTO weekly_hours (municipality_id, case_id, week_start, actual_work_hours, actual_integration_hours)
			SELECT ?, ?, d, 10, 10 FROM generate_series(?::date, ?::date, interval '1 day') d WHERE extract(isodow FROM d) = 1
			ON CONFLICT (municipality_id, case_id, week_start) DO UPDATE SET actual_work_hours = weekly_hours.actual_work_hours + 1, updated_at = now()`,
			[]any{c.MunicipalityID, c.ID, month + "-05", month + "-11"}},
		{`INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, start_date, contract_type,
				hours_per_week, hourly_wage_cents, sector)
			SELECT ?, ?, e.id, ?, 'geaccepteerd', ?, 'onbepaalde_tijd', 32, 1500, e.sector FROM employers e
			WHERE e.municipality_id = ? ORDER BY e.id LIMIT 1`, []any{c.MunicipalityID, c.ID, month + "-15", month + "-20", c.MunicipalityID}},
		{`WITH cl AS (INSERT INTO clients (municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender, country_of_birth,
				residence_permit_date, household_type, language_level_intake)
			VALUES (?, 'x', 'late-client', 'Test', '1990-01-01', 'vrouw', 'ER', ?, 'alleenstaand', 'A0') RETURNING id),
			k AS (INSERT INTO cases (municipality_id, client_id, stage, stage_entered_on, registered_on, settled_on, benefit_applied_on)
			SELECT ?, cl.id, 'uitkering_aangevraagd', ?, ?, ?, ? FROM cl RETURNING id)
			INSERT INTO case_events (municipality_id, case_id, kind, to_stage, occurred_on, actor_name)
			SELECT ?, k.id, 'aangemaakt', 'aangemeld', ?, 'test' FROM k`,
			[]any{c.MunicipalityID, month + "-05", c.MunicipalityID, month + "-12", month + "-08", month +
				"-08", month + "-12",
				c.MunicipalityID, month + "-08"}},
	}
	for _, s := range stmts {
		if err := db.Exec(s.sql, s.args...).Error; err != nil {
			t.Fatalf("%s: %v", s.sql, err)
		}
	}
}

// TestFinaliseNotesExactlyTheLateChanges builds a release, then records changes dated
// before its reference date (late entries and corrections): finalising revises exactly
// the cells a rebuild changes, and the note lists each of them, old and new, with the
// late changes counted by kind.
func TestFinaliseNotesExactlyTheLateChanges(t *testing.T) {
	db := dbtest.OpenSeeded(t, demoData)
	ctx := t.Context()
	r, err := Build(ctx, db, reference, demoNow)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Finalise(
		ctx,
		db,
		r.ID,
		reference.AddDate(0, 0, 20),
	); !errs.Is(err, errs.KindConflict) {
		t.Fatalf("finalised before it was due: %v", err)
	}
	first := stored(t, db, r.ID)
	changeOn(t, db.Gorm, "2026-09")
	want := diff(first, recompute(t, db, reference))
	if len(want) == 0 {
		t.Fatal("the late changes changed no cell")
	}
	f, err := Finalise(ctx, db, r.ID, demoNow)
	if err != nil {
		t.Fatal(err)
	}
	if f.Status != StatusDefinitief || f.FinalisedAt == nil || f.RevisionNote == nil || f.ID != r.ID {
		t.Fatalf("finalised %+v", f)
	}
	got := map[CellName]bool{}
	final := stored(t, db, r.ID)
	for _, c := range f.RevisionNote.Changes {
		if got[c.Name] {
			t.Errorf("%+v noted twice", c.Name)
		}
		got[c.Name] = true
		if old, ok := first[c.Name]; (c.Old == nil) == ok || (ok && !reflect.DeepEqual(*c.Old, old)) {
			t.Errorf("%+v: old %+v, voorlopig had %+v", c.Name, c.Old, old)
		}
		if c.New == nil || !reflect.DeepEqual(*c.New, final[c.Name]) {
			t.Errorf("%+v: new %+v, stored %+v", c.Name, c.New, final[c.Name])
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the note lists %d cells, the rebuild changed %d", len(got), len(want))
	}
	if d := diff(final, recompute(t, db, reference)); len(d) != 0 {
		t.Fatalf("the definitief release differs from a rebuild in %d cells", len(d))
	}
	for kind, n := range map[string]int{
		"lateCases":       1,
		"lateTransitions": 1,
		"lateResults":     1,
		"latePlacements":  1,
		"lateHours":       1,
	} {
		if f.RevisionNote.Reasons[kind] != n {
			t.Errorf(
				"reason %s: %d, want %d (%v)",
				kind,
				f.RevisionNote.Reasons[kind],
				n,
				f.RevisionNote.Reasons,
			)
		}
	}
	if _, err := Finalise(ctx, db, r.ID, demoNow); !errs.Is(err, errs.KindConflict) {
		t.Fatalf("finalised twice: %v", err)
	}
	if err := db.Gorm.Exec(
		`UPDATE release_cells SET status = 'afgeschermd' WHERE release_id = ?`,
		r.ID,
	).Error; err == nil {
		t.Fatal("a definitief release's cells changed")
	}
}
