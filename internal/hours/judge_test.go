package hours_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/startbaan/startbaan/internal/hours"
)

func TestJudge(t *testing.T) {
	target := &hours.Targets{Combined: 30, MinWork: 20, MinIntegration: 8}
	yes, no := true, false
	tests := []struct {
		name  string
		entry hours.Entry
		t     *hours.Targets
		ended bool
		want  hours.Judgement
	}{
		{"meets all",
			hours.Entry{
				PlannedWork:        22,
				ActualWork:         hours.H(22),
				PlannedIntegration: 9,
				ActualIntegration:  hours.H(9),
			}, target, true,
			hours.Judgement{MeetsTarget: &yes}},
		{"combined short",
			hours.Entry{
				PlannedWork:        20,
				ActualWork:         hours.H(20),
				PlannedIntegration: 8,
				ActualIntegration:  hours.H(8),
			}, target, true,
			hours.Judgement{MeetsTarget: &no}},
		{"work crowds out integration",
			hours.Entry{
				PlannedWork:        24,
				ActualWork:         hours.H(32),
				PlannedIntegration: 9,
				ActualIntegration:  hours.H(2),
			}, target, true,
			hours.Judgement{MeetsTarget: &no, Warnings: []string{hours.WarnWorkCrowdsOutIntegration}}},
		{"integration crowds out work",
			hours.Entry{
				PlannedWork:        24,
				ActualWork:         hours.H(10),
				PlannedIntegration: 9,
				ActualIntegration:  hours.H(20),
			}, target, true,
			hours.Judgement{MeetsTarget: &no, Warnings: []string{hours.WarnIntegrationCrowdsOutWork}}},
		{"not at work yet: no work planned or done",
			hours.Entry{PlannedIntegration: 12, ActualIntegration: hours.H(12)}, target, true,
			hours.Judgement{MeetsTarget: &no}},
		{"both short: absence, no crowding",
			hours.Entry{
				PlannedWork:        24,
				ActualWork:         hours.H(8),
				PlannedIntegration: 9,
				ActualIntegration:  hours.H(3),
				Absence:            20, AbsenceReason: "ongeoorloofd",
			}, target, true,
			hours.Judgement{MeetsTarget: &no}},
		{"ill for the rest of the week: on target",
			hours.Entry{PlannedWork: 24, ActualWork: hours.H(8), PlannedIntegration: 9,
				ActualIntegration: hours.H(3), Absence: 20, AbsenceReason: "ziek"}, target, true,
			hours.Judgement{MeetsTarget: &yes}},
		{"leave lowers the minimums in proportion",
			// 30 - 10 = 20 owed, two thirds of each minimum: work 13.33, integration 5.33
			hours.Entry{PlannedWork: 24, ActualWork: hours.H(14), PlannedIntegration: 9,
				ActualIntegration: hours.H(5), Absence: 10, AbsenceReason: "verlof"}, target, true,
			hours.Judgement{MeetsTarget: &no, Warnings: []string{hours.WarnWorkCrowdsOutIntegration}}},
		{"ill the whole week, nothing done",
			hours.Entry{PlannedWork: 24, PlannedIntegration: 9, Absence: 40, AbsenceReason: "ziek"},
			target, true, hours.Judgement{MeetsTarget: &yes}},
		{"blank actuals: not logged, not judged",
			hours.Entry{PlannedWork: 24, PlannedIntegration: 9}, target, true, hours.Judgement{}},
		{"zero entered: logged and below target",
			hours.Entry{PlannedWork: 24, ActualWork: hours.H(0), PlannedIntegration: 9,
				ActualIntegration: hours.H(0)}, target, true, hours.Judgement{MeetsTarget: &no}},
		{
			"week not ended",
			hours.Entry{PlannedWork: 24, PlannedIntegration: 9},
			target,
			false,
			hours.Judgement{},
		},
		{"no pilot: plan only",
			hours.Entry{
				PlannedWork:        20,
				ActualWork:         hours.H(20),
				PlannedIntegration: 6,
				ActualIntegration:  hours.H(0),
			}, nil, true,
			hours.Judgement{Warnings: []string{hours.WarnWorkCrowdsOutIntegration}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, hours.Judge(tt.entry, tt.t, tt.ended)); diff != "" {
				t.Errorf("Judge (-want +got):\n%s", diff)
			}
		})
	}
}

func TestShortfalls(t *testing.T) {
	target := hours.Targets{Combined: 30, MinWork: 20, MinIntegration: 8}
	tests := []struct {
		name  string
		entry hours.Entry
		want  []hours.Shortfall
	}{
		{"integration short", hours.Entry{ActualWork: hours.H(24), ActualIntegration: hours.H(7)},
			[]hours.Shortfall{{Side: hours.SideIntegration, Actual: 7, Owed: 8}}},
		{"both sides short", hours.Entry{ActualWork: hours.H(10), ActualIntegration: hours.H(2)},
			[]hours.Shortfall{{Side: hours.SideIntegration, Actual: 2, Owed: 8},
				{Side: hours.SideWork, Actual: 10, Owed: 20}}},
		{"only the sum short", hours.Entry{ActualWork: hours.H(20), ActualIntegration: hours.H(8)},
			[]hours.Shortfall{{Side: hours.SideCombined, Actual: 28, Owed: 30}}},
		{"ill 15 hours: half of everything owed", hours.Entry{ActualWork: hours.H(10),
			ActualIntegration: hours.H(3), Absence: 15, AbsenceReason: "ziek"},
			[]hours.Shortfall{{Side: hours.SideIntegration, Actual: 3, Owed: 4}}},
		{"absent without leave owes everything", hours.Entry{ActualWork: hours.H(20),
			ActualIntegration: hours.H(8), Absence: 4, AbsenceReason: "ongeoorloofd"},
			[]hours.Shortfall{{Side: hours.SideCombined, Actual: 28, Owed: 30}}},
		{"met", hours.Entry{ActualWork: hours.H(22), ActualIntegration: hours.H(8)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, hours.Shortfalls(tt.entry, target)); diff != "" {
				t.Errorf("Shortfalls (-want +got):\n%s", diff)
			}
		})
	}
}
