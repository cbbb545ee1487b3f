package cases_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
)

// fixture is a database with two municipalities: GM0363 in a pilot that does not
// allow pre-settlement offers, GM0772 in one that does.
type fixture struct {
	handle  *database.DB
	db      *gorm.DB
	svc     *cases.Service
	sealer  *bsn.Sealer
	now     time.Time
	manager uuid.UUID
	ams     int32
	ehv     int32
	actor   access.Actor
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	database := dbtest.Open(t)
	db := database.Gorm
	sealer, err := bsn.NewSealer(bytes.Repeat([]byte{1}, bsn.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{
		handle: database,
		db:     db,
		sealer: sealer,
		now:    time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC),
	}
	f.svc = cases.NewService(database, sealer, func() time.Time { return f.now })
	mustExec(
		t,
		db,
		`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam'), ('GM0772', 'Eindhoven')`,
	)
	mustExec(t, db, `INSERT INTO pilots (code, name, variant, start_date, allows_pre_settlement_offer,
		target_combined_hours_per_week, target_max_days_to_offer) VALUES
		('amsterdam', 'Startbaan Amsterdam', 'gemeente', '2024-01-29', false, 30, 14),
		('eindhoven', 'Startbaan Eindhoven', 'private_werkgever', '2024-01-29', true, 28, 14)`)
	mustExec(t, db, `INSERT INTO pilot_municipalities SELECT m.id, p.id FROM municipalities m JOIN pilots p
		ON (m.code, p.code) IN (('GM0363','amsterdam'), ('GM0772','eindhoven'))`)
	db.Raw(`SELECT id FROM municipalities WHERE code = 'GM0363'`).Scan(&f.ams)
	db.Raw(`SELECT id FROM municipalities WHERE code = 'GM0772'`).Scan(&f.ehv)
	f.manager = uuid.New()
	mustExec(
		t,
		db,
		`INSERT INTO users (id, email, name) VALUES (?, 'km@example.nl', 'Karin Manager')`,
		f.manager,
	)
	mustExec(t, db,
		`INSERT INTO role_assignments (user_id, domain, role) VALUES (?, 'GM0363', 'teamleider'), (?, 'GM0772', 'teamleider')`,
		f.manager, f.manager)
	// A team lead in both municipalities: may also close cases and assign caseloads.
	f.actor = access.Actor{UserID: &f.manager, Name: "Karin Manager",
		Municipalities: []int32{f.ams, f.ehv},
		Permits:        func(int32, string, string) bool { return true }}
	return f
}

func mustExec(t *testing.T, db *gorm.DB, sql string, args ...any) {
	t.Helper()
	if err := db.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func day(s string) *time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return &d
}

func (f *fixture) newCase(municipality, number string) cases.NewCase {
	return cases.NewCase{MunicipalityCode: municipality, BSN: number, Name: "Amina Haddad",
		BirthDate: day("1995-03-02"), Gender: "vrouw", CountryOfBirth: "SY", ResidencePermitDate: day("2025-11-01"),
		HouseholdType: "alleenstaand", LanguageLevelIntake: "A0", ClientManagerID: &f.manager, RegisteredOn: day("2026-01-05")}
}

func (f *fixture) create(t *testing.T, municipality, number string) cases.Case {
	t.Helper()
	c, err := f.svc.Create(context.Background(), f.actor, f.newCase(municipality, number))
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	return c
}

func (f *fixture) move(t *testing.T, id uuid.UUID, to cases.Stage, on string) cases.Case {
	t.Helper()
	in := cases.TransitionInput{To: to, On: day(on)}
	if to == cases.StageAfgesloten {
		in.CloseReason = ptr("verhuisd")
	}
	c, err := f.svc.Transition(context.Background(), f.actor, id, in)
	if err != nil {
		t.Fatalf("move to %s on %s: %v", to, on, err)
	}
	return c
}

func ptr[T any](v T) *T { return &v }
