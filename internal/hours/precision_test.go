package hours_test

import (
	"context"
	"testing"

	"github.com/startbaan/startbaan/internal/decimal"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
)

// TestHoursAtTheStoredPrecision: the hour columns keep two decimals. A third decimal
// was rounded by PostgreSQL after the application's checks had passed, so that
// 59.995 + 108.005 planned hours (168 by the application's sum) became 60.00 + 108.01
// and failed the table's check: a 500. Now it is refused as input, and sums are taken
// as PostgreSQL takes them.
func TestHoursAtTheStoredPrecision(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	refused := []struct {
		name  string
		entry hours.Entry
		field string
	}{
		{
			"planned hours that round over a week",
			hours.Entry{PlannedWork: 59.995, PlannedIntegration: 108.005},
			"plannedWorkHours",
		},
		{"a thousandth of an hour", hours.Entry{ActualWork: hours.H(0.001)}, "actualWorkHours"},
		{"absence with three decimals", hours.Entry{Absence: 7.125, AbsenceReason: "ziek"}, "absenceHours"},
	}
	for _, tt := range refused {
		_, _, err := f.svc.Put(ctx, f.actor, f.caseID, week("2026-W20"), tt.entry)
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.KindInvalid || len(e.Fields) == 0 || e.Fields[0].Name != tt.field ||
			e.Fields[0].Reason != decimal.TooPrecise {
			t.Errorf("%s: %v, want %s: %q", tt.name, err, tt.field, decimal.TooPrecise)
		}
	}
	// 59.99 + 108.01 is 168.00000000000003 in floating point, but exactly 168 stored.
	full := hours.Entry{
		PlannedWork:        59.99,
		PlannedIntegration: 108.01,
		ActualWork:         hours.H(59.99),
		ActualIntegration:  hours.H(100.01),
		Absence:            8, AbsenceReason: "ziek",
	}
	if _, _, err := f.svc.Put(ctx, f.actor, f.caseID, week("2026-W21"), full); err != nil {
		t.Errorf("a week of exactly 168 hours: %v", err)
	}
	if _, err := f.svc.PutWeeks(
		ctx,
		f.actor,
		f.caseID,
		[]hours.WeekInput{{Week: week("2026-W22"), Entry: hours.Entry{PlannedWork: 0.005}}},
	); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("a batch week with half a hundredth: %v", err)
	}
}
