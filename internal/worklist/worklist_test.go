package worklist_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/worklist"
)

// fixture: Amsterdam (id 1, pilot: 14 days to an offer, 30 hours combined) and
// Eindhoven (id 2); today is Wednesday 2026-06-17, last week is 2026-W24 (from 8 June).
type fixture struct {
	db             *gorm.DB
	svc            *worklist.Service
	karin, mark    uuid.UUID
	client, leader access.Actor
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := dbtest.Gorm(t)
	f := &fixture{db: db, karin: uuid.New(), mark: uuid.New()}
	f.exec(
		t,
		`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam'), ('GM0772', 'Eindhoven')`,
	)
	f.exec(t, `INSERT INTO pilots (code, name, variant, start_date, target_combined_hours_per_week,
		target_min_work_hours_per_week, target_min_integration_hours_per_week, target_max_days_to_offer)
		VALUES ('amsterdam', 'A', 'gemeente', '2024-01-29', 30, 20, 8, 14)`)
	f.exec(
		t,
		`INSERT INTO users (id, email, name) VALUES (?, 'karin@example.nl', 'Karin'), (?, 'mark@example.nl', 'Mark')`,
		f.karin,
		f.mark,
	)
	// Both work in Amsterdam, Karin in Eindhoven too: their cases have an active manager.
	f.exec(t, `INSERT INTO role_assignments (user_id, domain, role) VALUES (?, 'GM0363', 'klantmanager'),
		(?, 'GM0772', 'klantmanager'), (?, 'GM0363', 'klantmanager')`, f.karin, f.karin, f.mark)
	f.svc = worklist.NewService(
		db,
		func() time.Time { return time.Date(2026, 6, 17, 12, 0, 0, 0, time.UTC) },
	)
	only := func(assign bool) func(int32, string, string) bool {
		return func(m int32, object, action string) bool {
			return m == 1 && (action != "assign" || assign)
		}
	}
	f.client = access.Actor{
		UserID:         &f.karin,
		Name:           "Karin",
		Municipalities: []int32{1},
		Permits:        only(false),
	}
	f.leader = access.Actor{
		UserID:         &f.karin,
		Name:           "Karin",
		Municipalities: []int32{1},
		Permits:        only(true),
	}
	return f
}

