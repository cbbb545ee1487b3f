package cases_test

import (
	"testing"

	"github.com/startbaan/startbaan/internal/cases"
)

func TestOfferOverdue(t *testing.T) {
	applied, due := day("2026-01-22"), day("2026-02-05")
	tests := []struct {
		name    string
		stage   cases.Stage
		due     bool
		offered string
		today   string
		want    bool
	}{
		{"waiting, within the days", "uitkering_aangevraagd", true, "", "2026-02-05", false},
		{"waiting, past the days", "uitkering_aangevraagd", true, "", "2026-02-06", true},
		{"offered in time", "baan_aangeboden", true, "2026-02-05", "2026-06-01", false},
		{"offered late", "aan_het_werk", true, "2026-02-09", "2026-06-01", true},
		{"closed case", "afgesloten", true, "", "2026-06-01", false},
		{"no pilot, no promise", "uitkering_aangevraagd", false, "", "2026-06-01", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cases.Case{Stage: tt.stage, Dates: cases.StageDates{BenefitAppliedOn: applied}}
			if tt.due {
				c.OfferDueOn = due
			}
			if tt.offered != "" {
				c.Dates.JobOfferedOn = day(tt.offered)
			}
			if got := c.OfferOverdue(*day(tt.today)); got != tt.want {
				t.Errorf("OfferOverdue = %v, want %v", got, tt.want)
			}
		})
	}
}
