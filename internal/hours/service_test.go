package hours_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
)

type fixture struct {
	db     *gorm.DB
	svc    *hours.Service
	caseID uuid.UUID
	actor  access.Actor
}

// newFixture makes one case (registered and at work since 2026-01-05) in a pilot with targets 30/20/8;
// today is Wednesday 2026-06-17 (week 25).
func newFixture(t testing.TB) fixture {
	t.Helper()
	db := dbtest.Gorm(t)
	exec := func(sql string, args ...any) {
		if err := db.Exec(sql, args...).Error; err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	exec(
		`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam'), ('GM0772', 'Eindhoven')`,
	)
	exec(`INSERT INTO pilots (code, name, variant, start_date, target_combined_hours_per_week,
		target_min_work_hours_per_week, target_min_integration_hours_per_week, target_max_days_to_offer)
		VALUES ('amsterdam', 'A', 'gemeente', '2024-01-29', 30, 20, 8, 14)`)
	f := fixture{db: db, caseID: uuid.New()}
	clientID := uuid.New()
	exec(`INSERT INTO clients (id, municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender, country_of_birth,
		residence_permit_date, household_type, language_level_intake)
		VALUES (?, 1, '\x00', '\x01', 'X', '1990-01-01', 'man', 'SY', '2025-12-01', 'alleenstaand', 'A0')`, clientID)
	exec(`INSERT INTO cases (id, municipality_id, client_id, pilot_id, stage, stage_entered_on, registered_on,
		work_started_on) VALUES (?, 1, ?, 1, 'aan_het_werk', '2026-02-01', '2026-01-05', '2026-01-05')`,
		f.caseID, clientID)
	f.svc = hours.NewService(
		db,
		func() time.Time { return time.Date(2026, 6, 17, 12, 0, 0, 0, time.UTC) },
	)
	f.actor = access.Actor{Name: "km", Municipalities: []int32{1}}
	return f
}

func week(s string) hours.Week {
	w, err := hours.ParseWeek(s)
	if err != nil {
		panic(err)
	}
	return w
}

func TestPutTwiceUpdatesInsteadOfDoubling(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	e := hours.Entry{PlannedWork: 24, ActualWork: hours.H(24), PlannedIntegration: 8, ActualIntegration: hours.H(8)}
	rec, created, err := f.svc.Put(ctx, f.actor, f.caseID, week("2026-W20"), e)
	if err != nil || !created {
		t.Fatalf("first put: created %v, %v", created, err)
	}
	if rec.Judgement.MeetsTarget == nil || !*rec.Judgement.MeetsTarget {
		t.Errorf("32 combined hours should meet the target of 30: %+v", rec.Judgement)
	}
	e.ActualWork = hours.H(10)
	rec, created, err = f.svc.Put(ctx, f.actor, f.caseID, week("2026-W20"), e)
	if err != nil || created {
		t.Fatalf("second put: created %v, %v", created, err)
	}
	if *rec.Judgement.MeetsTarget {
		t.Error("18 hours meets the target")
	}
	list, err := f.svc.List(ctx, f.actor, f.caseID, nil, nil)
	if err != nil || len(list) != 1 || list[0].Entry.Work() != 10 {
		t.Fatalf("list = %+v, %v", list, err)
	}
}

func TestPutRejects(t *testing.T) {
	tests := []struct {
		name  string
		week  string
		entry hours.Entry
		field string
	}{
		{"negative", "2026-W20", hours.Entry{ActualWork: hours.H(-1)}, "actualWorkHours"},
		{"work over 60", "2026-W20", hours.Entry{PlannedWork: 61}, "plannedWorkHours"},
		{
			"week over 168",
			"2026-W20",
			hours.Entry{ActualWork: hours.H(60), ActualIntegration: hours.H(80), Absence: 40, AbsenceReason: "ziek"},
			"absenceHours",
		},
		{"actual hours in a future week", "2026-W30", hours.Entry{ActualWork: hours.H(8)}, "week"},
		{"before registration", "2025-W40", hours.Entry{PlannedWork: 8}, "week"},
		{"more than a year ahead", "2027-W40", hours.Entry{PlannedWork: 8}, "week"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFixture(t)
			_, _, err := f.svc.Put(context.Background(), f.actor, f.caseID, week(tt.week), tt.entry)
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
}

func TestPlannedFutureWeekHasNoJudgement(t *testing.T) {
	f := newFixture(t)
	rec, _, err := f.svc.Put(
		context.Background(),
		f.actor,
		f.caseID,
		week("2026-W30"),
		hours.Entry{PlannedWork: 24, PlannedIntegration: 8},
	)
	if err != nil || rec.Judgement.MeetsTarget != nil {
		t.Fatalf("future week judged: %+v, %v", rec.Judgement, err)
	}
}

func TestWeeksOfAnotherMunicipalityAreNotFound(t *testing.T) {
	f := newFixture(t)
	other := access.Actor{Name: "x", Municipalities: []int32{2}}
	if _, _, err := f.svc.Put(
		context.Background(),
		other,
		f.caseID,
		week("2026-W20"),
		hours.Entry{},
	); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("put: err = %v, want not found", err)
	}
	if _, err := f.svc.List(
		context.Background(),
		other,
		f.caseID,
		nil,
		nil,
	); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("list: err = %v, want not found", err)
	}
}

func TestListRange(t *testing.T) {
	f := newFixture(t)
	for _, w := range []string{"2026-W10", "2026-W11", "2026-W12", "2026-W13"} {
		if _, _, err := f.svc.Put(
			context.Background(),
			f.actor,
			f.caseID,
			week(w),
			hours.Entry{PlannedWork: 20},
		); err != nil {
			t.Fatal(err)
		}
	}
	from, to := week("2026-W11"), week("2026-W12")
	list, err := f.svc.List(context.Background(), f.actor, f.caseID, &from, &to)
	if err != nil || len(list) != 2 || list[0].Week != from || list[1].Week != to {
		t.Fatalf("range = %+v, %v", list, err)
	}
}
