package hours_test

import (
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/hours"
)

func TestParseWeek(t *testing.T) {
	tests := []struct {
		in      string
		monday  string
		wantErr bool
	}{
		{"2026-W01", "2025-12-29", false},
		{"2026-W05", "2026-01-26", false},
		{"2026-W53", "2026-12-28", false}, // 2026 has 53 ISO weeks
		{"2025-W53", "", true},
		{"2024-W00", "", true},
		{"2024-W1", "", true},
		{"2024W10", "", true},
		{"", "", true},
		{"2021-W01", "2021-01-04", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			w, err := hours.ParseWeek(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if got := w.Monday().Format(time.DateOnly); got != tt.monday {
				t.Errorf("Monday = %s, want %s", got, tt.monday)
			}
			if w.String() != tt.in || hours.WeekOf(w.Monday()) != w ||
				hours.WeekOf(w.Monday().AddDate(0, 0, 6)) != w {
				t.Errorf("round trip of %s failed", tt.in)
			}
		})
	}
}
