package hours_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
)

// caseload adds to the fixture a client manager (the fixture's actor from now on)
// and cases of their caseload; today is Wednesday 2026-06-17 (week 25).
type caseload struct {
	fixture
	manager uuid.UUID
}

func newCaseload(t testing.TB) caseload {
	t.Helper()
	f := newFixture(t)
	c := caseload{fixture: f, manager: uuid.New()}
	c.exec(t, `INSERT INTO users (id, email, name) VALUES (?, 'km@example.nl', 'Karin')`, c.manager)
	c.exec(t, `UPDATE cases SET client_manager_id = ? WHERE id = ?`, c.manager, f.caseID)
	c.actor = access.Actor{UserID: &c.manager, Name: "Karin", Municipalities: []int32{1},
		Permits: func(_ int32, object, action string) bool { return object == "cases" && action != "assign" }}
	return c
}

func (c caseload) exec(t testing.TB, sql string, args ...any) {
	t.Helper()
	if err := c.db.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

// addCase makes a case of the manager's caseload in stage, at work since started
// (nil: never), with a client called name.
func (c caseload) addCase(t *testing.T, name, stage string, started, left *string) uuid.UUID {
	t.Helper()
	client, id := uuid.New(), uuid.New()
	c.exec(t, `INSERT INTO clients (id, municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender,
		country_of_birth, residence_permit_date, household_type, language_level_intake)
		VALUES (?, 1, '\x00', ?, ?, '1991-04-01', 'vrouw', 'ER', '2025-12-01', 'alleenstaand', 'A0')`,
		client, client[:], name)
	closed := any(nil)
	if stage == "afgesloten" {
		closed = left
	}
	entered := "2026-02-01"
	if left != nil {
		entered = *left
	}
	c.exec(t, `INSERT INTO cases (id, municipality_id, client_id, pilot_id, client_manager_id, stage,
		stage_entered_on, registered_on, work_started_on, left_benefit_on, closed_on, close_reason)
		VALUES (?, 1, ?, 1, ?, ?, ?, '2026-01-05', ?, ?, ?, ?)`, id, client, c.manager, stage, entered,
		started, map[bool]any{true: left, false: nil}[stage == "uitgestroomd"], closed,
		map[bool]any{true: "verhuisd", false: nil}[stage == "afgesloten"])
	return id
}

func str(s string) *string { return &s }

func rowOf(t *testing.T, v hours.CaseloadWeek, id uuid.UUID) hours.CaseWeek {
	t.Helper()
	for _, r := range v.Rows {
		if r.CaseID == id {
			return r
		}
	}
	t.Fatalf("case %s not on the week screen", id)
	return hours.CaseWeek{}
}

func TestCaseloadWeekShowsTheCasesAtWorkWithTheirPlan(t *testing.T) {
	c := newCaseload(t)
	ctx := context.Background()
	contract := c.addCase(t, "Amal", "aan_het_werk", str("2026-03-02"), nil)
	c.exec(t, `INSERT INTO employers (id, municipality_id, name, kvk_number, sector)
		VALUES ('00000000-0000-0000-0000-0000000000e1', 1, 'Zorg', '12345678', 'zorg')`)
	c.exec(t, `INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, start_date,
		contract_type, hours_per_week, hourly_wage_cents, sector)
		VALUES (1, ?, '00000000-0000-0000-0000-0000000000e1', '2026-02-20', 'geaccepteerd', '2026-03-02',
		'onbepaalde_tijd', 24, 1500, 'zorg')`, contract)
	c.exec(t, `INSERT INTO case_pips (municipality_id, case_id, version, drawn_up_on, route,
		planned_integration_hours_per_week) VALUES (1, ?, 1, '2026-02-01', 'b1', 9)`, contract)
	previous := c.addCase(t, "Bashir", "aan_het_werk", str("2026-03-02"), nil)
	if _, _, err := c.svc.Put(ctx, c.actor, previous, week("2026-W23"),
		hours.Entry{PlannedWork: 20, PlannedIntegration: 8}); err != nil {
		t.Fatal(err)
	}
	c.addCase(t, "Not yet at work", "baan_aangeboden", nil, nil)
	c.addCase(t, "Starts later", "aan_het_werk", str("2026-06-15"), nil)
	c.addCase(t, "Left before", "uitgestroomd", str("2026-03-02"), str("2026-05-29"))
	closedIn := c.addCase(t, "Closed in the week", "afgesloten", str("2026-03-02"), str("2026-06-10"))
	if _, _, err := c.svc.Put(ctx, c.actor, c.caseID, week("2026-W24"), hours.Entry{PlannedWork: 30,
		ActualWork: hours.H(22), PlannedIntegration: 8, ActualIntegration: hours.H(8)}); err != nil {
		t.Fatal(err)
	}

	v, err := c.svc.CaseloadWeek(ctx, c.actor, hours.CaseloadFilter{}, week("2026-W24"))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Rows) != 4 || !v.Ended || v.Team {
		t.Fatalf("rows %d (want the fixture's case, Amal, Bashir, the closed one), ended %v, team %v",
			len(v.Rows), v.Ended, v.Team)
	}
	if r := rowOf(t, v, contract); r.PlannedWork != 24 || r.WorkFrom != hours.FromContract ||
		r.PlannedIntegration != 9 || r.IntegrationFrom != hours.FromPIP || r.Stored || r.BirthYear != 1991 {
		t.Errorf("contract and PIP: %+v", r)
	}
	if r := rowOf(t, v, previous); r.PlannedWork != 20 || r.WorkFrom != hours.FromPrevious ||
		r.PlannedIntegration != 8 || r.IntegrationFrom != hours.FromPrevious {
		t.Errorf("last week's plan: %+v", r)
	}
	stored := rowOf(t, v, c.caseID)
	if !stored.Stored || stored.WorkFrom != hours.FromStored || stored.UpdatedAt == nil ||
		stored.Judgement.MeetsTarget == nil || !*stored.Judgement.MeetsTarget {
		t.Errorf("the stored week: %+v", stored)
	}
	if r := rowOf(t, v, closedIn); r.Stored {
		t.Errorf("closed in the week: %+v", r)
	}
	if v.Rows[0].ClientName != "Amal" {
		t.Errorf("not by name: %s first", v.Rows[0].ClientName)
	}
}

