package outcomepage

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// The scale-up monitor (issue 11, item 7): per release a printable report for the
// ministry — the national figures, the pilots side by side, the lessons marked ready
// for scale-up by theme with the figures they cite, the definitions and a quality
// declaration. Everything on it comes from the release; nothing is live. Monitor is
// what monitor.html shows.
type Monitor struct {
	Missing      string
	Release      releases.Release
	Source       string
	Others       []Option // the other releases, newest first
	National     Table
	Baseline     *Baseline
	PilotCohort  string
	Pilots       Table
	Themes       []Theme
	Definitions  []Term
	Quality      []Term
	Revision     *Table // what changed at finalisation, per kind of late change
	ChangedCells int
}

type Theme struct {
	ID, Label string
	Lessons   []MonitorLesson
}

type MonitorLesson struct {
	Title, Href, Where, Worked string
	Figures                    *Table
}

type Term struct{ Term, Text string }

// MonitorKey and the pilots' key: the national figures on the baseline's key (the
// residence permit), the pilots on the key they steer by (the benefit application).
const (
	MonitorKey = "residencePermit"
	PilotKey   = "benefitApplication"
)

// NewestWholeYear is the newest cohort year before the reference year, or the newest.
func NewestWholeYear(cells []releases.Cell, referenceYear int) string {
	best := ""
	for _, c := range cells {
		if y, err := strconv.Atoi(c.Cohort); err == nil && y < referenceYear && c.Cohort > best {
			best = c.Cohort
		}
	}
	if best == "" {
		for _, c := range cells {
			best = max(best, c.Cohort)
		}
	}
	return best
}

// columnsOf lists the distinct values of col over the cells, in their order.
func columnsOf(cells []releases.Cell, col func(releases.Cell) string) []string {
	var out []string
	for _, c := range cells {
		if k := col(c); !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}

// pivot lays cells out as figures (rows) by col (columns).
func pivot(
	id,
	caption string,
	cells []releases.Cell,
	col func(releases.Cell) string,
	head func(string) string,
) Table {
	cols := columnsOf(cells, col)
	t := Table{ID: id, Caption: caption, Head: []string{"Cijfer"}}
	for _, k := range cols {
		t.Head = append(t.Head, head(k))
	}
	var figures []string
	at := map[[2]string]releases.Cell{}
	hidden := false
	for _, c := range cells {
		if !slices.Contains(figures, c.Figure) {
			figures = append(figures, c.Figure)
		}
		at[[2]string{c.Figure, col(c)}] = c
	}
	for _, f := range figures {
		row := Row{Head: releaseview.Label(f)}
		for _, k := range cols {
			x := releaseCell(at[[2]string{f, k}], f)
			hidden = hidden || x.Hidden
			row.Cells = append(row.Cells, x)
		}
		t.Rows = append(t.Rows, row)
	}
	if hidden {
		t.Note = hiddenNote
	}
	return t
}

// lessonFigures maps a lesson's linked figure (the outcomes page's names) to the
// release figures it cites; the caseload is live work, in no release.
func lessonFigures(key string) (exact string, prefix string) {
	switch key {
	case "flow":
		return "", "flow."
	case "atWork":
		return "", "atWork."
	case "hours":
		return "", "hours."
	case "byStage":
		return "", "stage."
	case "placements":
		return "", "placements."
	case "cases", "offerWithin14Days":
		return key, ""
	case "settlementToApplication", "applicationToOffer", "offerToWork":
		return "", "duration." + key + "."
	case "caseload":
		return "", ""
	}
	return "share." + key, ""
}

func statusText(r releases.Release) string {
	s := fmt.Sprintf("Gemaakt op %s als voorlopige publicatie.", dutch.Date(r.BuiltAt))
	switch {
	case r.Status == releases.StatusIngetrokken && r.WithdrawnAt != nil:
		s += fmt.Sprintf(" Ingetrokken op %s: %s", dutch.Date(*r.WithdrawnAt), r.WithdrawnReason)
	case r.FinalisedAt != nil:
		s += fmt.Sprintf(" Definitief gemaakt op %s: opnieuw berekend uit de geschiedenis zoals die toen stond; de cellen die daardoor veranderden staan in de revisienota.",
			dutch.Date(*r.FinalisedAt))
	default:
		s += " Een maand na de peildatum wordt ze opnieuw berekend en definitief; cellen kunnen dan nog veranderen door late invoer of correcties die op of voor de peildatum gedateerd zijn."
	}
	return s
}

// protectionText says the method and every parameter as the release stored them.
func protectionText(r releases.Release) string {
	var params map[string]any
	_ = json.Unmarshal(r.Parameters, &params)
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		b, _ := json.Marshal(params[k])
		parts = append(parts, k+" = "+string(b))
	}
	return "Celsleutelmethode (" + r.Method +
		"): elk dossier heeft een vaste willekeurige sleutel; elke telling krijgt een kleine ruis die " +
		"uit de sleutels van haar dossiers volgt, zodat dezelfde dossiers altijd dezelfde waarde krijgen. Een telling van 1 tot 9 na ruis " +
		"is afgeschermd; nullen blijven nul. Aandelen komen uit de verstoorde tellingen, met een 95%-Wilson-interval. Parameters: " +
		strings.Join(parts, "; ") + "."
}

func monitorDefinitions(version string) []Term {
	b := outcomes.Baseline
	return []Term{
		{"Versie van de definities", version},
		{"Cohort",
			"De dossiers met een startdatum in hetzelfde kwartaal of jaar, volgens één van drie sleutels: de aanvraag van de uitkering, " +
				"de vestiging in de gemeente of de verblijfsvergunning."},
		{
			"Peildatum",
			"De eerste van de maand waarvoor de publicatie is berekend: de fase op die dag, en alleen feiten gedateerd op of voor die dag.",
		},
		{
			"Fase en verste stap",
			"De fase van een dossier op de peildatum; de verste stap is de verste fase op weg naar werk die het dossier ooit bereikte.",
		},
		{
			"Aandeel",
			"Teller gedeeld door noemer, beide verstoorde tellingen; alleen getoond bij een noemer van ten minste 10, met een 95%-interval.",
		},
		{
			"Aan het werk na 3, 6, 12 en 24 maanden",
			"Kaplan-Meier-schatting van het aandeel dat werk vond; alleen waar ten minste 10 dossiers zo lang gevolgd zijn, anders ‘nog niet bekend’.",
		},
		{
			"Dagen tussen stappen",
			"Kwartielen van het aantal dagen, in hele dagen, alleen bij ten minste 10 dossiers.",
		},
		{
			"Basislijn",
			b.Description + " (" + percent(b.OnBenefitShare) +
				"). Alleen naast dezelfde maatstaf op de sleutel verblijfsvergunning.",
		},
	}
}
