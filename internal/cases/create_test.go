package cases_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

func TestCreate(t *testing.T) {
	f := newFixture(t)
	c := f.create(t, "GM0363", "111222333")
	if c.Stage != cases.StageAangemeld || c.Version != 1 || c.MunicipalityCode != "GM0363" {
		t.Fatalf("created case = %+v", c)
	}
	if c.PilotCode == nil || *c.PilotCode != "amsterdam" {
		t.Errorf("pilot defaults to the municipality's only pilot, got %v", c.PilotCode)
	}
	var stored struct {
		BsnCiphertext []byte
		BsnHash       []byte
	}
	f.db.Raw(`SELECT bsn_ciphertext, bsn_hash FROM clients`).Scan(&stored)
	if bytes.Contains(stored.BsnCiphertext, []byte("111222333")) {
		t.Error("BSN stored in plain text")
	}
	if plain, err := f.sealer.Open(stored.BsnCiphertext); err != nil || plain != "111222333" {
		t.Errorf("stored BSN opens to %q, %v", plain, err)
	}
	events, err := f.svc.Events(context.Background(), f.actor, c.ID)
	if err != nil || len(events) != 1 || events[0].Kind != "aangemaakt" ||
		events[0].ActorName != "Karin Manager" {
		t.Errorf("events = %+v, %v", events, err)
	}
}

func TestCreateRejects(t *testing.T) {
	f := newFixture(t)
	tests := []struct {
		name  string
		edit  func(*cases.NewCase)
		field string
		noBSN bool
	}{
		{"bsn fails 11-proef", func(n *cases.NewCase) { n.BSN = "123456789" }, "bsn", true},
		{"bsn too short", func(n *cases.NewCase) { n.BSN = "1234" }, "bsn", true},
		{"empty name", func(n *cases.NewCase) { n.Name = "  " }, "name", false},
		{"no birth date", func(n *cases.NewCase) { n.BirthDate = nil }, "birthDate", false},
		{"child", func(n *cases.NewCase) { n.BirthDate = day("2020-01-01") }, "birthDate", false},
		{"unknown gender", func(n *cases.NewCase) { n.Gender = "onbekend" }, "gender", false},
		{
			"country not ISO",
			func(n *cases.NewCase) { n.CountryOfBirth = "Syria" },
			"countryOfBirth",
			false,
		},
		{
			"future registration",
			func(n *cases.NewCase) { n.RegisteredOn = day("2027-01-01") },
			"registeredOn",
			false,
		},
		{
			"registered before permit",
			func(n *cases.NewCase) { n.RegisteredOn = day("2025-01-01") },
			"registeredOn",
			false,
		},
		{
			"unknown household",
			func(n *cases.NewCase) { n.HouseholdType = "groot" },
			"householdType",
			false,
		},
		{
			"unknown language level",
			func(n *cases.NewCase) { n.LanguageLevelIntake = "Z9" },
			"languageLevelIntake",
			false,
		},
		{
			"unknown municipality",
			func(n *cases.NewCase) { n.MunicipalityCode = "GM9999" },
			"municipality",
			false,
		},
		{
			"pilot of another municipality",
			func(n *cases.NewCase) { n.PilotCode = ptr("eindhoven") },
			"pilot",
			false,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := f.newCase("GM0363", "111222333")
			tt.edit(&in)
			_, err := f.svc.Create(context.Background(), f.actor, in)
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.KindInvalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			if !hasField(e, tt.field) {
				t.Errorf("problems %+v do not name %s", e.Fields, tt.field)
			}
			for _, fp := range e.Fields {
				if bytes.Contains([]byte(fp.Reason+e.Detail), []byte(in.BSN)) && len(in.BSN) > 3 {
					t.Errorf("error message repeats the BSN: %q", fp.Reason)
				}
			}
		})
	}
	var n int64
	f.db.Table("cases").Count(&n)
	if n != 0 {
		t.Errorf("rejected input left %d cases", n)
	}
}

func hasField(e *errs.Error, name string) bool {
	for _, fp := range e.Fields {
		if fp.Name == name {
			return true
		}
	}
	return false
}

func TestOneActiveCasePerBSNPerMunicipality(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	first := f.create(t, "GM0363", "111222333")
	_, err := f.svc.Create(ctx, f.actor, f.newCase("GM0363", "111222333"))
	if !errs.Is(err, errs.KindConflict) {
		t.Fatalf("second active case: err = %v, want conflict", err)
	}
	if e, _ := errs.As(err); bytes.Contains([]byte(e.Detail), []byte("111222333")) {
		t.Error("conflict message repeats the BSN")
	}
	// The same person may have a case in another municipality.
	f.create(t, "GM0772", "111222333")
	// After closing, a new case for the same client is allowed and reuses the client.
	f.move(t, first.ID, cases.StageAfgesloten, "2026-02-01")
	again := f.create(t, "GM0363", "111222333")
	if again.Client.ID != first.Client.ID {
		t.Error("a returning client got a second client record")
	}
}

func TestScopeHidesOtherMunicipalities(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0772", "111222333")
	amsOnly := access.Actor{Name: "A", Municipalities: []int32{f.ams}}
	if _, err := f.svc.Get(ctx, amsOnly, c.ID); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("get across municipalities: err = %v, want not found", err)
	}
	if _, err := f.svc.Transition(
		ctx,
		amsOnly,
		c.ID,
		cases.TransitionInput{To: cases.StageGevestigd, On: day("2026-02-01")},
	); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("transition across municipalities: err = %v, want not found", err)
	}
	if _, err := f.svc.Events(ctx, amsOnly, c.ID); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("events across municipalities: err = %v, want not found", err)
	}
	found, err := f.svc.FindByBSN(ctx, amsOnly, "111222333")
	if err != nil || len(found) != 0 {
		t.Errorf("search across municipalities found %d, %v", len(found), err)
	}
	page, err := f.svc.List(ctx, amsOnly, cases.Filter{})
	if err != nil || page.Total != 0 {
		t.Errorf("list across municipalities: total %d, %v", page.Total, err)
	}
	nobody := access.Actor{Name: "N"}
	if page, _ := f.svc.List(ctx, nobody, cases.Filter{}); page.Total != 0 {
		t.Error("an actor without municipalities sees cases")
	}
	if _, err := f.svc.Create(
		ctx,
		amsOnly,
		f.newCase("GM0772", "123456782"),
	); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("create in another municipality: err = %v, want invalid", err)
	}
}