func TestCloseWeekSavesRowByRow(t *testing.T) {
	c := newCaseload(t)
	ctx := context.Background()
	a := c.addCase(t, "Amal", "aan_het_werk", str("2026-03-02"), nil)
	b := c.addCase(t, "Bashir", "aan_het_werk", str("2026-03-02"), nil)
	late := c.addCase(t, "Starts later", "aan_het_werk", str("2026-06-15"), nil)
	w := week("2026-W24")
	seen, err := c.svc.CaseloadWeek(ctx, c.actor, hours.CaseloadFilter{}, w)
	if err != nil {
		t.Fatal(err)
	}
	// A colleague stores Bashir's week between the load and the save.
	colleague := hours.Entry{PlannedWork: 20, ActualWork: hours.H(18), PlannedIntegration: 8,
		ActualIntegration: hours.H(8)}
	if _, _, err := c.svc.Put(ctx, c.actor, b, w, colleague); err != nil {
		t.Fatal(err)
	}
	typed := hours.Entry{PlannedWork: 24, ActualWork: hours.H(20), PlannedIntegration: 9,
		ActualIntegration: hours.H(7), Absence: 3, AbsenceReason: "ziek"}
	in := []hours.CaseWeekInput{
		{CaseID: a, Entry: typed, Seen: rowOf(t, seen, a).UpdatedAt},
		{CaseID: b, Entry: typed, Seen: rowOf(t, seen, b).UpdatedAt},
		{CaseID: c.caseID, Entry: hours.Entry{PlannedWork: 24, Absence: 4}},
		{CaseID: late, Entry: typed},
		{CaseID: uuid.New(), Entry: typed},
	}
	res, err := c.svc.CloseWeek(ctx, c.actor, w, in)
	if err != nil {
		t.Fatal(err)
	}
	want := []hours.RowStatus{hours.RowSaved, hours.RowStale, hours.RowInvalid, hours.RowInvalid,
		hours.RowInvalid}
	for i, r := range res {
		if r.Status != want[i] {
			t.Errorf("row %d: %s (%v), want %s", i, r.Status, r.Problems, want[i])
		}
	}
	if r := res[1]; r.Current == nil || r.Current.Entry.Work() != 18 {
		t.Errorf("the colleague's week is not reported: %+v", r.Current)
	}
	if p := res[2].Problems; len(p) != 1 || p[0].Name != "absenceReason" {
		t.Errorf("absence without a reason: %v", p)
	}
	if p := res[3].Problems; len(p) != 1 || p[0].Name != "week" {
		t.Errorf("a week before the work started: %v", p)
	}
	// Amal's row saved with its judgement: 27 of 27 owed after 3 hours ill, but
	// integration 7 under its minimum of 8 × 27/30 = 7.2.
	if r := res[0]; r.Current == nil || r.Judgement.MeetsTarget == nil || *r.Judgement.MeetsTarget {
		t.Errorf("Amal's week: %+v", r)
	}
	list, _ := c.svc.List(ctx, c.actor, b, nil, nil)
	if len(list) != 1 || list[0].Entry.Work() != 18 {
		t.Errorf("the colleague's week was overwritten: %+v", list)
	}
	// Saving again with the colleague's stamp is a deliberate overwrite; Amal's row
	// unchanged is not written again.
	again, err := c.svc.CloseWeek(ctx, c.actor, w, []hours.CaseWeekInput{
		{CaseID: a, Entry: typed, Seen: &res[0].Current.UpdatedAt},
		{CaseID: b, Entry: typed, Seen: &res[1].Current.UpdatedAt},
	})
	if err != nil || again[0].Status != hours.RowUnchanged || again[1].Status != hours.RowSaved {
		t.Fatalf("second save: %+v, %v", again, err)
	}
}

