package cases_test

import (
	"context"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

func TestDateCorrectionIsRecorded(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0363", "111222333")
	c = f.move(t, c.ID, cases.StageGevestigd, "2026-01-20")
	patch := cases.Patch{Values: cases.Values{"settledOn": *day("2026-01-19")}, Note: "typefout"}
	c, err := f.svc.Update(ctx, f.actor, c.ID, c.Version, patch)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Dates.SettledOn.Format(time.DateOnly); got != "2026-01-19" {
		t.Errorf("settledOn = %s", got)
	}
	if got := c.StageEnteredOn.Format(time.DateOnly); got != "2026-01-19" {
		t.Errorf("the current stage's entry date did not follow the correction: %s", got)
	}
	events, _ := f.svc.Events(ctx, f.actor, c.ID)
	last := events[len(events)-1]
	if last.Kind != "datumcorrectie" || *last.Field != "settledOn" || *last.OldValue != "2026-01-20" ||
		*last.NewValue != "2026-01-19" || last.Note != "typefout" {
		t.Errorf("correction event = %+v", last)
	}
}

func TestUpdateRejects(t *testing.T) {
	tests := []struct {
		name  string
		patch cases.Patch
		field string
	}{
		{"date of a stage not reached",
			cases.Patch{Values: cases.Values{"workStartedOn": *day("2026-02-01")}},
			"workStartedOn"},
		{"clearing a stage date", cases.Patch{Values: cases.Values{"settledOn": nil}}, "settledOn"},
		{"settlement before registration",
			cases.Patch{Values: cases.Values{"settledOn": *day("2026-01-01")}},
			"settledOn"},
		{"future date", cases.Patch{Values: cases.Values{"benefitGrantedOn": *day("2027-01-01")}},
			"benefitGrantedOn"},
		{
			"unknown route",
			cases.Patch{Values: cases.Values{"integrationRoute": "snel"}},
			"integrationRoute",
		},
		{"intake completed before start",
			cases.Patch{Values: cases.Values{"bredeIntakeStartedOn": *day("2026-03-01"),
				"bredeIntakeCompletedOn": *day("2026-02-01")}}, "bredeIntakeCompletedOn"},
		{"clearing the name", cases.Patch{Values: cases.Values{"name": nil}}, "name"},
		{"bad gender", cases.Patch{Values: cases.Values{"gender": "?"}}, "gender"},
		{"permit after registration",
			cases.Patch{Values: cases.Values{"residencePermitDate": *day("2026-02-01")}},
			"residencePermitDate"},
		{
			"pilot of another municipality",
			cases.Patch{Values: cases.Values{"pilot": "eindhoven"}},
			"pilot",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			c := f.create(t, "GM0363", "111222333")
			c = f.move(t, c.ID, cases.StageGevestigd, "2026-01-20")
			_, err := f.svc.Update(context.Background(), f.actor, c.ID, c.Version, tt.patch)
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.KindInvalid || !hasField(e, tt.field) {
				t.Fatalf("err = %v (%+v), want invalid %s", err, e, tt.field)
			}
			after, _ := f.svc.Get(context.Background(), f.actor, c.ID)
			if after.Version != c.Version {
				t.Error("a rejected update changed the case")
			}
		})
	}
}