func (f *fixture) exec(t *testing.T, sql string, args ...any) {
	t.Helper()
	if err := f.db.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// addCase stores a case of municipality m in a stage entered on a date.
func (f *fixture) addCase(
	t *testing.T,
	m int,
	name string,
	manager uuid.UUID,
	stage,
	entered string,
) uuid.UUID {
	t.Helper()
	id, client := uuid.New(), uuid.New()
	f.exec(t, `INSERT INTO clients (id, municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender, country_of_birth,
		residence_permit_date, household_type, language_level_intake)
		VALUES (?, ?, '\x00', ?, ?, '1990-01-01', 'man', 'SY', '2025-12-01', 'alleenstaand', 'A0')`, client, m, client[:], name)
	closed := any(nil)
	if stage == "afgesloten" {
		closed = entered
	}
	f.exec(t, `INSERT INTO cases (id, municipality_id, client_id, pilot_id, client_manager_id, stage, stage_entered_on,
		registered_on, settled_on, benefit_applied_on, closed_on, close_reason)
		VALUES (?, ?, ?, CASE WHEN ? = 1 THEN 1 END, ?, ?, ?, '2026-01-05', '2026-01-10', '2026-01-12', ?, CASE WHEN ? THEN 'verhuisd' END)`,
		id, m, client, m, manager, stage, entered, closed, closed != nil)
	f.exec(
		t,
		`INSERT INTO case_pips (municipality_id, case_id, version, drawn_up_on, route) VALUES (?, ?, 1, '2026-02-01', 'b1')`,
		m,
		id,
	)
	return id
}

func names(items []worklist.Item) map[string][]worklist.Kind {
	out := map[string][]worklist.Kind{}
	for _, it := range items {
		out[it.ClientName] = []worklist.Kind{}
		for _, s := range it.Signals {
			out[it.ClientName] = append(out[it.ClientName], s.Kind)
		}
	}
	return out
}

func TestCaseloadSignals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.addCase(t, 1, "Amina", f.karin, "uitkering_aangevraagd", "2026-05-18")
	working := f.addCase(t, 1, "Bilal", f.karin, "aan_het_werk", "2026-03-02")
	f.addCase(t, 1, "Chen", f.karin, "afgesloten", "2026-03-02")
	f.addCase(t, 1, "Dana", f.mark, "gevestigd", "2026-01-10")
	f.addCase(t, 2, "Eli", f.karin, "gevestigd", "2026-01-10")
	got, err := f.svc.Caseload(ctx, f.client, worklist.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]worklist.Kind{
		"Amina": {worklist.OfferOverdue},
		"Bilal": {worklist.NoHoursLastWeek},
	}
	if diff := cmp.Diff(want, names(got)); diff != "" {
		t.Fatalf("client manager's caseload (-want +got):\n%s", diff)
	}

	// Last week logged below the target: the "no hours" signal goes, "below target" comes.
	f.exec(t, `INSERT INTO weekly_hours (municipality_id, case_id, week_start, actual_work_hours, actual_integration_hours)
		VALUES (1, ?, '2026-06-08', 20, 4)`, working)
	// An accepted placement of 16 hours a week.
	f.exec(
		t,
		`INSERT INTO employers (id, municipality_id, name, kvk_number, sector) VALUES (?, 1, 'W', '12345678', 'zorg')`,
		working,
	)
	f.exec(t, `INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, start_date, contract_type,
		hours_per_week, hourly_wage_cents, sector) VALUES (1, ?, ?, '2026-02-20', 'geaccepteerd', '2026-03-02', 'onbepaalde_tijd', 16, 1400, 'zorg')`,
		working, working)
	got, err = f.svc.Caseload(ctx, f.client, worklist.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(
		[]worklist.Kind{worklist.WeekBelowTarget, worklist.PlacementBelowBar},
		names(got)["Bilal"],
	); diff != "" {
		t.Errorf("after logging last week (-want +got):\n%s", diff)
	}
}

func TestCaseloadOwnership(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.addCase(t, 1, "Amina", f.karin, "gevestigd", "2026-01-10")
	f.addCase(t, 1, "Dana", f.mark, "gevestigd", "2026-01-10")
	f.addCase(t, 2, "Eli", f.karin, "gevestigd", "2026-01-10")
	tests := []struct {
		name  string
		actor access.Actor
		f     worklist.Filter
		want  []string
	}{
		{"client manager: own cases", f.client, worklist.Filter{}, []string{"Amina"}},
		{"team lead: the team's cases", f.leader, worklist.Filter{}, []string{"Amina", "Dana"}},
		{"team lead, only mine", f.leader, worklist.Filter{OnlyMine: true}, []string{"Amina"}},
		{
			"nobody's scope",
			access.Actor{UserID: &f.karin, Permits: func(int32, string, string) bool { return false }},
			worklist.Filter{},
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := f.svc.Caseload(ctx, tt.actor, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				got = append(got, it.ClientName)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("caseload (-want +got):\n%s", diff)
			}
		})
	}
	var logged int64
	f.db.Raw(
		`SELECT count(*) FROM audit_events WHERE object_type = 'case-list' AND user_id = ?`,
		f.karin,
	).Scan(&logged)
	if logged != 3 {
		t.Errorf("%d list reads in the audit log, want 3 (one per caseload shown)", logged)
	}
}

