package placements_test

import (
	"context"
	"testing"

	"github.com/startbaan/startbaan/internal/decimal"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/placements"
)

// TestOfferHoursAtTheStoredPrecision: hours_per_week keeps two decimals; 0.001 was
// rounded to 0 after the application's check and failed the table's check (a 500).
func TestOfferHoursAtTheStoredPrecision(t *testing.T) {
	f := newFixture(t)
	e := f.employer(t, "GM0363", "12345678")
	for _, h := range []float64{0.001, 0.004, 20.125, 59.999} {
		_, err := f.svc.CreateJobOffer(context.Background(), f.actor, f.caseID,
			placements.NewJobOffer{EmployerID: &e.ID,
				OfferedOn: d("2026-02-02"), ContractType: "onbepaalde_tijd", HoursPerWeek: h, HourlyWageCents: 1500})
		ve, ok := errs.As(err)
		if !ok || ve.Kind != errs.KindInvalid || len(ve.Fields) != 1 ||
			ve.Fields[0].Reason != decimal.TooPrecise {
			t.Errorf("%v hours a week: %v, want %q", h, err, decimal.TooPrecise)
		}
	}
	if _, err := f.svc.CreateJobOffer(context.Background(), f.actor, f.caseID,
		placements.NewJobOffer{EmployerID: &e.ID,
			OfferedOn: d("2026-02-02"), ContractType: "onbepaalde_tijd", HoursPerWeek: 0.01, HourlyWageCents: 1500}); err != nil {
		t.Errorf("0.01 hours a week: %v", err)
	}
}
