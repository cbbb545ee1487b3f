// Package dutch writes what the pages show the Dutch way: dates and the labels of
// the stages of a case. Both the pages (internal/web) and the outcome presentation
// (internal/web/outcomepage) use it, so the same stage reads the same everywhere.
package dutch

import (
	"fmt"
	"strings"
	"time"
)

var months = []string{
	"januari",
	"februari",
	"maart",
	"april",
	"mei",
	"juni",
	"juli",
	"augustus",
	"september",
	"oktober",
	"november",
	"december",
}

// Date writes a date the Dutch way: 3 maart 2026; the zero time is "".
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
}

var stageLabels = map[string]string{"aangemeld": "Aangemeld", "gevestigd": "Gevestigd",
	"uitkering_aangevraagd": "Uitkering aangevraagd", "baan_aangeboden": "Baan aangeboden",
	"aan_het_werk": "Aan het werk", "uitgestroomd": "Uitgestroomd", "afgesloten": "Afgesloten"}

// Stage is the Dutch label of a stage (a string or a named string type such as
// cases.Stage); an unknown stage is shown as it is.
func Stage(s any) string {
	k := fmt.Sprint(s)
	if l, ok := stageLabels[k]; ok {
		return l
	}
	return k
}

// Month is the Dutch name of a month: maart.
func Month(m time.Month) string { return months[m-1] }

// Join lists items as "a, b en c".
func Join(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " en " + items[len(items)-1]
}
