package outcomepage

import (
	"strconv"
	"strings"
	"time"

	"github.com/startbaan/startbaan/internal/web/dutch"
)

// groupName is how a group of a report (a cohort period, a split value, or both) is
// said on the page: Heading heads the group ("Cohort 1e kwartaal 2025, geslacht:
// vrouw"); Qualifier follows a place in the group's sentences, in parentheses ("in
// Rotterdam (geslacht: vrouw)"), so that no sentence reads as if it were about all
// cases of the place.
type groupName struct {
	Heading   string
	Qualifier string
}

// splitDimensions name the dimensions a report can be split by, as they head a group.
var splitDimensions = map[string]string{
	"gender":  "geslacht",
	"ageBand": "leeftijd",
	"route":   "leerroute",
}

// splitValues are the split values the domain labels groups with (internal/outcomes,
// Population.group), as the page says them: in a heading, and where they differ, in a
// sentence (a heading's parentheses would nest in the sentence's).
var splitValues = map[string]map[string]struct{ heading, inline string }{
	"gender": {
		"man":   {"man", ""},
		"vrouw": {"vrouw", ""},
		"x":     {"x (anders of onbekend)", "anders of onbekend"},
	},
	"ageBand": {"18-26": {"18–26 jaar", ""}, "27-35": {"27–35 jaar", ""}, "36-49": {"36–49 jaar", ""},
		"50+": {"50 jaar en ouder", ""}},
	"route": {"b1": {"B1-route", ""}, "onderwijs": {"onderwijsroute", ""}, "z": {"Z-route", ""},
		"onbekend": {"nog niet bekend", ""}},
}

// nameGroup names the group labelled label ("2025-Q1|vrouw", "2025-03", "18-26") of a
// report with cohorts of width cohort and split split. A report without cases has one
// group, labelled "": all cases.
func nameGroup(label, cohort, split string) groupName {
	if label == "" {
		return groupName{Heading: "Alle dossiers"}
	}
	parts := strings.Split(label, "|")
	var heads, inlines []string
	if cohort != "" {
		period := cohortPeriod(parts[0], cohort)
		heads, inlines = append(heads, "cohort "+period), append(inlines, "cohort "+period)
		parts = parts[1:]
	}
	if split != "" {
		value := strings.Join(parts, "|")
		head, inline := value, value
		if v, ok := splitValues[split][value]; ok {
			head, inline = v.heading, v.heading
			if v.inline != "" {
				inline = v.inline
			}
		}
		if value == "" {
			head, inline = "onbekend", "onbekend"
		}
		dim := splitDimensions[split]
		if dim == "" {
			dim = split
		}
		heads, inlines = append(heads, dim+": "+head), append(inlines, dim+": "+inline)
	}
	if len(heads) == 0 { // a label the choices do not explain: said as it is
		return groupName{
			Heading:   strings.ReplaceAll(label, "|", ", "),
			Qualifier: strings.ReplaceAll(label, "|", ", "),
		}
	}
	return groupName{
		Heading:   capitalize(strings.Join(heads, ", ")),
		Qualifier: strings.Join(inlines, ", "),
	}
}

// cohortPeriod says a cohort's period: "2025-03" as "maart 2025", "2025-Q1" as "1e
// kwartaal 2025", "2025" as it is; anything else as it is.
func cohortPeriod(period, cohort string) string {
	switch cohort {
	case "month":
		if t, err := time.Parse(monthLayout, period); err == nil {
			return dutch.Month(t.Month()) + " " + strconv.Itoa(t.Year())
		}
	case "quarter":
		if y, q, ok := strings.Cut(period, "-Q"); ok && len(q) == 1 && q >= "1" && q <= "4" {
			return q + "e kwartaal " + y
		}
	}
	return period
}