// TestCaseloadIssue12Signals: an offer long open, aangemeld too long, a contract
// ending, a case without an active client manager; the filters by stage, signal and
// name; uitgestroomd out of the active list.
func TestCaseloadIssue12Signals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.addCase(t, 1, "Farah Haddad", f.karin, "aangemeld", "2026-04-01")
	f.addCase(t, 1, "Fleur", f.karin, "aangemeld", "2026-05-01") // 47 days: not yet
	offered := f.addCase(t, 1, "Gert", f.karin, "baan_aangeboden", "2026-05-01")
	ending := f.addCase(t, 1, "Hana Al-Khatib", f.karin, "aan_het_werk", "2026-03-02")
	f.addCase(t, 1, "Ivo", f.mark, "gevestigd", "2026-01-10")
	nobody := f.addCase(t, 1, "Jan", f.karin, "gevestigd", "2026-01-10")
	f.addCase(t, 1, "Kees", f.karin, "uitgestroomd", "2026-05-01")
	f.exec(t, `UPDATE cases SET client_manager_id = NULL WHERE id = ?`, nobody)
	f.exec(t, `UPDATE users SET disabled_at = now() WHERE id = ?`, f.mark)
	f.exec(t, `INSERT INTO employers (id, municipality_id, name, kvk_number, sector)
		VALUES (?, 1, 'Bakkerij Noord', '12345678', 'horeca')`, offered)
	f.exec(t, `INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, contract_type,
		hours_per_week, hourly_wage_cents, sector) VALUES (1, ?, ?, '2026-05-01', 'open', 'onbepaalde_tijd', 24, 1500,
		'horeca')`, offered, offered)
	f.exec(t, `INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, start_date, end_date,
		contract_type, hours_per_week, hourly_wage_cents, sector) VALUES (1, ?, ?, '2026-02-20', 'geaccepteerd',
		'2026-03-02', '2026-07-20', 'bepaalde_tijd', 24, 1500, 'horeca')`, ending, offered)
	f.exec(t, `INSERT INTO weekly_hours (municipality_id, case_id, week_start, actual_work_hours,
		actual_integration_hours) VALUES (1, ?, '2026-06-08', 24, 8)`, ending)

	got, err := f.svc.Caseload(ctx, f.leader, worklist.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]worklist.Kind{
		"Farah Haddad":   {worklist.RegisteredLong},
		"Fleur":          {},
		"Gert":           {worklist.OfferOpenLong},
		"Hana Al-Khatib": {worklist.PlacementBelowBar, worklist.ContractEnding},
		"Ivo":            {worklist.NoActiveManager},
		"Jan":            {worklist.NoActiveManager},
	}
	if diff := cmp.Diff(want, names(got)); diff != "" {
		t.Fatalf("team lead's werklijst (-want +got):\n%s", diff)
	}
	for _, it := range got {
		for _, s := range it.Signals {
			switch s.Kind {
			case worklist.OfferOpenLong:
				if s.Days != 47 || s.Employer != "Bakkerij Noord" {
					t.Errorf("offer open: %d days at %q, want 47 at Bakkerij Noord", s.Days, s.Employer)
				}
			case worklist.ContractEnding:
				if s.Due.Format(time.DateOnly) != "2026-07-20" || s.Employer != "Bakkerij Noord" {
					t.Errorf("contract ending %s at %q", s.Due.Format(time.DateOnly), s.Employer)
				}
			case worklist.RegisteredLong:
				if s.Days != 77 {
					t.Errorf("aangemeld %d days, want 77", s.Days)
				}
			}
		}
	}

	tests := []struct {
		name string
		f    worklist.Filter
		want []string
	}{
		{"by signal", worklist.Filter{Kind: worklist.NoActiveManager}, []string{"Ivo", "Jan"}},
		{"by stage", worklist.Filter{Stage: "aangemeld"}, []string{"Farah Haddad", "Fleur"}},
		{"uitgestroomd only when asked", worklist.Filter{Stage: "uitgestroomd"}, []string{"Kees"}},
		{"by name", worklist.Filter{Query: "al khatib"}, []string{"Hana Al-Khatib"}},
		{"by name, short", worklist.Filter{Query: "ha"}, []string{"Farah Haddad", "Hana Al-Khatib"}},
		{"name and signal", worklist.Filter{Query: "haddad", Kind: worklist.NoActiveManager}, nil},
		{"only mine: Ivo is Mark's", worklist.Filter{OnlyMine: true, Kind: worklist.NoActiveManager}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items, err := f.svc.Caseload(ctx, f.leader, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range items {
				got = append(got, it.ClientName)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("werklijst (-want +got):\n%s", diff)
			}
		})
	}
	for _, bad := range []worklist.Filter{{Stage: "weg"}, {Kind: "onzin"}} {
		if _, err := f.svc.Caseload(ctx, f.leader, bad); !errs.Is(err, errs.KindInvalid) {
			t.Errorf("%+v: err = %v, want invalid", bad, err)
		}
	}
}

// One case's signals are the werklijst's for that case: also a colleague's case,
// none for a closed case, nothing outside the actor's municipalities.
func TestCaseSignals(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	late := f.addCase(t, 1, "Amina", f.mark, "uitkering_aangevraagd", "2026-05-18")
	closed := f.addCase(t, 1, "Chen", f.karin, "afgesloten", "2026-03-02")
	elsewhere := f.addCase(t, 2, "Eli", f.karin, "uitkering_aangevraagd", "2026-05-18")
	tests := []struct {
		name string
		id   uuid.UUID
		want []worklist.Kind
	}{
		{"offer overdue", late, []worklist.Kind{worklist.OfferOverdue}},
		{"closed", closed, []worklist.Kind{}},
		{"another municipality", elsewhere, []worklist.Kind{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signals, err := f.svc.Case(ctx, f.client, tt.id)
			if err != nil {
				t.Fatal(err)
			}
			got := []worklist.Kind{}
			for _, s := range signals {
				got = append(got, s.Kind)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("signals (-want +got):\n%s", diff)
			}
		})
	}
	var number string
	f.db.Raw(`SELECT case_number FROM cases WHERE id = ?`, late).Scan(&number)
	items, err := f.svc.Caseload(ctx, f.leader, worklist.Filter{})
	if err != nil || len(items) != 1 || items[0].CaseNumber != number || number == "" {
		t.Errorf("caseload %+v, %v: want Amina with case number %q", items, err, number)
	}
}
