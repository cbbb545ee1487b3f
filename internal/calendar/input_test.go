package calendar_test

import (
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/calendar"
)

func TestPlausibleDates(t *testing.T) {
	tests := []struct {
		date         string
		plain, event bool
	}{
		{"0000-01-01", false, false}, {"0001-01-01", false, false}, {"1899-12-31", false, false},
		{"1900-01-01", true, false}, {"1999-12-31", true, false}, {"2000-01-01", true, true},
		{"2026-06-17", true, true}, {"2100-12-31", true, true}, {
			"2101-01-01",
			false,
			false,
		}, {"9999-12-31", false, false},
	}
	for _, tt := range tests {
		d, err := time.Parse(time.DateOnly, tt.date)
		if err != nil {
			t.Fatal(err)
		}
		if got := calendar.Plausible(d); got != tt.plain {
			t.Errorf("Plausible(%s) = %v", tt.date, got)
		}
		if got := calendar.PlausibleEvent(d); got != tt.event {
			t.Errorf("PlausibleEvent(%s) = %v", tt.date, got)
		}
	}
}
