package calendar

import "time"

// The dates that input may hold, in one place for every parser and check, the API's
// and the pages' alike: nothing before 1900 or after 2100 at all, and nothing of a
// case's trajectory (registration, stages, benefit, integration, offers, weeks)
// before 2000. PostgreSQL takes year 0 and 0001-01-01 without complaint; after such
// a correction, weeks in year 0 could be logged.
var (
	Earliest      = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	EarliestEvent = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	Latest        = time.Date(2100, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Field problems of dates out of range.
const (
	Implausible      = "De datum moet tussen 1900 en 2100 liggen."
	ImplausibleEvent = "De datum moet tussen 2000 en 2100 liggen."
)

// Plausible reports whether a date lies between 1900 and 2100; a parser refuses others.
func Plausible(d time.Time) bool { return !d.Before(Earliest) && !d.After(Latest) }

// PlausibleEvent reports whether a date of a case's trajectory lies between 2000 and 2100.
func PlausibleEvent(d time.Time) bool { return !d.Before(EarliestEvent) && !d.After(Latest) }
