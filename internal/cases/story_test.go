package cases_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

// The story merges the case's events with its PIPs, results and offers by the date
// each happened, newest first; the events that only say a PIP or result was added
// are told by the rows themselves.
func TestStory(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0363", "111222333")
	f.move(t, c.ID, cases.StageGevestigd, "2026-01-20")
	if _, err := f.svc.AddPIP(ctx, f.actor, c.ID,
		cases.NewPIP{DrawnUpOn: day("2026-02-10"), Route: "b1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.AddResult(ctx, f.actor, c.ID,
		cases.NewResult{Kind: "examen_lezen", Outcome: "behaald", OnDate: day("2026-05-04")}); err != nil {
		t.Fatal(err)
	}
	f.move(t, c.ID, cases.StageUitkeringAangevraagd, "2026-02-02")
	employer := uuid.New()
	mustExec(t, f.db, `INSERT INTO employers (id, municipality_id, name, kvk_number, sector) VALUES (?, ?, 'Bakkerij X', '12345678', 'horeca')`,
		employer, f.ams)
	mustExec(t, f.db, `INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, start_date,
		end_date, contract_type, hours_per_week, hourly_wage_cents, sector)
		VALUES (?, ?, ?, '2026-02-12', 'geaccepteerd', '2026-03-02', '2027-03-01', 'bepaalde_tijd', 24, 1500, 'horeca')`,
		f.ams, c.ID, employer)

	lines, err := f.svc.Story(ctx, f.actor, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	type line struct{ Source, Kind, On, Actor string }
	var got []line
	for _, l := range lines {
		got = append(got, line{l.Source, l.Kind, l.On.Format("2006-01-02"), l.Actor})
	}
	want := []line{
		{cases.StoryEnd, "bepaalde_tijd", "2027-03-01", ""},
		{cases.StoryResult, "examen_lezen", "2026-05-04", "Karin Manager"},
		{cases.StoryOutcome, "geaccepteerd", "2026-03-02", ""},
		{cases.StoryOffer, "bepaalde_tijd", "2026-02-12", ""},
		{cases.StoryPIP, "b1", "2026-02-10", "Karin Manager"},
		{cases.StoryEvent, "overgang", "2026-02-02", "Karin Manager"},
		{cases.StoryEvent, "overgang", "2026-01-20", "Karin Manager"},
		{cases.StoryEvent, "aangemaakt", "2026-01-05", "Karin Manager"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Fatalf("story (-want +got):\n%s", diff)
	}
	if l := lines[3]; textOf(l.Employer) != "Bakkerij X" || l.HoursPerWeek == nil || *l.HoursPerWeek != 24 {
		t.Errorf("offer line = %+v", l)
	}
	if l := lines[1]; textOf(l.Detail) != "behaald" {
		t.Errorf("result line = %+v", l)
	}

	other := access.Actor{UserID: &f.manager, Municipalities: []int32{f.ehv},
		Permits: func(int32, string, string) bool { return true }}
	if _, err := f.svc.Story(ctx, other, c.ID); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("another municipality's story: %v, want not found", err)
	}
}

func textOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
