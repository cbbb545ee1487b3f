package placements

import (
	"fmt"
	"strings"
	"time"
)

// minimumWages are the statutory minimum hourly wages (wettelijk minimumuurloon) for
// employees of 21 and older, in cents, from the day each took effect. The hourly
// minimum exists since 1 January 2024 and is indexed on 1 January and 1 July; the
// amounts are those published by the ministry of SZW (Staatscourant, rijksoverheid.nl).
// Add each new amount when it is published: until then the last one applies.
var minimumWages = []struct {
	from  string
	cents int
}{
	{"2024-01-01", 1327},
	{"2024-07-01", 1368},
	{"2025-01-01", 1406},
	{"2025-07-01", 1440},
	{"2026-01-01", 1471},
}

// MinimumWageCents is the statutory minimum hourly wage (21 and older) on a day, and
// false before 2024, when there was no hourly minimum to compare with.
func MinimumWageCents(on time.Time) (int, bool) {
	day := on.Format(time.DateOnly)
	cents, ok := 0, false
	for _, w := range minimumWages {
		if day >= w.from {
			cents, ok = w.cents, true
		}
	}
	return cents, ok
}

// WageWarnings warn, in Dutch, when an offer's hourly wage lies below the statutory
// minimum on its offer date. It is a warning, not a refusal: a client under 21, a
// work-and-learn job or a wage recorded before indexation can be lawful below it, and
// the client manager knows which.
func WageWarnings(offeredOn time.Time, hourlyWageCents int) []string {
	minimum, ok := MinimumWageCents(offeredOn)
	if !ok || hourlyWageCents >= minimum {
		return nil
	}
	return []string{fmt.Sprintf("Het uurloon van %s ligt onder het wettelijk minimumloon van %s "+
		"per uur (21 jaar en ouder) op de datum van het aanbod.", euros(hourlyWageCents),
		euros(minimum))}
}

// euros writes cents the Dutch way: € 14,71.
func euros(cents int) string {
	return strings.Replace(fmt.Sprintf("€ %d,%02d", cents/100, cents%100), "€ -", "-€ ", 1)
}
