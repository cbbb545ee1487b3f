package placements_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/placements"
)

type stageRow struct {
	Stage          string
	StageEnteredOn time.Time
	JobOfferedOn   *time.Time
	WorkStartedOn  *time.Time
	HasPlacement   bool
}

func (f fixture) stage(t *testing.T, id uuid.UUID) stageRow {
	t.Helper()
	var r stageRow
	err := f.handle.Gorm.Raw(`SELECT stage, stage_entered_on, job_offered_on, work_started_on, has_placement
		FROM cases WHERE id = ?`, id).Scan(&r).Error
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func date(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

func (f fixture) offer(t *testing.T, emp uuid.UUID, on string) placements.JobOffer {
	t.Helper()
	o, err := f.svc.CreateJobOffer(context.Background(), f.actor, f.caseID, placements.NewJobOffer{
		EmployerID: &emp, OfferedOn: date(on), ContractType: "uitzend", HoursPerWeek: 24,
		HourlyWageCents: 1450})
	if err != nil {
		t.Fatalf("offer on %s: %v", on, err)
	}
	return o
}

func accepted(start string) placements.JobOfferPatch {
	s := "geaccepteerd"
	return placements.JobOfferPatch{Status: &s, StartDate: date(start)}
}

// TestOfferMovesTheCase: one action per real event. Recording an offer moves the case
// to baan_aangeboden on the offer's date; accepting it with a start date moves it to
// aan_het_werk on that date; a second offer while at work moves nothing; withdrawing
// the offer takes back the moves it caused.
func TestOfferMovesTheCase(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	emp := f.employer(t, "GM0363", "12345678")
	o := f.offer(t, emp.ID, "2026-02-01")
	if s := f.stage(t, f.caseID); s.Stage != "baan_aangeboden" || !s.StageEnteredOn.Equal(*date("2026-02-01")) ||
		!s.JobOfferedOn.Equal(*date("2026-02-01")) {
		t.Fatalf("after the offer: %+v", s)
	}
	if _, err := f.svc.UpdateJobOffer(ctx, f.actor, f.caseID, o.ID, accepted("2026-03-01")); err != nil {
		t.Fatal(err)
	}
	if s := f.stage(t, f.caseID); s.Stage != "aan_het_werk" || !s.WorkStartedOn.Equal(*date("2026-03-01")) ||
		!s.HasPlacement {
		t.Fatalf("after the acceptance: %+v", s)
	}
	f.offer(t, emp.ID, "2026-04-01") // a second offer while at work
	if s := f.stage(t, f.caseID); s.Stage != "aan_het_werk" {
		t.Fatalf("a second offer moved a case at work: %+v", s)
	}
	var causes int64
	f.handle.Gorm.Raw(`SELECT count(*) FROM case_events WHERE case_id = ? AND kind = 'overgang'
		AND job_offer_id = ?`, f.caseID, o.ID).Scan(&causes)
	if causes != 2 {
		t.Errorf("%d moves name the offer as their cause, want 2", causes)
	}
	_, err := f.svc.WithdrawJobOffer(ctx, f.actor, f.caseID, o.ID, "")
	wantKind(t, "no reason", err, errs.KindInvalid)
	w, err := f.svc.WithdrawJobOffer(ctx, f.actor, f.caseID, o.ID, "verkeerde cliënt")
	if err != nil {
		t.Fatal(err)
	}
	s := f.stage(t, f.caseID)
	if w.UndoneMoves != 2 || w.Offer.WithdrawnAt == nil || s.Stage != "uitkering_aangevraagd" ||
		s.JobOfferedOn != nil || s.WorkStartedOn != nil || s.HasPlacement {
		t.Fatalf("after withdrawing: %d moves undone, %+v", w.UndoneMoves, s)
	}
	_, err = f.svc.UpdateJobOffer(ctx, f.actor, f.caseID, o.ID, accepted("2026-03-01"))
	wantKind(t, "change a withdrawn offer", err, errs.KindConflict)
	drift, err := outcomes.Drift(ctx, f.handle.Gorm)
	if err != nil || len(drift) != 0 {
		t.Errorf("facts drifted: %v %v", drift, err)
	}
}

// TestFutureStartWaitsForItsDay: an offer accepted with a start still to come leaves
// the case at baan_aangeboden; StartDue moves it on the day, on that date, once.
func TestFutureStartWaitsForItsDay(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	emp := f.employer(t, "GM0363", "12345678")
	o := f.offer(t, emp.ID, "2026-06-01")
	if _, err := f.svc.UpdateJobOffer(ctx, f.actor, f.caseID, o.ID, accepted("2026-07-01")); err != nil {
		t.Fatal(err)
	}
	if n, err := f.svc.StartDue(ctx); err != nil || n != 0 {
		t.Fatalf("before the day: %d moved, %v", n, err)
	}
	if s := f.stage(t, f.caseID); s.Stage != "baan_aangeboden" {
		t.Fatalf("a future start moved the case: %+v", s)
	}
	later := placements.NewService(f.handle.Gorm,
		func() time.Time { return time.Date(2026, 7, 2, 9, 0, 0, 0, time.UTC) })
	for want := 1; want >= 0; want-- {
		if n, err := later.StartDue(ctx); err != nil || n != want {
			t.Fatalf("on the day: %d moved (want %d), %v", n, want, err)
		}
	}
	if s := f.stage(t, f.caseID); s.Stage != "aan_het_werk" || !s.StageEnteredOn.Equal(*date("2026-07-01")) {
		t.Fatalf("after the day: %+v", s)
	}
	var actor string
	f.handle.Gorm.Raw(`SELECT actor_name FROM case_events WHERE case_id = ? ORDER BY id DESC LIMIT 1`,
		f.caseID).Scan(&actor)
	if actor != placements.StarterName {
		t.Errorf("the start is recorded by %q", actor)
	}
}

// TestOfferMoveRules: an offer dated before the case entered its stage is refused on
// its own field; a new offer at baan_aangeboden moves the case only after the earlier
// one was declined; a closed case takes no offer.
func TestOfferMoveRules(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	emp := f.employer(t, "GM0363", "12345678")
	_, err := f.svc.CreateJobOffer(ctx, f.actor, f.caseID, placements.NewJobOffer{EmployerID: &emp.ID,
		OfferedOn: date("2026-01-21"), ContractType: "oproep", HoursPerWeek: 20, HourlyWageCents: 1400})
	if e, ok := errs.As(err); !ok || e.Kind != errs.KindInvalid || e.Fields[0].Name != "offeredOn" {
		t.Fatalf("offer before the stage: %v", err)
	}
	first := f.offer(t, emp.ID, "2026-02-01")
	f.offer(t, emp.ID, "2026-02-03") // the first is still open: no new move
	if s := f.stage(t, f.caseID); !s.StageEnteredOn.Equal(*date("2026-02-01")) {
		t.Fatalf("a second open offer moved the case: %+v", s)
	}
	st, why := "afgewezen", "te ver weg"
	if _, err := f.svc.UpdateJobOffer(ctx, f.actor, f.caseID, first.ID,
		placements.JobOfferPatch{Status: &st, DeclineReason: &why}); err != nil {
		t.Fatal(err)
	}
	f.handle.Gorm.Exec(`UPDATE job_offers SET status = 'afgewezen', decline_reason = 'x' WHERE case_id = ?`,
		f.caseID)
	f.offer(t, emp.ID, "2026-02-10")
	if s := f.stage(t, f.caseID); s.Stage != "baan_aangeboden" || !s.StageEnteredOn.Equal(*date("2026-02-10")) ||
		!s.JobOfferedOn.Equal(*date("2026-02-01")) {
		t.Fatalf("a new offer after declines: %+v", s)
	}
	f.handle.Gorm.Exec(`UPDATE cases SET stage = 'afgesloten', closed_on = '2026-03-01', close_reason = 'verhuisd'
		WHERE id = ?`, f.caseID)
	_, err = f.svc.CreateJobOffer(ctx, f.actor, f.caseID, placements.NewJobOffer{EmployerID: &emp.ID,
		OfferedOn: date("2026-03-02"), ContractType: "oproep", HoursPerWeek: 20, HourlyWageCents: 1400})
	wantKind(t, "offer on a closed case", err, errs.KindConflict)
}

func wantKind(t *testing.T, what string, err error, kind errs.Kind) {
	t.Helper()
	if !errs.Is(err, kind) {
		t.Fatalf("%s: err = %v, want kind %d", what, err, kind)
	}
}
