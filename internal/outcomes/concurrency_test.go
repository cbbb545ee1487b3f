package outcomes_test

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/placements"
)

// writers is how many writers work on one case at the same time.
const writers = 20

// raceFixture is one municipality with a pilot (combined target 30 hours), an employer,
// and the three services that write the sources of a case's derived facts.
type raceFixture struct {
	db       *database.DB
	cases    *cases.Service
	hours    *hours.Service
	offers   *placements.Service
	actor    access.Actor
	employer uuid.UUID
}

func newRaceFixture(t *testing.T) *raceFixture {
	t.Helper()
	db := dbtest.Open(t)
	sealer, err := bsn.NewSealer(bytes.Repeat([]byte{3}, bsn.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return time.Date(2026, 6, 17, 12, 0, 0, 0, time.UTC) }
	f := &raceFixture{db: db, cases: cases.NewService(db, sealer, clock),
		hours:  hours.NewService(db.Gorm, clock),
		offers: placements.NewService(db.Gorm, clock), actor: access.Actor{Name: "km",
			Municipalities: []int32{1},
			Permits:        func(int32, string, string) bool { return true }}}
	for _, q := range []string{
		`INSERT INTO municipalities (id, code, name) OVERRIDING SYSTEM VALUE VALUES (1, 'GM0363', 'Amsterdam')`,
		`INSERT INTO pilots (id, code, name, variant, start_date, allows_pre_settlement_offer, target_combined_hours_per_week,
			target_min_work_hours_per_week, target_min_integration_hours_per_week, target_max_days_to_offer)
			OVERRIDING SYSTEM VALUE VALUES (1, 'p', 'P', 'gemeente', '2024-01-29', true, 30, 20, 8, 14)`,
		`INSERT INTO pilot_municipalities (municipality_id, pilot_id) VALUES (1, 1)`,
	} {
		if err := db.Gorm.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	e, err := f.offers.CreateEmployer(t.Context(), f.actor, placements.NewEmployer{
		MunicipalityCode: "GM0363", Name: "Zorggroep", KvKNumber: "12345678", Sector: "zorg"})
	if err != nil {
		t.Fatal(err)
	}
	f.employer = e.ID
	return f
}

// newCase inserts a case that has gone through every stage up to aan_het_werk, all on
// 2024-01-08, so that every kind of write is allowed on it (hours only while at work).
func (f *raceFixture) newCase(t *testing.T) uuid.UUID {
	t.Helper()
	client, id := uuid.New(), uuid.New()
	err := f.db.Gorm.Exec(`INSERT INTO clients (id, municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender,
		country_of_birth, residence_permit_date, household_type, language_level_intake)
		VALUES (?, 1, '\x00', ?, 'X', '1990-01-01', 'man', 'SY', '2023-12-01', 'alleenstaand', 'A0')`, client, client[:]).Error
	if err == nil {
		err = f.db.Gorm.Exec(`INSERT INTO cases (id, municipality_id, client_id, pilot_id, stage, stage_entered_on, registered_on,
			settled_on, benefit_applied_on, job_offered_on, work_started_on) VALUES (?, 1, ?, 1, 'aan_het_werk', '2024-01-08',
			'2024-01-08', '2024-01-08', '2024-01-08', '2024-01-08', '2024-01-08')`, id, client).Error
	}
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// parallel runs write(0) … write(n-1) at once and fails on any error.
func parallel(t *testing.T, n int, write func(i int) error) {
	t.Helper()
	var wg sync.WaitGroup
	failures := make(chan error, n)
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			if err := write(i); err != nil {
				failures <- fmt.Errorf("writer %d: %w", i, err)
			}
		})
	}
	close(start)
	wg.Wait()
	close(failures)
	for err := range failures {
		t.Error(err)
	}
}

// checkFacts asserts that no case's stored facts drift from a recomputation. Drift
// that it finds is repaired, so that the next run starts clean, and the repair is
// checked too.
func (f *raceFixture) checkFacts(t *testing.T) {
	t.Helper()
	drift, err := outcomes.Drift(t.Context(), f.db.Gorm)
	if err != nil {
		t.Fatal(err)
	}
	if len(drift) == 0 {
		return
	}
	t.Errorf("%d cases have facts that differ from their source rows", len(drift))
	repaired, err := outcomes.Repair(t.Context(), f.db.Gorm)
	if err != nil || len(repaired) != len(drift) {
		t.Fatalf("repair: %d cases, %v; want %d", len(repaired), err, len(drift))
	}
	if again, err := outcomes.Drift(t.Context(), f.db.Gorm); err != nil || len(again) > 0 {
		t.Fatalf("after repair: %d cases drift (%v)", len(again), err)
	}
}

