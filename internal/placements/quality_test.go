package placements_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/startbaan/startbaan/internal/placements"
)

func d(s string) *time.Time {
	t, _ := time.Parse(time.DateOnly, s)
	return &t
}

func TestQuality(t *testing.T) {
	tests := []struct {
		name     string
		contract string
		hours    float64
		start    *time.Time
		end      *time.Time
		meets    bool
		issues   []string
	}{
		{"permanent 24h", "onbepaalde_tijd", 24, d("2026-01-01"), nil, true, nil},
		{"fixed exactly 12 months", "bepaalde_tijd", 20, d("2026-01-01"), d("2026-12-31"), true, nil},
		{
			"fixed one day short",
			"bepaalde_tijd",
			20,
			d("2026-01-01"),
			d("2026-12-30"),
			false,
			[]string{placements.IssueTooShort},
		},
		{
			"19.5 hours",
			"bepaalde_tijd",
			19.5,
			d("2026-01-01"),
			d("2027-06-30"),
			false,
			[]string{placements.IssueTooFewHours},
		},
		{
			"no end date on a temporary contract",
			"uitzend",
			32,
			d("2026-01-01"),
			nil,
			false,
			[]string{placements.IssueEndUnknown},
		},
		{
			"both short",
			"bepaalde_tijd",
			12,
			d("2026-01-01"),
			d("2026-06-30"),
			false,
			[]string{placements.IssueTooFewHours, placements.IssueTooShort},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			meets, issues := placements.Quality(tt.contract, tt.hours, tt.start, tt.end)
			if meets != tt.meets || !cmp.Equal(issues, tt.issues) {
				t.Errorf("Quality = %v %v, want %v %v", meets, issues, tt.meets, tt.issues)
			}
		})
	}
}
