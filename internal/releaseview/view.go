// Package releaseview answers an outcome question about other municipalities, a pilot
// or the country from a release's cells (docs/outcomes.md, "Who sees what"): no live
// figure leaves a municipality, so everything a reader sees beyond their own comes
// from the newest release that is not withdrawn, or one the reader picks.
package releaseview

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/releases"
)

// ErrNoRelease answers a question for release figures before any release exists.
var ErrNoRelease = errs.Conflict("Er is nog geen publicatie van de uitkomsten. Cijfers van andere gemeenten, pilots en het land " +
	"komen alleen uit een publicatie; de eerste verschijnt na de eerste van de maand.")

// Pick returns the release a reader asked for (id > 0), or else the newest one that
// is not withdrawn (ErrNoRelease when there is none).
func Pick(ctx context.Context, db *gorm.DB, id int) (releases.Release, error) {
	if id > 0 {
		return releases.Get(ctx, db, id)
	}
	r, err := releases.Newest(ctx, db)
	if errs.Is(err, errs.KindNotFound) {
		return r, ErrNoRelease
	}
	return r, err
}

// Question is what a reader asks of a release: municipalities (CBS codes), or a pilot
// (its total and its municipalities), or neither (the national total); the cohort key,
// width (quarter or year: a release's fixed table set) and split; the cohorts whose
// period overlaps [From, To).
type Question struct {
	Municipalities []string
	Pilot          string
	Key            string
	Width          string
	Split          string
	From, To       time.Time
}

// Column is one population of the answer.
type Column struct {
	Population, Code, Name string
}

// Group is one cohort and split value with every column's cells, figure by figure.
type Group struct {
	Cohort, SplitValue string
	Cells              map[string][]releases.Cell // column code → its cells, in figure order
}

// Answer is a release's cells for a question.
type Answer struct {
	Release  releases.Release
	Question Question
	Columns  []Column
	Groups   []Group
}

// Widths of the release table set.
var Widths = []string{"quarter", "year"}

// Keys of the release table set.
var Keys = []string{"benefitApplication", "settlement", "residencePermit"}

// Splits of the release table set ("" is no split).
var Splits = []string{"", "gender", "ageBand", "route"}

func (q *Question) check() error {
	var p errs.Problems
	if q.Key == "" {
		q.Key = "benefitApplication"
	}
	if q.Width == "" {
		q.Width = "year"
	}
	if !slices.Contains(Keys, q.Key) {
		p.Add("key", "Kies benefitApplication, settlement of residencePermit.")
	}
	if !slices.Contains(Widths, q.Width) {
		p.Add("cohort", "Een publicatie heeft cohorten per kwartaal (quarter) of per jaar (year).")
	}
	if !slices.Contains(Splits, q.Split) {
		p.Add("split", "Kies gender, ageBand of route.")
	}
	if !q.To.After(q.From) {
		p.Add("to", "Het einde van de periode ligt na het begin.")
	}
	return p.Err()
}