// fact reads one expression over a case's row.
func (f *raceFixture) fact(t *testing.T, id uuid.UUID, expr string) string {
	t.Helper()
	var s string
	if err := f.db.Gorm.Raw(
		`SELECT (`+expr+`)::text FROM cases WHERE id = ?`,
		id,
	).Scan(&s).Error; err != nil {
		t.Fatal(err)
	}
	return s
}

// mondayOf is a week of 2025; batches write weeks of 2024, so that they never meet
// the single weeks when every kind runs at once.
func mondayOf(week int) hours.Week { return hours.Week{Year: 2025, Num: week} }

// entry is the week of writer i: even writers meet the combined target of 30 hours.
func entry(i int) hours.Entry {
	work := 20.0
	if i%2 == 0 {
		work = 24
	}
	return hours.Entry{
		PlannedWork:        work,
		ActualWork:         &work,
		PlannedIntegration: 8,
		ActualIntegration:  hours.H(8),
	}
}

// TestParallelWritersKeepFacts runs 20 writers of one kind on one case at once, for
// every kind of write that changes a derived fact, and then compares the facts with
// a recomputation. Without a lock on the case, each writer's trigger recomputed the
// facts from a snapshot that missed the others' rows.
func TestParallelWritersKeepFacts(t *testing.T) {
	f := newRaceFixture(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		write func(id uuid.UUID, i int) error
		want  map[string]string // fact expression: value after all writers
	}{
		{"weeks, one at a time", func(id uuid.UUID, i int) error {
			_, _, err := f.hours.Put(ctx, f.actor, id, mondayOf(i+2), entry(i))
			return err
		}, map[string]string{
			"reported_weeks":    "20",
			"work_hours":        "440.00",
			"integration_hours": "160.00",
			"weeks_on_target":   "10",
		}},
		{"weeks in batches", func(id uuid.UUID, i int) error {
			_, err := f.hours.PutWeeks(ctx, f.actor, id, []hours.WeekInput{
				{
					Week:  hours.Week{Year: 2024, Num: 2*i + 2},
					Entry: entry(i),
				}, {Week: hours.Week{Year: 2024, Num: 2*i + 3}, Entry: entry(i)}})
			return err
		}, map[string]string{"reported_weeks": "40", "work_hours": "880.00", "weeks_on_target": "20"}},
		{"job offers made and accepted", func(id uuid.UUID, i int) error {
			return f.offerAccepted(ctx, id, i)
		}, map[string]string{
			"has_placement":       "true",
			"placement_meets_bar": "true",
			"sowis_requested":     "true",
			"sowis_granted":       "true",
		}},
		{"PIPs", func(id uuid.UUID, _ int) error {
			_, err := f.cases.AddPIP(
				ctx,
				f.actor,
				id,
				cases.NewPIP{DrawnUpOn: day("2025-03-03"), Route: "b1"},
			)
			return err
		}, map[string]string{
			"first_pip_on": "2025-03-03",
			"(SELECT count(*) FROM case_pips WHERE case_id = cases.id)": "20",
		}},
		{"integration results", func(id uuid.UUID, i int) error {
			kind := []string{"map", "pvt", "knm", "examen_lezen"}[i%4]
			outcome := map[string]string{"map": "afgerond", "pvt": "afgerond"}[kind]
			if outcome == "" {
				outcome = "behaald"
			}
			_, err := f.cases.AddResult(
				ctx,
				f.actor,
				id,
				cases.NewResult{Kind: kind, Outcome: outcome, OnDate: day("2025-04-01")},
			)
			return err
		}, map[string]string{"map_done": "true", "pvt_done": "true"}},
		{"transitions", func(id uuid.UUID, _ int) error {
			_, err := f.cases.Transition(
				ctx,
				f.actor,
				id,
				cases.TransitionInput{To: cases.StageBaanAangeboden, On: day("2025-12-29")},
			)
			return err
		}, map[string]string{"(SELECT count(*) FROM case_events WHERE case_id = cases.id)": "20"}},
		{"job offers withdrawn", func(id uuid.UUID, i int) error {
			return f.offerWithdrawn(ctx, id, i)
		}, map[string]string{"has_placement": "false", "placement_meets_bar": "false",
			"(SELECT count(*) FROM job_offers WHERE case_id = cases.id AND withdrawn_at IS NOT NULL)": "20"}},
		{"results withdrawn", func(id uuid.UUID, i int) error {
			return f.resultWithdrawn(ctx, id, i)
		}, map[string]string{"map_done": "false", "pvt_done": "false"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := f.newCase(t)
			parallel(t, writers, func(i int) error { return tt.write(id, i) })
			f.checkFacts(t)
			for expr, want := range tt.want {
				if got := f.fact(t, id, expr); got != want {
					t.Errorf("%s = %s, want %s", expr, got, want)
				}
			}
		})
	}
	t.Run("every kind at once", func(t *testing.T) {
		id := f.newCase(t)
		n := len(tests)
		parallel(t, n*writers/2, func(i int) error { return tests[i%n].write(id, i/n) })
		f.checkFacts(t)
	})
}

