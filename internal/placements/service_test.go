package placements_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/placements"
)

type fixture struct {
	handle  *database.DB
	svc     *placements.Service
	actor   access.Actor
	caseID  uuid.UUID // settled 2026-01-20 in GM0363, a pilot without pre-settlement offers
	newCase uuid.UUID // not yet settled
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	handle := dbtest.Open(t)
	db := handle.Gorm
	f := fixture{handle: handle, caseID: uuid.New(), newCase: uuid.New()}
	for _, q := range []string{
		`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam'), ('GM0772', 'Eindhoven')`,
		`INSERT INTO pilots (code, name, variant, start_date, target_combined_hours_per_week, target_max_days_to_offer)
			VALUES ('amsterdam', 'A', 'gemeente', '2024-01-29', 30, 14)`,
		`INSERT INTO clients (id, municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender, country_of_birth,
			residence_permit_date, household_type, language_level_intake) VALUES
			('00000000-0000-0000-0000-0000000000c1', 1, '\x00', '\x01', 'X', '1990-01-01', 'man', 'SY', '2025-12-01', 'alleenstaand', 'A0'),
			('00000000-0000-0000-0000-0000000000c2', 1, '\x00', '\x02', 'Y', '1990-01-01', 'vrouw', 'ER', '2025-12-01', 'alleenstaand', 'A0')`,
	} {
		if err := db.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Exec(`INSERT INTO cases (id, municipality_id, client_id, pilot_id, stage, stage_entered_on, registered_on, settled_on, benefit_applied_on)
		VALUES (?, 1, '00000000-0000-0000-0000-0000000000c1', 1, 'uitkering_aangevraagd', '2026-01-22', '2026-01-05', '2026-01-20', '2026-01-22')`, f.caseID)
	db.Exec(`INSERT INTO cases (id, municipality_id, client_id, pilot_id, stage, stage_entered_on, registered_on)
		VALUES (?, 1, '00000000-0000-0000-0000-0000000000c2', 1, 'aangemeld', '2026-01-05', '2026-01-05')`, f.newCase)
	// Their histories, as the case service writes them: undoing a move needs them.
	db.Exec(`INSERT INTO case_events (municipality_id, case_id, kind, from_stage, to_stage, occurred_on, actor_name)
		VALUES (1, ?, 'aangemaakt', NULL, 'aangemeld', '2026-01-05', 'km'),
			(1, ?, 'overgang', 'aangemeld', 'gevestigd', '2026-01-20', 'km'),
			(1, ?, 'overgang', 'gevestigd', 'uitkering_aangevraagd', '2026-01-22', 'km'),
			(1, ?, 'aangemaakt', NULL, 'aangemeld', '2026-01-05', 'km')`, f.caseID, f.caseID, f.caseID, f.newCase)
	f.svc = placements.NewService(
		db,
		func() time.Time { return time.Date(2026, 6, 17, 12, 0, 0, 0, time.UTC) },
	)
	f.actor = access.Actor{Name: "km", Municipalities: []int32{1, 2}}
	return f
}

func (f fixture) employer(t *testing.T, municipality, kvk string) placements.Employer {
	t.Helper()
	e, err := f.svc.CreateEmployer(context.Background(), f.actor, placements.NewEmployer{
		MunicipalityCode: municipality, Name: "Zorggroep Oost", KvKNumber: kvk, Sector: "zorg"})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEmployers(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	e := f.employer(t, "GM0363", "12345678")
	if e.MunicipalityCode != "GM0363" || e.Sector != "zorg" {
		t.Errorf("employer = %+v", e)
	}
	if _, err := f.svc.CreateEmployer(
		ctx,
		f.actor,
		placements.NewEmployer{
			MunicipalityCode: "GM0363",
			Name:             "Dubbel",
			KvKNumber:        "12345678",
			Sector:           "zorg",
		},
	); !errs.Is(err, errs.KindConflict) {
		t.Errorf("duplicate KvK: err = %v, want conflict", err)
	}
	_, err := f.svc.CreateEmployer(
		ctx,
		f.actor,
		placements.NewEmployer{
			MunicipalityCode: "GM0363",
			Name:             "",
			KvKNumber:        "123",
			Sector:           "ruimtevaart",
		},
	)
	if e, ok := errs.As(err); !ok || len(e.Fields) != 3 {
		t.Errorf("bad employer: err = %v", err)
	}
	f.employer(t, "GM0772", "87654321")
	list, err := f.svc.ListEmployers(
		ctx,
		access.Actor{Municipalities: []int32{1}},
		placements.EmployerFilter{},
	)
	if err != nil || len(list) != 1 {
		t.Errorf("scoped list = %+v, %v", list, err)
	}
	if len(list) == 1 && list[0].KvKNumber != "12345678" {
		t.Errorf("the KvK number is read back: got %q", list[0].KvKNumber)
	}
	list, _ = f.svc.ListEmployers(ctx, f.actor, placements.EmployerFilter{Query: "zorg"})
	if len(list) != 2 {
		t.Errorf("search found %d, want 2", len(list))
	}
}

func TestJobOfferLifecycle(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	emp := f.employer(t, "GM0363", "12345678")
	o, err := f.svc.CreateJobOffer(ctx, f.actor, f.caseID, placements.NewJobOffer{EmployerID: &emp.ID,
		OfferedOn: d("2026-01-29"), ContractType: "bepaalde_tijd", HoursPerWeek: 24, HourlyWageCents: 1500,
		SOWISRequested: true})
	if err != nil {
		t.Fatal(err)
	}
	if o.Status != "open" || o.Sector != "zorg" || !o.SOWISRequested || o.MeetsQualityBar {
		t.Errorf("new offer = %+v", o)
	}
	o, err = f.svc.UpdateJobOffer(ctx, f.actor, f.caseID, o.ID,
		placements.JobOfferPatch{Status: ptr("geaccepteerd"),
			StartDate: d("2026-02-16"), EndDate: d("2027-02-15"), SOWISGranted: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if !o.MeetsQualityBar || !o.SOWISGranted || o.Status != "geaccepteerd" {
		t.Errorf("accepted offer = %+v", o)
	}
	if _, err := f.svc.UpdateJobOffer(
		ctx,
		f.actor,
		f.caseID,
		o.ID,
		placements.JobOfferPatch{Status: ptr("afgewezen"), DeclineReason: ptr("x")},
	); !errs.Is(err, errs.KindInvalid) {
		t.Errorf("reversing a decision: err = %v", err)
	}
	list, err := f.svc.ListJobOffers(ctx, f.actor, f.caseID)
	if err != nil || len(list) != 1 {
		t.Errorf("list = %+v, %v", list, err)
	}
}

func TestJobOfferRejects(t *testing.T) {
	f := newFixture(t)
	emp := f.employer(t, "GM0363", "12345678")
	other := f.employer(t, "GM0772", "87654321")
	base := func() placements.NewJobOffer {
		return placements.NewJobOffer{EmployerID: &emp.ID, OfferedOn: d("2026-01-29"),
			ContractType: "uitzend",
			HoursPerWeek: 24, HourlyWageCents: 1500}
	}
	tests := []struct {
		name   string
		caseID uuid.UUID
		edit   func(*placements.NewJobOffer)
		field  string
	}{
		{
			"before settlement",
			f.caseID,
			func(n *placements.NewJobOffer) { n.OfferedOn = d("2026-01-10") },
			"offeredOn",
		},
		{"client not settled", f.newCase, func(n *placements.NewJobOffer) {}, "offeredOn"},
		{
			"future",
			f.caseID,
			func(n *placements.NewJobOffer) { n.OfferedOn = d("2026-12-01") },
			"offeredOn",
		},
		{
			"employer of another municipality",
			f.caseID,
			func(n *placements.NewJobOffer) { n.EmployerID = &other.ID },
			"employerId",
		},
		{
			"start before offer",
			f.caseID,
			func(n *placements.NewJobOffer) { n.StartDate = d("2026-01-28") },
			"startDate",
		},
		{
			"end before start",
			f.caseID,
			func(n *placements.NewJobOffer) { n.StartDate, n.EndDate = d("2026-02-01"), d("2026-01-31") },
			"endDate",
		},
		{"zero hours", f.caseID, func(n *placements.NewJobOffer) { n.HoursPerWeek = 0 }, "hoursPerWeek"},
		{
			"granted without request",
			f.caseID,
			func(n *placements.NewJobOffer) { n.SOWISGranted = true },
			"sowisGranted",
		},
		{
			"unknown contract",
			f.caseID,
			func(n *placements.NewJobOffer) { n.ContractType = "zzp" },
			"contractType",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := base()
			tt.edit(&in)
			_, err := f.svc.CreateJobOffer(context.Background(), f.actor, tt.caseID, in)
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.KindInvalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			found := false
			for _, p := range e.Fields {
				found = found || p.Name == tt.field
			}
			if !found {
				t.Errorf("problems %+v do not name %s", e.Fields, tt.field)
			}
		})
	}
	outside := access.Actor{Municipalities: []int32{2}}
	if _, err := f.svc.CreateJobOffer(
		context.Background(),
		outside,
		f.caseID,
		base(),
	); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("offer on another municipality's case: err = %v, want not found", err)
	}
}

func ptr[T any](v T) *T { return &v }