func TestUpdateWritesValuesAndClears(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0363", "111222333")
	c, err := f.svc.Update(ctx, f.actor, c.ID, c.Version, cases.Patch{Values: cases.Values{
		"integrationRoute": "z", "benefitKind": "aanvullend", "name": "Amina Haddad-Ali",
		"bredeIntakeStartedOn": *day("2026-01-10")}})
	if err != nil {
		t.Fatal(err)
	}
	if *c.Integration.Route != "z" || *c.Benefit.Kind != "aanvullend" ||
		c.Client.Name != "Amina Haddad-Ali" || c.Version != 2 {
		t.Fatalf("after update: %+v", c)
	}
	cleared := cases.Patch{Values: cases.Values{"clientManagerId": nil, "benefitKind": nil}}
	c, err = f.svc.Update(ctx, f.actor, c.ID, c.Version, cleared)
	if err != nil {
		t.Fatal(err)
	}
	if c.ClientManagerID != nil || c.Benefit.Kind != nil {
		t.Errorf("clearing did not write NULL: manager %v, kind %v", c.ClientManagerID, c.Benefit.Kind)
	}
	events, _ := f.svc.Events(ctx, f.actor, c.ID)
	for _, e := range events {
		if e.Field != nil && *e.Field == "name" && (e.OldValue != nil || e.NewValue != nil) {
			t.Error("a change of personal data keeps the values in the history")
		}
	}
}

func TestStaleUpdate(t *testing.T) {
	f := newFixture(t)
	c := f.create(t, "GM0363", "111222333")
	b1 := cases.Patch{Values: cases.Values{"integrationRoute": "b1"}}
	if _, err := f.svc.Update(context.Background(), f.actor, c.ID, c.Version, b1); err != nil {
		t.Fatal(err)
	}
	_, err := f.svc.Update(
		context.Background(),
		f.actor,
		c.ID,
		c.Version,
		cases.Patch{Values: cases.Values{"integrationRoute": "z"}},
	)
	if !errs.Is(err, errs.KindPrecondition) {
		t.Fatalf("stale update: err = %v, want precondition failed", err)
	}
}

func TestPIPsAndInburgeringstermijn(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0363", "111222333")
	c, err := f.svc.AddPIP(ctx, f.actor, c.ID, cases.NewPIP{DrawnUpOn: day("2026-03-01"), Route: "b1"})
	if err != nil {
		t.Fatal(err)
	}
	nine := 9.5
	if _, err := f.svc.AddPIP(ctx, f.actor, c.ID, cases.NewPIP{DrawnUpOn: day("2026-05-01"), Route: "z",
		PlannedIntegrationHours: &[]float64{40.01}[0]}); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("more than 40 planned integration hours a week: %v", err)
	}
	c, err = f.svc.AddPIP(ctx, f.actor, c.ID, cases.NewPIP{DrawnUpOn: day("2026-05-01"), Route: "z",
		PlannedIntegrationHours: &nine})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Integration.PIPs) != 2 || c.Integration.PIPs[1].Version != 2 ||
		*c.Integration.Route != "z" || c.Integration.PIPs[0].PlannedIntegrationHours != nil ||
		c.Integration.PIPs[1].PlannedIntegrationHours == nil || *c.Integration.PIPs[1].PlannedIntegrationHours != 9.5 {
		t.Fatalf("pips %+v route %v", c.Integration.PIPs, c.Integration.Route)
	}
	if got := c.Integration.InburgeringstermijnEnds.Format(time.DateOnly); got != "2029-03-01" {
		t.Errorf(
			"termijn ends %s, want 2029-03-01 (first PIP + 3 years; later versions do not move it)",
			got,
		)
	}
	if _, err := f.svc.AddPIP(
		ctx,
		f.actor,
		c.ID,
		cases.NewPIP{DrawnUpOn: day("2026-04-01"), Route: "z"},
	); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("PIP dated before the previous: err = %v", err)
	}
	c, err = f.svc.AddResult(
		ctx,
		f.actor,
		c.ID,
		cases.NewResult{Kind: "pvt", Outcome: "afgerond", OnDate: day("2026-04-10")},
	)
	if err != nil || len(c.Integration.Results) != 1 {
		t.Fatalf("add result: %v, %+v", err, c.Integration.Results)
	}
	if _, err := f.svc.AddResult(
		ctx,
		f.actor,
		c.ID,
		cases.NewResult{Kind: "rijbewijs", Outcome: "behaald", OnDate: day("2026-04-10")},
	); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("unknown result kind: err = %v", err)
	}
}