// offerAccepted makes an offer and accepts it. Every third offer meets the SOWIS
// bar (24 hours, permanent); every fifth asks for and gets SOWIS.
func (f *raceFixture) offerAccepted(ctx context.Context, id uuid.UUID, i int) error {
	in := placements.NewJobOffer{EmployerID: &f.employer, OfferedOn: day("2025-02-03"),
		ContractType: "bepaalde_tijd",
		HoursPerWeek: 16, HourlyWageCents: 1500, StartDate: day("2025-03-03"), EndDate: day("2025-09-01")}
	if i%3 == 0 {
		in.ContractType, in.HoursPerWeek, in.EndDate = "onbepaalde_tijd", 24, nil
	}
	o, err := f.offers.CreateJobOffer(ctx, f.actor, id, in)
	if err != nil {
		return err
	}
	yes := i%5 == 0
	_, err = f.offers.UpdateJobOffer(ctx, f.actor, id, o.ID,
		placements.JobOfferPatch{Status: ptr("geaccepteerd"),
			SOWISRequested: &yes, SOWISGranted: &yes})
	return err
}

// offerWithdrawn makes an offer, accepts it and withdraws it (migration 00023): the
// facts must count it for nothing.
func (f *raceFixture) offerWithdrawn(ctx context.Context, id uuid.UUID, i int) error {
	in := placements.NewJobOffer{EmployerID: &f.employer, OfferedOn: day("2025-02-03"),
		ContractType: "onbepaalde_tijd", HoursPerWeek: 24, HourlyWageCents: 1500, StartDate: day("2025-03-03")}
	o, err := f.offers.CreateJobOffer(ctx, f.actor, id, in)
	if err != nil {
		return err
	}
	yes := i%2 == 0
	_, err = f.offers.UpdateJobOffer(ctx, f.actor, id, o.ID,
		placements.JobOfferPatch{Status: ptr("geaccepteerd"), SOWISRequested: &yes, SOWISGranted: &yes})
	if err != nil {
		return err
	}
	_, err = f.offers.WithdrawJobOffer(ctx, f.actor, id, o.ID, "verkeerd dossier")
	return err
}

// resultWithdrawn records a MAP or PVT result on a date of its own and withdraws it.
func (f *raceFixture) resultWithdrawn(ctx context.Context, id uuid.UUID, i int) error {
	on := day("2025-04-01").AddDate(0, 0, i)
	k, err := f.cases.AddResult(ctx, f.actor, id,
		cases.NewResult{Kind: []string{"map", "pvt"}[i%2], Outcome: "afgerond", OnDate: &on})
	if err != nil {
		return err
	}
	for _, r := range k.Integration.Results {
		if r.OnDate.Equal(on) {
			_, err = f.cases.WithdrawResult(ctx, f.actor, id, r.ID,
				cases.CorrectionInput{Reason: "verkeerd dossier"})
			return err
		}
	}
	return fmt.Errorf("result of %s not found", on)
}

