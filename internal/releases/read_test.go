package releases_test

import (
	"context"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/releases"
)

func TestReadAndWithdraw(t *testing.T) {
	ctx := context.Background()
	db := dbtest.Open(t).Gorm
	for _, ref := range []string{"2026-01-01", "2026-02-01"} {
		if err := db.Exec(`INSERT INTO releases (reference_date, status, definitions_version, method, parameters)
			VALUES (?, 'voorlopig', 'test', 'cell-key', '{"d":3}')`, ref).Error; err != nil {
			t.Fatal(err)
		}
	}
	newest, err := releases.Newest(ctx, db)
	if err != nil || newest.ReferenceDate != time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC) ||
		newest.Status != releases.StatusVoorlopig {
		t.Fatalf("newest = %+v, %v", newest, err)
	}
	if err := db.Exec(`INSERT INTO release_cells (release_id, population, population_code, cohort_key, cohort_width, cohort,
			split, split_value, figure, value, status) VALUES
			(?, 'gemeente', 'GM0363', 'benefitApplication', 'quarter', '2025-Q1', '', '', 'cases', 42, 'gepubliceerd'),
			(?, 'gemeente', 'GM0363', 'benefitApplication', 'quarter', '2025-Q1', 'gender', 'vrouw', 'cases', NULL, 'afgeschermd'),
			(?, 'nationaal', 'NL', 'benefitApplication', 'year', '2025', '', '', 'stage.aan_het_werk', 17, 'gepubliceerd')`,
		newest.ID, newest.ID, newest.ID).Error; err != nil {
		t.Fatal(err)
	}
	none := ""
	cells, err := releases.Cells(
		ctx,
		db,
		newest.ID,
		releases.CellFilter{Codes: []string{"GM0363"}, Split: &none},
	)
	if err != nil || len(cells) != 1 || *cells[0].Value != 42 ||
		cells[0].Status != releases.CellPublished {
		t.Fatalf("cells = %+v, %v", cells, err)
	}
	if cells, _ := releases.Cells(
		ctx,
		db,
		newest.ID,
		releases.CellFilter{FigurePrefix: "stage."},
	); len(cells) != 1 ||
		cells[0].PopulationCode != "NL" {
		t.Fatalf("prefix cells = %+v", cells)
	}
	if n, err := releases.CountCells(
		ctx,
		db,
		newest.ID,
		releases.CellFilter{Population: releases.PopulationMunicipality},
	); err != nil ||
		n != 2 {
		t.Fatalf("count = %d, %v", n, err)
	}
	if _, err := releases.Cells(
		ctx,
		db,
		999,
		releases.CellFilter{},
	); !errs.Is(err, errs.KindNotFound) {
		t.Fatalf("unknown release: %v", err)
	}

	if _, err := releases.Withdraw(
		ctx,
		db,
		access.Actor{},
		newest.ID,
		"  ",
	); !errs.Is(err, errs.KindInvalid) {
		t.Fatalf("no reason: %v", err)
	}
	w, err := releases.Withdraw(ctx, db, access.Actor{}, newest.ID, "rekenfout in de bron")
	if err != nil || w.Status != releases.StatusIngetrokken ||
		w.WithdrawnReason != "rekenfout in de bron" || w.WithdrawnAt == nil {
		t.Fatalf("withdrawn = %+v, %v", w, err)
	}
	if _, err := releases.Withdraw(
		ctx,
		db,
		access.Actor{},
		newest.ID,
		"nog eens",
	); !errs.Is(err, errs.KindConflict) {
		t.Fatalf("twice: %v", err)
	}
	if n, _ := releases.Newest(ctx, db); n.ReferenceDate.Month() != time.January {
		t.Fatalf("newest after withdrawal = %+v", n)
	}
	all, err := releases.List(ctx, db)
	if err != nil || len(all) != 2 || all[0].ID != newest.ID {
		t.Fatalf("list = %+v, %v", all, err)
	}
}

// TestReleasesAreFrozen checks the guards of migration 00017: a withdrawn release's
// cells and a release's own columns never change, and nothing is deleted.
func TestReleasesAreFrozen(t *testing.T) {
	db := dbtest.Open(t).Gorm
	var id int
	if err := db.Raw(`INSERT INTO releases (reference_date, status, definitions_version, method, parameters)
		VALUES ('2026-03-01', 'voorlopig', 'test', 'cell-key', '{}') RETURNING id`).Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	cell := `INSERT INTO release_cells (release_id, population, population_code, cohort_key, cohort_width, cohort,
		split, split_value, figure, value, status) VALUES (?, 'nationaal', 'NL', 'settlement', 'year', '2025', '', '', ?, 12, 'gepubliceerd')`
	if err := db.Exec(cell, id, "cases").Error; err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{
		`DELETE FROM release_cells`,
		`DELETE FROM releases`,
		`UPDATE releases SET method = 'x'`,
		`UPDATE releases SET status = 'voorlopig'`,
		`UPDATE release_cells SET figure = 'x'`,
	} {
		if err := db.Exec(bad).Error; err == nil {
			t.Errorf("%s: allowed", bad)
		}
	}
	if _, err := releases.Withdraw(context.Background(), db, access.Actor{}, id, "fout"); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`UPDATE release_cells SET value = 13`).Error; err == nil {
		t.Error("a withdrawn release's cell changed")
	}
	if err := db.Exec(cell, id, "stage.aangemeld").Error; err == nil {
		t.Error("a cell was added to a withdrawn release")
	}
	if err := db.Exec(`UPDATE releases SET status = 'definitief'`).Error; err == nil {
		t.Error("a withdrawn release came back")
	}
}
