package placements_test

import (
	"context"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/placements"
)

// TestStoredWritesAnswerSuccess makes every query after a commit fail (the request's
// context ends at the commit) and expects each write to answer with what it stored:
// an offer stored and answered with an error made clients retry it and duplicate it.
func TestStoredWritesAnswerSuccess(t *testing.T) {
	f := newFixture(t)
	cancel := func() {}
	svc := placements.NewService(dbtest.AfterWrite(t, f.handle, func() { cancel() }).Gorm,
		func() time.Time { return time.Date(2026, 6, 17, 12, 0, 0, 0, time.UTC) })
	write := func(name string, fn func(ctx context.Context) error) {
		t.Helper()
		ctx, end := context.WithCancel(context.Background())
		defer end()
		cancel = end
		if err := fn(ctx); err != nil {
			t.Fatalf("%s: stored, but answered %v", name, err)
		}
	}
	var e placements.Employer
	write("employer", func(ctx context.Context) (err error) {
		e, err = svc.CreateEmployer(ctx, f.actor, placements.NewEmployer{MunicipalityCode: "GM0363",
			Name:      "Bouw BV",
			KvKNumber: "87654321", Sector: "bouw"})
		return err
	})
	if e.Name != "Bouw BV" || e.MunicipalityCode != "GM0363" || e.CreatedAt.IsZero() {
		t.Errorf("employer answered %+v", e)
	}
	var o placements.JobOffer
	write("offer", func(ctx context.Context) (err error) {
		o, err = svc.CreateJobOffer(ctx, f.actor, f.caseID, placements.NewJobOffer{EmployerID: &e.ID,
			OfferedOn:    d("2026-02-02"),
			ContractType: "onbepaalde_tijd", HoursPerWeek: 24, HourlyWageCents: 1500})
		return err
	})
	if o.EmployerName != "Bouw BV" || o.Status != "open" || !o.MeetsQualityBar {
		t.Errorf("offer answered %+v", o)
	}
	write("acceptance", func(ctx context.Context) (err error) {
		o, err = svc.UpdateJobOffer(
			ctx,
			f.actor,
			f.caseID,
			o.ID,
			placements.JobOfferPatch{Status: ptr("geaccepteerd"), StartDate: d("2026-03-02")},
		)
		return err
	})
	if o.Status != "geaccepteerd" || o.StartDate == nil {
		t.Errorf("acceptance answered %+v", o)
	}
}