// TestParallelRawWritesKeepFacts writes the source rows with plain SQL, 20
// transactions at once, as seeding and bulk loads do: the triggers alone must keep
// the facts right.
func TestParallelRawWritesKeepFacts(t *testing.T) {
	f := newRaceFixture(t)
	tests := []struct {
		name string
		sql  func(id uuid.UUID, i int) (string, []any)
	}{
		{"weekly_hours", func(id uuid.UUID, i int) (string, []any) {
			return `INSERT INTO weekly_hours (municipality_id, case_id, week_start, actual_work_hours, actual_integration_hours)
				VALUES (1, ?, ?, ?, 8)`, []any{id, mondayOf(i + 2).Monday(), entry(i).Work()}
		}},
		{"job_offers", func(id uuid.UUID, i int) (string, []any) {
			return `INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, start_date, contract_type,
				hours_per_week, hourly_wage_cents, sector, sowis_requested) VALUES (1, ?, ?, '2025-02-03', 'geaccepteerd',
				'2025-03-03', 'onbepaalde_tijd', ?, 1500, 'zorg', ?)`, []any{id, f.employer, 10 + i, i%7 == 0}
		}},
		{"case_pips", func(id uuid.UUID, i int) (string, []any) {
			return `INSERT INTO case_pips (municipality_id, case_id, version, drawn_up_on, route) VALUES (1, ?, ?, ?, 'b1')`,
				[]any{id, i + 1, time.Date(2025, 3, 1+i, 0, 0, 0, 0, time.UTC)}
		}},
		{"case_integration_results", func(id uuid.UUID, i int) (string, []any) {
			return `INSERT INTO case_integration_results (municipality_id, case_id, kind, outcome, on_date)
				VALUES (1, ?, ?, CASE WHEN ?::text IN ('map', 'pvt') THEN 'afgerond' ELSE 'behaald' END, '2025-04-01')`,
				[]any{id, []string{"map", "knm", "pvt", "knm", "knm"}[i%5], []string{"map", "knm", "pvt", "knm", "knm"}[i%5]}
		}},
		{"case_events", func(id uuid.UUID, i int) (string, []any) {
			return `INSERT INTO case_events (municipality_id, case_id, kind, from_stage, to_stage, occurred_on, reentry, note, actor_name)
				VALUES (1, ?, 'overgang', 'uitgestroomd', 'uitkering_aangevraagd', ?, true, '', 'test')`,
				[]any{id, time.Date(2025, 6, 1+i, 0, 0, 0, 0, time.UTC)}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := f.newCase(t)
			parallel(t, writers, func(i int) error {
				q, args := tt.sql(id, i)
				return f.db.Gorm.Transaction(func(tx *gorm.DB) error {
					if err := tx.Exec(q, args...).Error; err != nil {
						return err
					}
					// A pause between the write and its commit, as on a busy server.
					return tx.Exec(`SELECT pg_sleep(random() / 50)`).Error
				})
			})
			f.checkFacts(t)
		})
	}
}

func day(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

func ptr[T any](v T) *T { return &v }

// TestPilotMoveDuringTargetChange: a case moves into a pilot while the pilot's
// combined target changes in another transaction. The target's trigger lists the
// pilot's cases before the move commits, so the move itself must see the new target:
// it waits for the pilot row and recomputes after.
func TestPilotMoveDuringTargetChange(t *testing.T) {
	f := newRaceFixture(t)
	ctx := t.Context()
	if err := f.db.Gorm.Exec(`INSERT INTO pilots (id, code, name, variant, start_date, allows_pre_settlement_offer,
		target_combined_hours_per_week, target_min_work_hours_per_week, target_min_integration_hours_per_week,
		target_max_days_to_offer) OVERRIDING SYSTEM VALUE VALUES (2, 'q', 'Q', 'gemeente', '2024-01-29', true, 30, 20, 8, 14)`).Error; err != nil {
		t.Fatal(err)
	}
	id := f.newCase(t)
	for i := range 4 { // weeks of 32 and 28 hours: on a target of 30, two of four
		if _, _, err := f.hours.Put(ctx, f.actor, id, mondayOf(10+i), entry(i)); err != nil {
			t.Fatal(err)
		}
	}
	target := f.db.Gorm.WithContext(ctx).Begin()
	defer target.Rollback()
	if err := target.Exec(
		`UPDATE pilots SET target_combined_hours_per_week = 26 WHERE id = 2`,
	).Error; err != nil {
		t.Fatal(err)
	}
	moved := make(chan error, 1)
	go func() {
		moved <- f.db.Gorm.WithContext(ctx).Exec(`UPDATE cases SET pilot_id = 2 WHERE id = ?`, id).Error
	}()
	time.Sleep(300 * time.Millisecond) // the move runs while the target change is open
	if err := target.Commit().Error; err != nil {
		t.Fatal(err)
	}
	if err := <-moved; err != nil {
		t.Fatal(err)
	}
	if got := f.fact(t, id, "weeks_on_target"); got != "4" {
		t.Errorf(
			"weeks on target after the move: %s, want 4 (every week meets the new target of 26)",
			got,
		)
	}
	f.checkFacts(t)
}