// Cohorts lists the cohort labels of a width whose period overlaps [from, to):
// 2025-Q1 … or 2025 …. A release has no month cohorts, so months chosen on a page
// select the quarters or years they fall in.
func Cohorts(width string, from, to time.Time) []string {
	var out []string
	step, start := 3, time.Date(
		from.Year(),
		time.Month((int(from.Month())-1)/3*3+1),
		1,
		0,
		0,
		0,
		0,
		time.UTC,
	)
	if width == "year" {
		step, start = 12, time.Date(from.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	for t := start; t.Before(to) && len(out) < 400; t = t.AddDate(0, step, 0) {
		if width == "year" {
			out = append(out, fmt.Sprint(t.Year()))
		} else {
			out = append(out, fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1))
		}
	}
	return out
}

// Read answers the question from the release's cells.
func Read(ctx context.Context, db *gorm.DB, rel releases.Release, q Question) (Answer, error) {
	if err := q.check(); err != nil {
		return Answer{}, err
	}
	cols, err := columns(ctx, db, q)
	if err != nil {
		return Answer{}, err
	}
	a := Answer{Release: rel, Question: q, Columns: cols}
	cohorts := Cohorts(q.Width, q.From, q.To)
	if len(cohorts) == 0 {
		return a, nil
	}
	groups := map[[2]string]*Group{}
	var order [][2]string
	for _, pop := range []string{
		releases.PopulationMunicipality,
		releases.PopulationPilot,
		releases.PopulationNational,
	} {
		var codes []string
		for _, c := range cols {
			if c.Population == pop {
				codes = append(codes, c.Code)
			}
		}
		if len(codes) == 0 {
			continue
		}
		split := q.Split
		cells, err := releases.Cells(ctx, db, rel.ID, releases.CellFilter{Population: pop, Codes: codes,
			CohortKey:   q.Key,
			CohortWidth: q.Width, Cohorts: cohorts, Split: &split})
		if err != nil {
			return Answer{}, err
		}
		for _, c := range cells {
			k := [2]string{c.Cohort, c.SplitValue}
			g, ok := groups[k]
			if !ok {
				g = &Group{Cohort: c.Cohort, SplitValue: c.SplitValue, Cells: map[string][]releases.Cell{}}
				groups[k], order = g, append(order, k)
			}
			g.Cells[c.PopulationCode] = append(g.Cells[c.PopulationCode], c)
		}
	}
	slices.SortFunc(order, func(x, y [2]string) int {
		if x[0] != y[0] {
			return compareStrings(x[0], y[0])
		}
		return compareStrings(x[1], y[1])
	})
	for _, k := range order {
		a.Groups = append(a.Groups, *groups[k])
	}
	return a, nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// columns resolves the question's populations: the named municipalities; a pilot's
// municipalities and its total; or the national total alone (342 columns side by side
// are the export's job, not a page's).
func columns(ctx context.Context, db *gorm.DB, q Question) ([]Column, error) {
	var rows []struct{ Code, Name string }
	switch {
	case len(q.Municipalities) > 0:
		if err := db.WithContext(ctx).Raw(
			`SELECT code, name FROM municipalities WHERE code IN ? ORDER BY code`,
			q.Municipalities,
		).
			Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("release columns: %w", err)
		}
		if len(rows) != len(q.Municipalities) {
			return nil, errs.Invalid(errs.Field("municipalities", "Onbekende gemeente."))
		}
		return asColumns(releases.PopulationMunicipality, rows), nil
	case q.Pilot != "":
		var pilot []struct{ Code, Name string }
		if err := db.WithContext(ctx).Raw(
			`SELECT code, name FROM pilots WHERE code = ?`,
			q.Pilot,
		).Scan(&pilot).Error; err != nil {
			return nil, fmt.Errorf("release columns: %w", err)
		}
		if len(pilot) == 0 {
			return nil, errs.Invalid(errs.Field("pilot", "Onbekende pilot."))
		}
		if err := db.WithContext(ctx).Raw(`SELECT m.code, m.name FROM municipalities m JOIN pilot_municipalities pm ON pm.municipality_id = m.id
			JOIN pilots p ON p.id = pm.pilot_id WHERE p.code = ? ORDER BY m.code`, q.Pilot).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("release columns: %w", err)
		}
		return append(asColumns(releases.PopulationMunicipality, rows),
			Column{Population: releases.PopulationPilot,
				Code: pilot[0].Code, Name: "Totaal van de pilot " + pilot[0].Name}), nil
	}
	return []Column{
		{Population: releases.PopulationNational, Code: releases.NationalCode, Name: "Landelijk totaal"},
	}, nil
}

func asColumns(population string, rows []struct{ Code, Name string }) []Column {
	out := make([]Column, len(rows))
	for i, r := range rows {
		out[i] = Column{Population: population, Code: r.Code, Name: r.Name}
	}
	return out
}

// Coverage is what a release covers, for its quality declaration.
type Coverage struct {
	Municipalities, Pilots int
	Cells                  int64
}

// CoverageOf counts a release's populations and cells.
func CoverageOf(ctx context.Context, db *gorm.DB, id int) (Coverage, error) {
	var c Coverage
	err := db.WithContext(ctx).Raw(`SELECT count(DISTINCT population_code) FILTER (WHERE population = 'gemeente') AS municipalities,
		count(DISTINCT population_code) FILTER (WHERE population = 'pilot') AS pilots, COALESCE(sum(cell_count), 0) AS cells
		FROM release_blocks WHERE release_id = ?`, id).Scan(&c).Error
	if err != nil {
		return c, fmt.Errorf("release coverage: %w", err)
	}
	return c, nil
}
