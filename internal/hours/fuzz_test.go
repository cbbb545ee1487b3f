package hours

import (
	"math"
	"testing"
	"time"
)

// FuzzParseWeek: whatever the text, ParseWeek does not panic, and a week it accepts
// writes back as the same text, starts on a Monday and lies in itself.
func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"2026-W05", "2026-W53", "2020-W53", "2026-W00", "0000-W01", "9999-W52",
		"2026-w05",
		"2026-W5", "2026W05", "２０２６-W05", "2026-W05\x00", "\xff", "", "-001-W01", "+2026-W05", "2026-W05 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWeek(s)
		if err != nil {
			return
		}
		if w.String() != s {
			t.Fatalf("%q read as %v", s, w)
		}
		m := w.Monday()
		if m.Weekday() != time.Monday || WeekOf(m) != w || WeekOf(m.AddDate(0, 0, 6)) != w {
			t.Fatalf("%v: Monday %v lies in week %v", w, m, WeekOf(m))
		}
	})
}

// FuzzEntryValidate: an entry that validate accepts satisfies the CHECK constraints
// of weekly_hours on the values as given; none of them is NaN or infinite.
func FuzzEntryValidate(f *testing.F) {
	f.Add(24.0, 22.5, 8.0, 8.0, 0.0, 2026, 5)
	f.Add(59.995, 0.0, 108.005, 0.0, 0.0, 2026, 20)
	f.Add(60.0, 60.0, 108.0, 108.0, 0.0, 2026, 1)
	f.Add(math.Copysign(0, -1), 0.0, 0.0, 0.0, 1e308, 2025, 53)
	f.Add(math.NaN(), math.Inf(1), math.Inf(-1), 4.9e-324, 0.001, 0, 1)
	today := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	c := caseContext{RegisteredOn: time.Date(2025, 1, 6, 0, 0, 0, 0, time.UTC)}
	f.Fuzz(func(t *testing.T, pw, aw, pi, ai, ab float64, year, num int) {
		w := Week{Year: year%200 + 1950, Num: num%53 + 1}
		e := Entry{
			PlannedWork:        pw,
			ActualWork:         &aw,
			PlannedIntegration: pi,
			ActualIntegration:  &ai,
			Absence:            ab,
		}
		if ab > 0 {
			e.AbsenceReason = "ziek"
		}
		if len(e.validate(w, c, today)) > 0 {
			return
		}
		for _, v := range []float64{pw, aw, pi, ai, ab} {
			if math.IsNaN(v) || math.IsInf(v, 0) || v < 0 {
				t.Fatalf("accepted %v in %+v", v, e)
			}
		}
		if pw > 60 || aw > 60 || pi > 168 || ai > 168 || ab > 168 || pw+pi > 168 || aw+ai+ab > 168 {
			t.Fatalf("accepted %+v, which the database refuses", e)
		}
	})
}
