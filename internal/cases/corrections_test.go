package cases_test

import (
	"context"
	"testing"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

func wantKind(t *testing.T, what string, err error, kind errs.Kind) {
	t.Helper()
	if !errs.Is(err, kind) {
		t.Fatalf("%s: err = %v, want kind %d", what, err, kind)
	}
}

// TestUndoLastMove: the case returns to the stage it came from and the date it
// entered it; the stage date the move set is cleared; the history keeps both.
func TestUndoLastMove(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0363", "111222333")
	f.move(t, c.ID, cases.StageGevestigd, "2026-01-10")
	f.move(t, c.ID, cases.StageUitkeringAangevraagd, "2026-01-15")
	_, err := f.svc.UndoLastMove(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: " "})
	wantKind(t, "no reason", err, errs.KindInvalid)
	stale := 1
	_, err = f.svc.UndoLastMove(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: "x", IfVersion: &stale})
	wantKind(t, "stale", err, errs.KindPrecondition)
	got, err := f.svc.UndoLastMove(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: "verkeerde knop"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Stage != cases.StageGevestigd || !got.StageEnteredOn.Equal(*day("2026-01-10")) ||
		got.Dates.BenefitAppliedOn != nil || got.Dates.SettledOn == nil {
		t.Fatalf("after undo: %s since %s, dates %+v", got.Stage, got.StageEnteredOn, got.Dates)
	}
	events, _ := f.svc.Events(ctx, f.actor, c.ID)
	last := events[len(events)-1]
	if last.Kind != "correctie" || last.UndoesEventID == nil || last.Note != "verkeerde knop" ||
		*last.FromStage != "uitkering_aangevraagd" || *last.ToStage != "gevestigd" {
		t.Errorf("undo event = %+v", last)
	}
	// The move can be made again, on another date; then undone down to the creation.
	f.move(t, c.ID, cases.StageUitkeringAangevraagd, "2026-01-16")
	for _, want := range []cases.Stage{cases.StageGevestigd, cases.StageAangemeld} {
		got, err = f.svc.UndoLastMove(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: "fout"})
		if err != nil || got.Stage != want {
			t.Fatalf("undo to %s: %v, %s", want, err, got.Stage)
		}
	}
	if got.Dates.SettledOn != nil || !got.StageEnteredOn.Equal(*day("2026-01-05")) {
		t.Errorf("back at aangemeld: %+v since %s", got.Dates, got.StageEnteredOn)
	}
	_, err = f.svc.UndoLastMove(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: "fout"})
	wantKind(t, "nothing to undo", err, errs.KindConflict)
}

