package hours_test

import (
	"context"
	"testing"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
)

func TestPutWeeksStoresAllOrNothing(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	good := hours.Entry{PlannedWork: 24, ActualWork: hours.H(24), PlannedIntegration: 8, ActualIntegration: hours.H(8)}
	bad := hours.Entry{ActualWork: hours.H(-1)}
	_, err := f.svc.PutWeeks(
		ctx,
		f.actor,
		f.caseID,
		[]hours.WeekInput{{Week: week("2026-W20"), Entry: good}, {Week: week("2026-W21"), Entry: bad}},
	)
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid || len(e.Fields) != 1 ||
		e.Fields[0].Name != "2026-W21.actualWorkHours" {
		t.Fatalf("a bad week: %v, want one problem named 2026-W21.actualWorkHours", err)
	}
	if list, _ := f.svc.List(ctx, f.actor, f.caseID, nil, nil); len(list) != 0 {
		t.Fatalf("stored %d weeks of a refused batch", len(list))
	}
	recs, err := f.svc.PutWeeks(
		ctx,
		f.actor,
		f.caseID,
		[]hours.WeekInput{{Week: week("2026-W21"), Entry: good}, {Week: week("2026-W20"), Entry: good}},
	)
	if err != nil || len(recs) != 2 || recs[0].Week != week("2026-W20") ||
		*recs[1].Judgement.MeetsTarget != true {
		t.Fatalf("two good weeks: %+v, %v", recs, err)
	}
}

func TestPutWeeksRefusesWeeksChangedSinceSeen(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	e := hours.Entry{PlannedWork: 24, ActualWork: hours.H(24)}
	recs, err := f.svc.PutWeeks(
		ctx,
		f.actor,
		f.caseID,
		[]hours.WeekInput{{Week: week("2026-W20"), Entry: e}},
	)
	if err != nil {
		t.Fatal(err)
	}
	seen := recs[0].UpdatedAt
	other := e
	other.ActualWork = hours.H(12)
	if _, err := f.svc.PutWeeks(
		ctx,
		f.actor,
		f.caseID,
		[]hours.WeekInput{{Week: week("2026-W20"), Entry: other, Seen: &seen}},
	); err != nil {
		t.Fatalf("a change on what was seen: %v", err)
	}
	mine := e
	mine.ActualWork = hours.H(30)
	tests := []struct {
		name string
		in   hours.WeekInput
	}{
		{"changed after it was read", hours.WeekInput{Week: week("2026-W20"), Entry: mine, Seen: &seen}},
		{"stored after the caller saw it empty", hours.WeekInput{Week: week("2026-W20"), Entry: mine}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.PutWeeks(ctx, f.actor, f.caseID, []hours.WeekInput{tt.in})
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.KindPrecondition || len(e.Fields) != 1 ||
				e.Fields[0].Name != "2026-W20" {
				t.Fatalf("got %v, want a precondition failure naming 2026-W20", err)
			}
		})
	}
	list, _ := f.svc.List(ctx, f.actor, f.caseID, nil, nil)
	if len(list) != 1 || list[0].Entry.Work() != 12 {
		t.Fatalf("stored %+v, want the other person's 12 hours kept", list)
	}
	// Sending unchanged hours again is no change, even with an old stamp.
	if _, err := f.svc.PutWeeks(
		ctx,
		f.actor,
		f.caseID,
		[]hours.WeekInput{{Week: week("2026-W20"), Entry: other}},
	); err != nil {
		t.Errorf("the same hours again: %v", err)
	}
}
