package placements_test

import (
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/placements"
)

func TestMinimumWage(t *testing.T) {
	on := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		day   string
		cents int
		known bool
	}{
		{"2023-12-31", 0, false},
		{"2024-01-01", 1327, true},
		{"2024-06-30", 1327, true},
		{"2024-07-01", 1368, true},
		{"2025-01-01", 1406, true},
		{"2025-07-01", 1440, true},
		{"2026-01-01", 1471, true},
		{"2026-12-08", 1471, true}, // the last published amount until a new one is added
	}
	for _, tt := range tests {
		if cents, known := placements.MinimumWageCents(on(tt.day)); cents != tt.cents || known != tt.known {
			t.Errorf("%s: %d, %v; want %d, %v", tt.day, cents, known, tt.cents, tt.known)
		}
	}
	if w := placements.WageWarnings(on("2025-07-01"), 1439); len(w) != 1 ||
		w[0] != "Het uurloon van € 14,39 ligt onder het wettelijk minimumloon van € 14,40 per uur "+
			"(21 jaar en ouder) op de datum van het aanbod." {
		t.Errorf("one cent below: %q", w)
	}
	for _, ok := range []struct {
		day   string
		cents int
	}{{"2025-07-01", 1440}, {"2023-06-01", 900}} {
		if w := placements.WageWarnings(on(ok.day), ok.cents); w != nil {
			t.Errorf("%s at %d: %q, want no warning", ok.day, ok.cents, w)
		}
	}
}
