package outcomes_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/disclosure"
	"github.com/startbaan/startbaan/internal/outcomes"
)

// TestCellKeysAreTheSumsOfTheCasesCounted: forty random cases over two municipalities
// (some with an accepted offer); every count's cell key must be the sum of the record
// keys (cases.cell_key) of exactly the cases it counts, modulo 2^31, recomputed here
// in Go from the case rows, and the same set of cases must get the same key in the
// figures, the time-to-work points and the placements.
func TestCellKeysAreTheSumsOfTheCasesCounted(t *testing.T) {
	db := dbtest.Gorm(t)
	db.Exec(
		`INSERT INTO municipalities (id, code, name) OVERRIDING SYSTEM VALUE VALUES (1, 'GM0363', 'Amsterdam'), (2, 'GM0772', 'Eindhoven')`,
	)
	var employer string
	db.Raw(
		`INSERT INTO employers (municipality_id, name, kvk_number, sector) VALUES (1, 'Zorg', '12345678', 'zorg') RETURNING id`,
	).Scan(&employer)
	r := rand.New(rand.NewPCG(3, 5))
	day := func(base string, max int) string {
		return date(base).AddDate(0, 0, r.IntN(max)).Format(time.DateOnly)
	}
	for n := range 40 {
		applied, offered, work := day("2025-01-01", 31), "", ""
		if r.IntN(3) > 0 {
			offered = date(applied).AddDate(0, 0, r.IntN(30)).Format(time.DateOnly)
			if r.IntN(2) == 0 {
				work = date(offered).AddDate(0, 0, r.IntN(30)).Format(time.DateOnly)
			}
		}
		caseWith(t, db, int32(1+n%2), 100+n, day("2024-11-01", 60), applied, offered, work)
	}
	if err := db.Exec(`INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, start_date, contract_type,
			hours_per_week, hourly_wage_cents, sector)
		SELECT municipality_id, id, ?, job_offered_on, 'geaccepteerd', job_offered_on + 7,
			CASE WHEN cell_key % 2 = 0 THEN 'oproep' ELSE 'bepaalde_tijd' END, 24, 1500, 'zorg'
		FROM cases WHERE work_started_on IS NOT NULL AND municipality_id = 1`, employer).Error; err != nil {
		t.Fatal(err)
	}
	type row struct {
		MunicipalityID              int32
		CellKey                     int64
		Stage                       string
		SettledOn, BenefitAppliedOn time.Time
		JobOfferedOn, WorkStartedOn *time.Time
	}
	var rows []row
	if err := db.Raw(
		`SELECT municipality_id, cell_key, stage, settled_on, benefit_applied_on, job_offered_on, work_started_on FROM cases`,
	).
		Scan(&rows).Error; err != nil || len(rows) != 40 {
		t.Fatalf("%d cases, %v", len(rows), err)
	}
	reference := date("2025-03-01")
	pop := outcomes.Population{
		Municipalities: []int32{1, 2},
		From:           date("2025-01-01"),
		To:             date("2025-02-01"),
	}
	figures, err := outcomes.Compute(t.Context(), db, pop, reference)
	if err != nil {
		t.Fatal(err)
	}
	curves, err := outcomes.TimeToWork(t.Context(), db, pop, reference)
	if err != nil {
		t.Fatal(err)
	}
	places, err := outcomes.PlacementFigures(t.Context(), db, pop, reference)
	if err != nil {
		t.Fatal(err)
	}
	if len(figures) != 3 {
		t.Fatalf("%d rows of figures, want the total and two municipalities", len(figures))
	}
	for _, f := range figures {
		in := func(r row) bool { return f.MunicipalityID == 0 || r.MunicipalityID == f.MunicipalityID }
		sum := func(cond func(row) bool) (int, int64) {
			n, k := 0, int64(0)
			for _, r := range rows {
				if in(r) && cond(r) {
					n, k = n+1, k+r.CellKey
				}
			}
			return n, disclosure.CellKey(k)
		}
		check := func(name string, n int, key int64, cond func(row) bool) {
			t.Helper()
			if wn, wk := sum(cond); n != wn || key != wk {
				t.Errorf(
					"municipality %d, %s: %d with key %d, want %d with key %d",
					f.MunicipalityID,
					name,
					n,
					key,
					wn,
					wk,
				)
			}
		}
		check("cases", f.Cases, f.CasesKey, func(row) bool { return true })
		for _, s := range outcomes.Stages {
			check("stage "+s, f.ByStage[s], f.StageKeys[s], func(r row) bool { return r.Stage == s })
		}
		// Without leaving the benefit, the furthest step of these cases is their stage.
		for _, s := range outcomes.Steps {
			check("furthest "+s, f.Furthest[s], f.FurthestKeys[s], func(r row) bool { return r.Stage == s })
		}
		inTime := func(r row) bool {
			return !r.BenefitAppliedOn.After(reference.AddDate(0, 0, -14))
		}
		check("offer denominator", f.Offer.Denominator, f.Offer.DenKey, inTime)
		check("offer numerator", f.Offer.Numerator, f.Offer.NumKey, func(r row) bool {
			return inTime(r) && r.JobOfferedOn != nil &&
				!r.JobOfferedOn.After(r.BenefitAppliedOn.AddDate(0, 0, 14))
		})
		check(
			"applicationToOffer cases",
			f.Durations[1].Cases,
			f.Durations[1].CasesKey,
			func(r row) bool { return r.JobOfferedOn != nil },
		)
		for _, s := range f.Shares {
			if s.Name == "mapCompleted" {
				check("mapCompleted denominator", s.Denominator, s.DenKey, func(row) bool { return true })
				check("mapCompleted numerator", s.Numerator, s.NumKey, func(row) bool { return false })
			}
		}
		points := curves[outcomes.GroupKey{MunicipalityID: f.MunicipalityID}]
		for _, a := range points {
			started := func(r row) bool {
				return r.WorkStartedOn != nil && !r.WorkStartedOn.After(reference) &&
					r.WorkStartedOn.Sub(r.BenefitAppliedOn) <= time.Duration(a.Days)*24*time.Hour
			}
			check(
				fmt.Sprintf("cases at %d days", a.Days),
				a.Cases,
				a.CasesKey,
				func(row) bool { return true },
			)
			check(fmt.Sprintf("starts by %d days", a.Days), a.Events, a.EventsKey, started)
			check(fmt.Sprintf("at risk at %d days", a.Days), a.AtRisk, a.AtRiskKey, func(r row) bool {
				return !started(r) && !r.BenefitAppliedOn.AddDate(0, 0, a.Days).After(reference)
			})
		}
		p := places[outcomes.GroupKey{MunicipalityID: f.MunicipalityID}]
		placed := func(r row) bool { return r.MunicipalityID == 1 && r.WorkStartedOn != nil }
		check("placements", p.Count, p.CountKey, placed)
		check(
			"placements oproep",
			p.ByContract["oproep"],
			p.ContractKeys["oproep"],
			func(r row) bool { return placed(r) && r.CellKey%2 == 0 },
		)
		check("placements zorg", p.BySector["zorg"], p.SectorKeys["zorg"], placed)
		if f.MunicipalityID == 1 && p.Count == 0 {
			t.Error("no placements to check")
		}
	}
}