func TestBlankIsNotZero(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	planned, _, err := f.svc.Put(ctx, f.actor, f.caseID, week("2026-W23"),
		hours.Entry{PlannedWork: 24, PlannedIntegration: 8})
	if err != nil {
		t.Fatal(err)
	}
	if planned.Entry.ActualWork != nil || planned.Judgement.MeetsTarget != nil {
		t.Errorf("a planned week is logged: %+v", planned)
	}
	zero, _, err := f.svc.Put(ctx, f.actor, f.caseID, week("2026-W22"),
		hours.Entry{PlannedWork: 24, ActualWork: hours.H(0), PlannedIntegration: 8, ActualIntegration: hours.H(0)})
	if err != nil {
		t.Fatal(err)
	}
	if zero.Judgement.MeetsTarget == nil || *zero.Judgement.MeetsTarget {
		t.Errorf("a week of 0 hours is not below target: %+v", zero.Judgement)
	}
	var facts struct{ ReportedWeeks, WeeksOnTarget int }
	f.db.Raw(`SELECT reported_weeks, weeks_on_target FROM cases WHERE id = ?`, f.caseID).Scan(&facts)
	if facts.ReportedWeeks != 1 || facts.WeeksOnTarget != 0 {
		t.Errorf("facts %+v: want the zero week reported and the blank one not", facts)
	}
	ill, _, err := f.svc.Put(ctx, f.actor, f.caseID, week("2026-W21"),
		hours.Entry{PlannedWork: 24, PlannedIntegration: 8, Absence: 32, AbsenceReason: "ziek"})
	if err != nil || ill.Judgement.MeetsTarget == nil || !*ill.Judgement.MeetsTarget {
		t.Fatalf("a week ill: %+v, %v", ill.Judgement, err)
	}
	f.db.Raw(`SELECT reported_weeks, weeks_on_target FROM cases WHERE id = ?`, f.caseID).Scan(&facts)
	if facts.ReportedWeeks != 2 || facts.WeeksOnTarget != 1 {
		t.Errorf("facts %+v: the week ill is reported and on target", facts)
	}
	// A 0 typed for a week not begun stays blank.
	future, _, err := f.svc.Put(ctx, f.actor, f.caseID, week("2026-W27"),
		hours.Entry{PlannedWork: 24, ActualWork: hours.H(0)})
	if err != nil || future.Entry.ActualWork != nil {
		t.Errorf("a 0 for a week not begun: %+v, %v", future.Entry, err)
	}
}

