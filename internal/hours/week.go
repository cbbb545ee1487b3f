// Package hours keeps the planned and actual work and integration hours of a case per
// ISO week, and judges each week against the pilot's combined target.
package hours

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/startbaan/startbaan/internal/calendar"
)

// Week is an ISO 8601 week such as 2026-W05.
type Week struct {
	Year int
	Num  int
}

var weekPattern = regexp.MustCompile(`^(\d{4})-W(\d{2})$`)

// ParseWeek reads "YYYY-Www" and checks that the week exists in that year, and that
// the year lies in the range of a case's trajectory (calendar: 2000 to 2100).
func ParseWeek(s string) (Week, error) {
	m := weekPattern.FindStringSubmatch(s)
	if m == nil {
		return Week{}, fmt.Errorf("week %q is not of the form 2026-W05", s)
	}
	y, _ := strconv.Atoi(m[1])
	n, _ := strconv.Atoi(m[2])
	w := Week{y, n}
	if y < calendar.EarliestEvent.Year() || y > calendar.Latest.Year() {
		return Week{}, fmt.Errorf(
			"year %d lies outside %d-%d",
			y,
			calendar.EarliestEvent.Year(),
			calendar.Latest.Year(),
		)
	}
	if n < 1 || n > weeksIn(y) {
		return Week{}, fmt.Errorf("year %d has no week %d", y, n)
	}
	return w, nil
}

// weeksIn returns 52 or 53: 28 December always lies in the last ISO week.
func weeksIn(year int) int {
	_, w := time.Date(year, 12, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// Monday returns the first day of the week (UTC midnight).
func (w Week) Monday() time.Time {
	// 4 January always lies in week 1.
	jan4 := time.Date(w.Year, 1, 4, 0, 0, 0, 0, time.UTC)
	offset := (int(jan4.Weekday()) + 6) % 7
	return jan4.AddDate(0, 0, -offset+(w.Num-1)*7)
}

// WeekOf returns the ISO week a date lies in.
func WeekOf(t time.Time) Week {
	y, n := t.ISOWeek()
	return Week{y, n}
}

func (w Week) String() string { return fmt.Sprintf("%04d-W%02d", w.Year, w.Num) }
