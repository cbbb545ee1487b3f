package cases_test

import (
	"context"
	"testing"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

// TestResultOutcomesPerKind: a PVT and the MAP are afgerond, the KNM and the exams
// behaald or niet behaald, an exemption verleend — in the service and in the database.
func TestResultOutcomesPerKind(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0363", validBSNs(1)[0])
	for _, kind := range cases.ResultKinds {
		for _, outcome := range cases.ResultOutcomes {
			valid := false
			for _, o := range cases.OutcomesOf(kind) {
				valid = valid || o == outcome
			}
			_, err := f.svc.AddResult(ctx, f.actor, c.ID,
				cases.NewResult{Kind: kind, Outcome: outcome, OnDate: day("2026-04-10")})
			if valid && err != nil {
				t.Errorf("%s %s: %v", kind, outcome, err)
			}
			if e, ok := errs.As(err); !valid && (!ok || e.Kind != errs.KindInvalid ||
				e.Fields[0].Name != "outcome") {
				t.Errorf("%s %s: err = %v, want a problem with the outcome", kind, outcome, err)
			}
			dbErr := f.db.Exec(`INSERT INTO case_integration_results (municipality_id, case_id, kind,
				outcome, on_date) VALUES (?, ?, ?, ?, '2026-04-10')`, f.ams, c.ID, kind, outcome).Error
			if valid != (dbErr == nil) {
				t.Errorf("database: %s %s stored = %v (%v)", kind, outcome, dbErr == nil, dbErr)
			}
		}
	}
	if n := len(cases.OutcomesOf("rijbewijs")); n != 0 {
		t.Errorf("unknown kind: %d outcomes", n)
	}
}
