package worklist

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(s string) time.Time {
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

func atWorkFacts(f facts) facts {
	f.Stage, f.StageEnteredOn, f.LastWeekLogged = "aan_het_werk", day("2026-03-01"), true
	return f
}

func TestItemDaysLate(t *testing.T) {
	it := Item{
		Signals: []Signal{
			{Kind: NoHoursLastWeek},
			{Kind: NoFirstPIP, DaysLate: 12},
			{Kind: OfferOverdue, DaysLate: 3},
		},
	}
	if got := it.DaysLate(); got != 12 {
		t.Errorf("days late = %d, want the latest signal's 12", got)
	}
	if got := (Item{}).DaysLate(); got != 0 {
		t.Errorf("no signals: %d days late", got)
	}
}

// Today is Wednesday 2026-06-17 (ISO week 25); last week is 2026-W24.
func TestSignals(t *testing.T) {
	today := day("2026-06-17")
	atWork := func(f facts) facts {
		f.Stage, f.StageEnteredOn, f.LastWeekLogged = "aan_het_werk", day("2026-03-01"), true
		return f
	}
	tests := []struct {
		name string
		f    facts
		want []Kind
	}{
		{"applied 30 days ago, no offer",
			facts{
				Stage:          "uitkering_aangevraagd",
				StageEnteredOn: day("2026-05-18"),
				MaxDaysToOffer: ptr(14),
			},
			[]Kind{OfferOverdue}},
		{
			"applied 10 days ago",
			facts{
				Stage:          "uitkering_aangevraagd",
				StageEnteredOn: day("2026-06-07"),
				MaxDaysToOffer: ptr(14),
			},
			nil,
		},
		{"applied long ago, offer recorded since", facts{Stage: "uitkering_aangevraagd",
			StageEnteredOn: day("2026-05-18"),
			MaxDaysToOffer: ptr(14), OfferedSinceStage: true}, nil},
		{
			"no pilot, no promise",
			facts{Stage: "uitkering_aangevraagd", StageEnteredOn: day("2026-05-18")},
			nil,
		},
		{
			"at work, last week not logged",
			facts{Stage: "aan_het_werk", StageEnteredOn: day("2026-03-01")},
			[]Kind{NoHoursLastWeek},
		},
		{"started work this week", facts{Stage: "aan_het_werk", StageEnteredOn: day("2026-06-15")}, nil},
		{"at work, logged, week met", atWork(facts{RecentWeek: ptr(day("2026-06-08")),
			ActualWorkHours:        ptr(24.0),
			ActualIntegrationHours: ptr(8.0), Combined: ptr(30.0), MinWork: ptr(20.0), MinIntegration: ptr(8.0)}), nil},
		{"at work, week below combined", atWork(facts{RecentWeek: ptr(day("2026-06-08")),
			ActualWorkHours:        ptr(20.0),
			ActualIntegrationHours: ptr(4.0), Combined: ptr(30.0)}), []Kind{WeekBelowTarget}},
		{"placement 16 hours", atWork(facts{OfferStatus: ptr("geaccepteerd"),
			OfferContractType: ptr("onbepaalde_tijd"),
			OfferHoursPerWeek: ptr(16.0), OfferOfferedOn: ptr(day("2026-02-01"))}), []Kind{PlacementBelowBar}},
		{"placement 24 hours for a year", atWork(facts{OfferStatus: ptr("geaccepteerd"),
			OfferContractType: ptr("bepaalde_tijd"),
			OfferHoursPerWeek: ptr(24.0), OfferStartDate: ptr(day("2026-03-01")), OfferEndDate: ptr(day("2027-02-28"))}), nil},
		{"placement 24 hours, end not recorded: unknown is not short",
			atWork(facts{OfferStatus: ptr("geaccepteerd"),
				OfferContractType: ptr("bepaalde_tijd"), OfferHoursPerWeek: ptr(24.0), OfferStartDate: ptr(day("2026-03-01"))}), nil},
		{"offer 16 hours, end not recorded", atWork(facts{OfferStatus: ptr("open"),
			OfferContractType: ptr("bepaalde_tijd"),
			OfferHoursPerWeek: ptr(16.0), OfferOfferedOn: ptr(day("2026-02-01"))}), []Kind{PlacementBelowBar}},
		{"settled 11 weeks ago, no PIP",
			facts{Stage: "gevestigd", StageEnteredOn: day("2026-04-01"), SettledOn: ptr(day("2026-04-01"))},
			[]Kind{NoFirstPIP}},
		{
			"settled 11 weeks ago, exempt",
			facts{Stage: "gevestigd", SettledOn: ptr(day("2026-04-01")), Exempt: true},
			nil,
		},
		{"settled 9 weeks ago", facts{Stage: "gevestigd", SettledOn: ptr(day("2026-04-15"))}, nil},
		{"term ends in 5 months",
			facts{Stage: "gevestigd", SettledOn: ptr(day("2023-10-01")), FirstPIPOn: ptr(day("2023-11-17"))},
			[]Kind{TermEnding}},
		{
			"term ends in 7 months",
			facts{Stage: "gevestigd", SettledOn: ptr(day("2023-12-01")), FirstPIPOn: ptr(day("2024-01-17"))},
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []Kind
			for _, s := range tt.f.signals(today) {
				got = append(got, s.Kind)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("signals (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSignalDetails(t *testing.T) {
	today := day("2026-06-17")
	below := atWorkFacts(facts{OfferStatus: ptr("open"), OfferContractType: ptr("bepaalde_tijd"),
		OfferHoursPerWeek: ptr(16.0),
		OfferOfferedOn:    ptr(day("2026-02-01"))}).signals(today)[0]
	if diff := cmp.Diff([]string{"minder_dan_20_uur"}, below.Issues); diff != "" {
		t.Errorf("16 hours, end unknown: only what is known to fall short (-want +got):\n%s", diff)
	}
	s := facts{
		Stage:          "uitkering_aangevraagd",
		StageEnteredOn: day("2026-05-18"),
		MaxDaysToOffer: ptr(14),
	}.signals(today)[0]
	if !s.Due.Equal(day("2026-06-01")) || s.DaysLate != 16 {
		t.Errorf(
			"offer overdue: due %s, %d days late; want 2026-06-01, 16",
			s.Due.Format(time.DateOnly),
			s.DaysLate,
		)
	}
	s = facts{Stage: "aan_het_werk", StageEnteredOn: day("2026-03-01")}.signals(today)[0]
	if s.Week.String() != "2026-W24" {
		t.Errorf("no hours: week %s, want 2026-W24", s.Week)
	}
	s = facts{SettledOn: ptr(day("2023-01-01")), FirstPIPOn: ptr(day("2023-03-01"))}.signals(today)[0]
	if !s.Due.Equal(day("2026-03-01")) || s.DaysLate != 108 {
		t.Errorf("term ended: due %s, %d days late", s.Due.Format(time.DateOnly), s.DaysLate)
	}
}