func TestAbsenceNeedsAReason(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	tests := []struct {
		name  string
		entry hours.Entry
		field string
	}{
		{"absence without a reason", hours.Entry{Absence: 8}, "absenceReason"},
		{"an unknown reason", hours.Entry{Absence: 8, AbsenceReason: "vakantie"}, "absenceReason"},
		{"a reason without absence", hours.Entry{AbsenceReason: "ziek"}, "absenceHours"},
	}
	for _, tt := range tests {
		_, _, err := f.svc.Put(ctx, f.actor, f.caseID, week("2026-W20"), tt.entry)
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.KindInvalid || len(e.Fields) != 1 || e.Fields[0].Name != tt.field {
			t.Errorf("%s: %v, want a problem on %s", tt.name, err, tt.field)
		}
	}
	if err := f.db.Exec(`INSERT INTO weekly_hours (municipality_id, case_id, week_start, absence_hours)
		VALUES (1, ?, '2026-05-11', 4)`, f.caseID).Error; err == nil {
		t.Error("the database stored absence without a reason")
	}
}

func TestHoursOnlyWhileAtWork(t *testing.T) {
	c := newCaseload(t)
	ctx := context.Background()
	e := hours.Entry{PlannedWork: 24, ActualWork: hours.H(24), PlannedIntegration: 8,
		ActualIntegration: hours.H(8)}
	tests := []struct {
		name    string
		stage   string
		started *string
		left    *string
		week    string
		ok      bool
	}{
		{"never at work", "baan_aangeboden", nil, nil, "2026-W20", false},
		{"the week work started (on a Thursday)", "aan_het_werk", str("2026-05-14"), nil, "2026-W20", true},
		{"the week before", "aan_het_werk", str("2026-05-14"), nil, "2026-W19", false},
		{"the week the client left the benefit", "uitgestroomd", str("2026-03-02"), str("2026-05-13"),
			"2026-W20", true},
		{"the week after", "uitgestroomd", str("2026-03-02"), str("2026-05-13"), "2026-W21", false},
		{"after closing", "afgesloten", str("2026-03-02"), str("2026-05-13"), "2026-W21", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := c.addCase(t, "X", tt.stage, tt.started, tt.left)
			_, _, err := c.svc.Put(ctx, c.actor, id, week(tt.week), e)
			if tt.ok && err != nil {
				t.Fatalf("refused: %v", err)
			}
			if !tt.ok {
				if e, ok := errs.As(err); !ok || len(e.Fields) != 1 || e.Fields[0].Name != "week" {
					t.Fatalf("not refused on week: %v", err)
				}
			}
			_, err = c.svc.PutWeeks(ctx, c.actor, id, []hours.WeekInput{{Week: week(tt.week), Entry: e,
				Seen: nil}})
			if (err == nil) != tt.ok && !(tt.ok && errs.Is(err, errs.KindPrecondition)) {
				t.Errorf("batch: %v", err)
			}
		})
	}
}

// Team leads see the whole municipality and may narrow it to one manager.
func TestCaseloadWeekOfATeam(t *testing.T) {
	c := newCaseload(t)
	ctx := context.Background()
	other := uuid.New()
	c.exec(t, `INSERT INTO users (id, email, name) VALUES (?, 'b@example.nl', 'Bram')`, other)
	id := c.addCase(t, "Of Bram", "aan_het_werk", str("2026-03-02"), nil)
	c.exec(t, `UPDATE cases SET client_manager_id = ? WHERE id = ?`, other, id)
	own, err := c.svc.CaseloadWeek(ctx, c.actor, hours.CaseloadFilter{}, week("2026-W24"))
	if err != nil || len(own.Rows) != 1 {
		t.Fatalf("a client manager sees %d rows, %v", len(own.Rows), err)
	}
	lead := c.actor
	lead.Permits = func(_ int32, object, _ string) bool { return object == "cases" }
	team, err := c.svc.CaseloadWeek(ctx, lead, hours.CaseloadFilter{}, week("2026-W24"))
	if err != nil || len(team.Rows) != 2 || !team.Team || len(team.Managers) != 2 ||
		team.Managers[0].Name != "Bram" {
		t.Fatalf("the team: %+v, %v", team, err)
	}
	one, err := c.svc.CaseloadWeek(ctx, lead, hours.CaseloadFilter{ManagerID: &other}, week("2026-W24"))
	if err != nil || len(one.Rows) != 1 || one.Rows[0].CaseID != id || len(one.Managers) != 2 {
		t.Fatalf("one manager: %+v, %v", one, err)
	}
}