// TestUndoKeepsAnEarlierEntryDate: a stage entered before keeps its first-entry date
// when a later entry is undone; undoing a herinstroom lowers the return count.
func TestUndoKeepsAnEarlierEntryDate(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0363", "111222333")
	for _, s := range []struct {
		to cases.Stage
		on string
	}{{cases.StageGevestigd, "2026-01-10"}, {cases.StageUitkeringAangevraagd, "2026-01-15"},
		{cases.StageBaanAangeboden, "2026-01-20"}, {cases.StageAanHetWerk, "2026-02-01"},
		{cases.StageUitgestroomd, "2026-03-01"}, {cases.StageUitkeringAangevraagd, "2026-04-01"}} {
		f.move(t, c.ID, s.to, s.on)
	}
	got, err := f.svc.UndoLastMove(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: "geen herinstroom"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Stage != cases.StageUitgestroomd || got.ReentryCount != 0 ||
		!got.Dates.BenefitAppliedOn.Equal(*day("2026-01-15")) {
		t.Fatalf("after undoing the return: %s, returns %d, applied %v", got.Stage, got.ReentryCount,
			got.Dates.BenefitAppliedOn)
	}
	got, err = f.svc.UndoLastMove(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: "nog niet uit"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Stage != cases.StageAanHetWerk || got.Dates.LeftBenefitOn != nil || got.Benefit.EndedOn != nil ||
		got.Benefit.EndReason != nil {
		t.Fatalf("after undoing the outflow: %s, left %v, benefit %+v", got.Stage, got.Dates.LeftBenefitOn,
			got.Benefit)
	}
}

// TestReopen: only a team lead reopens, with a reason; the case returns to the stage
// it was closed from; a client with another active case is refused clearly.
func TestReopen(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0363", "111222333")
	f.move(t, c.ID, cases.StageGevestigd, "2026-01-10")
	f.move(t, c.ID, cases.StageAfgesloten, "2026-02-01")
	manager := f.actor
	manager.Permits = func(_ int32, _, action string) bool { return action != "reopen" }
	_, err := f.svc.Reopen(ctx, manager, c.ID, cases.CorrectionInput{Reason: "ten onrechte"})
	wantKind(t, "klantmanager", err, errs.KindForbidden)
	_, err = f.svc.Reopen(ctx, f.actor, c.ID, cases.CorrectionInput{})
	wantKind(t, "no reason", err, errs.KindInvalid)
	got, err := f.svc.Reopen(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: "ten onrechte gesloten"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Stage != cases.StageGevestigd || got.Dates.ClosedOn != nil || got.CloseReason != nil ||
		!got.StageEnteredOn.Equal(*day("2026-01-10")) {
		t.Fatalf("reopened: %s since %s, closed %v %v", got.Stage, got.StageEnteredOn, got.Dates.ClosedOn,
			got.CloseReason)
	}
	_, err = f.svc.Reopen(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: "nogmaals"})
	wantKind(t, "not closed", err, errs.KindConflict)
	// Closed again, and a new case opened for the same client: reopening is refused.
	f.move(t, c.ID, cases.StageAfgesloten, "2026-02-02")
	f.create(t, "GM0363", "111222333")
	_, err = f.svc.Reopen(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: "ten onrechte"})
	wantKind(t, "other active case", err, errs.KindConflict)
	if e, _ := errs.As(err); e == nil || e.Detail == "" {
		t.Errorf("no clear message: %v", err)
	}
}

// TestClosedCaseIsReadOnly: every write on a closed case is refused with one clear
// message, and nothing changes.
func TestClosedCaseIsReadOnly(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0363", "111222333")
	c, err := f.svc.AddResult(ctx, f.actor, c.ID, cases.NewResult{Kind: "pvt", Outcome: "afgerond",
		OnDate: day("2026-01-20")})
	if err != nil {
		t.Fatal(err)
	}
	c = f.move(t, c.ID, cases.StageAfgesloten, "2026-02-01")
	writes := map[string]func() error{
		"transition": func() error {
			_, err := f.svc.Transition(ctx, f.actor, c.ID, cases.TransitionInput{To: cases.StageGevestigd,
				On: day("2026-02-02")})
			return err
		},
		"fields": func() error {
			_, err := f.svc.Update(ctx, f.actor, c.ID, c.Version,
				cases.Patch{Values: cases.Values{"brpRegisteredOn": *day("2026-01-06")}})
			return err
		},
		"pip": func() error {
			_, err := f.svc.AddPIP(ctx, f.actor, c.ID, cases.NewPIP{DrawnUpOn: day("2026-01-20"), Route: "b1"})
			return err
		},
		"result": func() error {
			_, err := f.svc.AddResult(ctx, f.actor, c.ID, cases.NewResult{Kind: "knm", Outcome: "behaald",
				OnDate: day("2026-01-20")})
			return err
		},
		"undo": func() error {
			_, err := f.svc.UndoLastMove(ctx, f.actor, c.ID, cases.CorrectionInput{Reason: "x"})
			return err
		},
		"correct result": func() error {
			_, err := f.svc.CorrectResult(ctx, f.actor, c.ID, c.Integration.Results[0].ID,
				cases.ResultCorrection{Outcome: "behaald", OnDate: day("2026-01-20"),
					CorrectionInput: cases.CorrectionInput{Reason: "x"}})
			return err
		},
	}
	for name, write := range writes {
		err := write()
		if e, ok := errs.As(err); !ok || e.Kind != errs.KindConflict || e.Detail != cases.ClosedText {
			t.Errorf("%s on a closed case: %v", name, err)
		}
	}
	after, _ := f.svc.Get(ctx, f.actor, c.ID)
	if after.Version != c.Version {
		t.Errorf("a refused write changed the case: version %d, was %d", after.Version, c.Version)
	}
}

// TestCorrectAndWithdrawIntegration: a wrong result is corrected, a result or PIP
// version withdrawn; the facts follow, the history keeps the reason, a version
// number is never reused.
func TestCorrectAndWithdrawIntegration(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0363", "111222333")
	// An exam recorded as failed that was passed: the outcome is corrected.
	c, err := f.svc.AddResult(ctx, f.actor, c.ID, cases.NewResult{Kind: "knm", Outcome: "niet_behaald",
		OnDate: day("2026-02-01")})
	if err != nil {
		t.Fatal(err)
	}
	c, err = f.svc.CorrectResult(ctx, f.actor, c.ID, c.Integration.Results[0].ID, cases.ResultCorrection{
		Outcome: "behaald", OnDate: day("2026-02-01"),
		CorrectionInput: cases.CorrectionInput{Reason: "verkeerd aangeklikt"}})
	if err != nil || c.Integration.Results[0].Outcome != "behaald" {
		t.Fatalf("corrected exam: %v %+v", err, c.Integration.Results)
	}
	// A MAP recorded on the wrong day, then for the wrong client: the facts follow.
	c, err = f.svc.AddResult(ctx, f.actor, c.ID, cases.NewResult{Kind: "map", Outcome: "afgerond",
		OnDate: day("2026-02-03")})
	if err != nil {
		t.Fatal(err)
	}
	rid := c.Integration.Results[1].ID
	c, err = f.svc.CorrectResult(ctx, f.actor, c.ID, rid, cases.ResultCorrection{Outcome: "afgerond",
		OnDate: day("2026-02-02"), CorrectionInput: cases.CorrectionInput{Reason: "verkeerde datum"}})
	if err != nil {
		t.Fatal(err)
	}
	if r := c.Integration.Results[1]; r.Outcome != "afgerond" || !r.OnDate.Equal(*day("2026-02-02")) {
		t.Fatalf("corrected result = %+v", r)
	}
	if !f.fact(t, c.ID, "map_done") {
		t.Error("map_done does not follow the corrected result")
	}
	c, err = f.svc.WithdrawResult(ctx, f.actor, c.ID, rid, cases.CorrectionInput{Reason: "andere cliënt"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Integration.Results) != 1 || f.fact(t, c.ID, "map_done") {
		t.Fatalf("withdrawn result still counts: %+v", c.Integration.Results)
	}
	_, err = f.svc.WithdrawResult(ctx, f.actor, c.ID, rid, cases.CorrectionInput{Reason: "nogmaals"})
	wantKind(t, "withdrawn twice", err, errs.KindNotFound)

	for _, p := range []cases.NewPIP{{DrawnUpOn: day("2026-02-01"), Route: "b1"},
		{DrawnUpOn: day("2026-03-01"), Route: "z"}} {
		if c, err = f.svc.AddPIP(ctx, f.actor, c.ID, p); err != nil {
			t.Fatal(err)
		}
	}
	c, err = f.svc.WithdrawPIP(ctx, f.actor, c.ID, 2, cases.CorrectionInput{Reason: "route klopt niet"})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Integration.PIPs) != 1 || *c.Integration.Route != "b1" {
		t.Fatalf("after withdrawing version 2: %+v, route %v", c.Integration.PIPs, *c.Integration.Route)
	}
	c, err = f.svc.AddPIP(ctx, f.actor, c.ID, cases.NewPIP{DrawnUpOn: day("2026-03-02"), Route: "onderwijs"})
	if err != nil || c.Integration.PIPs[1].Version != 3 {
		t.Fatalf("new version after a withdrawn one: %v %+v", err, c.Integration.PIPs)
	}
	c, err = f.svc.WithdrawPIP(ctx, f.actor, c.ID, 1, cases.CorrectionInput{Reason: "dubbel"})
	if err != nil || !c.Integration.FirstPIPOn.Equal(*day("2026-03-02")) {
		t.Fatalf("first PIP after withdrawing version 1: %v %v", err, c.Integration.FirstPIPOn)
	}
	events, _ := f.svc.Events(ctx, f.actor, c.ID)
	kinds := map[string]int{}
	for _, e := range events {
		kinds[e.Kind]++
	}
	if kinds["correctie"] != 2 || kinds["intrekking"] != 3 {
		t.Errorf("event kinds = %v", kinds)
	}
	var drift int64
	f.db.Raw(`SELECT count(*) FROM cases k WHERE k.first_pip_on IS DISTINCT FROM
		(SELECT min(drawn_up_on) FROM case_pips v WHERE v.case_id = k.id AND v.withdrawn_at IS NULL)`).Scan(&drift)
	if drift != 0 {
		t.Error("first_pip_on counts a withdrawn PIP")
	}
}

func (f *fixture) fact(t *testing.T, id any, column string) bool {
	t.Helper()
	var v bool
	if err := f.db.Raw(`SELECT `+column+` FROM cases WHERE id = ?`, id).Scan(&v).Error; err != nil {
		t.Fatal(err)
	}
	return v
}
