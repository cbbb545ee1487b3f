// Package calendar decides what "today" is for dates entered in the Netherlands.
package calendar

import "time"

// amsterdam is the zone in which a date is decided: a date entered by a client
// manager late in the evening is still that day's date. If the zone database is
// missing (a scratch image), UTC is close enough.
var amsterdam = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Amsterdam")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// Today returns the calendar date of t in the Netherlands, as UTC midnight, the form
// in which dates come back from PostgreSQL.
func Today(t time.Time) time.Time {
	y, m, d := t.In(amsterdam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Zone is the Netherlands' time zone (UTC when the zone database is missing).
func Zone() *time.Location { return amsterdam }
