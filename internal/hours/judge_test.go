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
				ActualWork:         22,
				PlannedIntegration: 9,
				ActualIntegration:  9,
			}, target, true,
			hours.Judgement{MeetsTarget: &yes}},
		{"combined short",
			hours.Entry{
				PlannedWork:        20,
				ActualWork:         20,
				PlannedIntegration: 8,
				ActualIntegration:  8,
			}, target, true,
			hours.Judgement{MeetsTarget: &no}},
		{"work crowds out integration",
			hours.Entry{
				PlannedWork:        24,
				ActualWork:         32,
				PlannedIntegration: 9,
				ActualIntegration:  2,
			}, target, true,
			hours.Judgement{MeetsTarget: &no, Warnings: []string{hours.WarnWorkCrowdsOutIntegration}}},
		{"integration crowds out work",
			hours.Entry{
				PlannedWork:        24,
				ActualWork:         10,
				PlannedIntegration: 9,
				ActualIntegration:  20,
			}, target, true,
			hours.Judgement{MeetsTarget: &no, Warnings: []string{hours.WarnIntegrationCrowdsOutWork}}},
		{"not at work yet: no work planned or done",
			hours.Entry{PlannedIntegration: 12, ActualIntegration: 12}, target, true,
			hours.Judgement{MeetsTarget: &no}},
		{"both short: absence, no crowding",
			hours.Entry{
				PlannedWork:        24,
				ActualWork:         8,
				PlannedIntegration: 9,
				ActualIntegration:  3,
				Absence:            20,
			}, target, true,
			hours.Judgement{MeetsTarget: &no}},
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
				ActualWork:         20,
				PlannedIntegration: 6,
				ActualIntegration:  0,
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
