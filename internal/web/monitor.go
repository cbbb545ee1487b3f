package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/lessons"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// The scale-up monitor (issue 11, item 7): per release a printable report for the
// ministry — the national figures, the pilots side by side, the lessons marked ready
// for scale-up by theme with the figures they cite, the definitions and a quality
// declaration. Everything on it comes from the release; nothing is live.

type monitorView struct {
	Missing      string
	Release      releases.Release
	Source       string
	Others       []option // the other releases, newest first
	National     dataTable
	Baseline     *baselineBox
	PilotCohort  string
	Pilots       dataTable
	Themes       []monitorTheme
	Definitions  []term
	Quality      []term
	Revision     *dataTable // what changed at finalisation, per kind of late change
	ChangedCells int
}

type monitorTheme struct {
	ID, Label string
	Lessons   []monitorLesson
}

type monitorLesson struct {
	Title, Href, Where, Worked string
	Figures                    *dataTable
}

type term struct{ Term, Text string }

// monitorKey and the pilots' key: the national figures on the baseline's key (the
// residence permit), the pilots on the key they steer by (the benefit application).
const (
	monitorKey = "residencePermit"
	pilotKey   = "benefitApplication"
)

func (h *handlers) monitorPage(c echo.Context) error {
	ctx := c.Request().Context()
	db := h.guard.ReportsDB()
	id, _ := strconv.Atoi(c.QueryParam("release"))
	rel, err := releaseview.Pick(ctx, db, id)
	if err != nil {
		if errs.Is(err, errs.KindConflict) { // no release yet: not the reader's mistake
			return h.render(c, http.StatusOK, "monitor", "Monitor opschaling", monitorView{Missing: "Er is nog geen publicatie. " +
				"De monitor verschijnt met de eerste publicatie, na de eerste van de maand."}, active("monitor"))
		}
		return err
	}
	v := monitorView{Release: rel, Source: SourceLine(rel)}
	if err := h.monitorFigures(ctx, &v); err != nil {
		return err
	}
	if err := h.monitorLessons(c, &v); err != nil {
		return err
	}
	if err := h.monitorQuality(ctx, &v); err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "monitor", fmt.Sprintf("Monitor opschaling, publicatie nr. %d", rel.ID), v, active("monitor"))
}

// monitorFigures: the country by year of the residence permit (beside the baseline),
// and the pilots side by side for the newest whole year of benefit applications.
func (h *handlers) monitorFigures(ctx context.Context, v *monitorView) error {
	db := h.guard.ReportsDB()
	noSplit := ""
	nl, err := releases.Cells(ctx, db, v.Release.ID, releases.CellFilter{Population: releases.PopulationNational,
		Codes: []string{releases.NationalCode}, CohortKey: monitorKey, CohortWidth: "year", Split: &noSplit})
	if err != nil {
		return err
	}
	v.National = pivot("monitor-landelijk", "Landelijke cijfers per cohort (jaar van de verblijfsvergunning)", nl,
		func(c releases.Cell) string { return c.Cohort }, func(col string) string { return "Cohort " + col })
	answer := releaseview.Answer{Release: v.Release, Question: releaseview.Question{Key: monitorKey, Width: "year"},
		Columns: []releaseview.Column{{Population: releases.PopulationNational, Code: releases.NationalCode, Name: "Landelijk totaal"}}}
	for _, cohort := range columnsOf(nl, func(c releases.Cell) string { return c.Cohort }) {
		g := releaseview.Group{Cohort: cohort, Cells: map[string][]releases.Cell{}}
		for _, c := range nl {
			if c.Cohort == cohort {
				g.Cells[releases.NationalCode] = append(g.Cells[releases.NationalCode], c)
			}
		}
		answer.Groups = append(answer.Groups, g)
	}
	v.Baseline = releaseBaseline(answer)

	pilotCells, err := releases.Cells(ctx, db, v.Release.ID, releases.CellFilter{Population: releases.PopulationPilot,
		CohortKey: pilotKey, CohortWidth: "year", Split: &noSplit})
	if err != nil {
		return err
	}
	v.PilotCohort = newestWholeYear(pilotCells, v.Release.ReferenceDate.Year())
	nlYear, err := releases.Cells(ctx, db, v.Release.ID, releases.CellFilter{Population: releases.PopulationNational,
		Codes: []string{releases.NationalCode}, CohortKey: pilotKey, CohortWidth: "year", Cohorts: []string{v.PilotCohort}, Split: &noSplit})
	if err != nil {
		return err
	}
	names, err := h.pilotNames(ctx)
	if err != nil {
		return err
	}
	var side []releases.Cell
	for _, c := range pilotCells {
		if c.Cohort == v.PilotCohort {
			side = append(side, c)
		}
	}
	v.Pilots = pivot("monitor-pilots", "De pilots naast elkaar, cohort "+v.PilotCohort+" (jaar van de aanvraag uitkering)", append(side, nlYear...),
		func(c releases.Cell) string { return c.PopulationCode }, func(code string) string {
			if code == releases.NationalCode {
				return "Landelijk totaal"
			}
			return names[code]
		})
	return nil
}

// newestWholeYear is the newest cohort year before the reference year, or the newest.
func newestWholeYear(cells []releases.Cell, referenceYear int) string {
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

func (h *handlers) pilotNames(ctx context.Context) (map[string]string, error) {
	pl, err := h.places(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, p := range pl.Pilots {
		out[p.Code] = p.Name
	}
	return out, nil
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
func pivot(id, caption string, cells []releases.Cell, col func(releases.Cell) string, head func(string) string) dataTable {
	cols := columnsOf(cells, col)
	t := dataTable{ID: id, Caption: caption, Head: []string{"Cijfer"}}
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
		row := dataRow{Head: releaseview.Label(f)}
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

// monitorLessons: the published lessons marked ready for scale-up, by theme, each
// with the figures it cites from this release: its municipality and the country, the
// pilots' cohort.
func (h *handlers) monitorLessons(c echo.Context, v *monitorView) error {
	ctx := c.Request().Context()
	list, _, err := h.Lessons.List(ctx, h.guard.Actor(c), lessons.Filter{ReadyOnly: true, Status: lessons.Published, PageSize: 100})
	if err != nil {
		return err
	}
	pl, err := h.places(ctx)
	if err != nil {
		return err
	}
	byTheme := map[string][]monitorLesson{}
	for i, l := range list {
		lv := newLessonView(l, pl, v.Release.ReferenceDate)
		ml := monitorLesson{Title: l.Title, Href: "/lessen/" + l.ID.String(), Where: lv.MunicipalityName, Worked: l.Worked}
		if lv.PilotName != "" {
			ml.Where += " (pilot " + lv.PilotName + ")"
		}
		if ml.Figures, err = h.citedFigures(ctx, v, l, lv.MunicipalityName, i); err != nil {
			return err
		}
		byTheme[l.Theme] = append(byTheme[l.Theme], ml)
	}
	for _, th := range themeOptions {
		if ls := byTheme[th.Value]; len(ls) > 0 {
			sort.SliceStable(ls, func(i, j int) bool { return ls[i].Title < ls[j].Title })
			v.Themes = append(v.Themes, monitorTheme{ID: "thema-" + th.Value, Label: th.Label, Lessons: ls})
		}
	}
	return nil
}

func (h *handlers) citedFigures(ctx context.Context, v *monitorView, l lessons.Lesson, name string, n int) (*dataTable, error) {
	var exact []string
	var prefixes []string
	for _, key := range l.LinkedFigures {
		e, p := lessonFigures(key)
		if e != "" {
			exact = append(exact, e)
		}
		if p != "" {
			prefixes = append(prefixes, p)
		}
	}
	if len(exact)+len(prefixes) == 0 || v.PilotCohort == "" {
		return nil, nil
	}
	noSplit := ""
	var cells []releases.Cell
	for _, pop := range []struct{ population, code string }{{releases.PopulationMunicipality, l.MunicipalityCode},
		{releases.PopulationNational, releases.NationalCode}} {
		all, err := releases.Cells(ctx, h.guard.ReportsDB(), v.Release.ID, releases.CellFilter{Population: pop.population,
			Codes: []string{pop.code}, CohortKey: pilotKey, CohortWidth: "year", Cohorts: []string{v.PilotCohort}, Split: &noSplit})
		if err != nil {
			return nil, err
		}
		for _, c := range all {
			if slices.Contains(exact, c.Figure) || slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(c.Figure, p) }) {
				cells = append(cells, c)
			}
		}
	}
	if len(cells) == 0 {
		return nil, nil
	}
	t := pivot(fmt.Sprintf("les%d-cijfers", n+1), "Cijfers waarnaar de les verwijst, cohort "+v.PilotCohort+" (aanvraag uitkering)", cells,
		func(c releases.Cell) string { return c.PopulationCode }, func(code string) string {
			if code == releases.NationalCode {
				return "Landelijk totaal"
			}
			return name
		})
	return &t, nil
}

// monitorQuality: the definitions and the quality declaration of the release.
func (h *handlers) monitorQuality(ctx context.Context, v *monitorView) error {
	db := h.guard.ReportsDB()
	cov, err := releaseview.CoverageOf(ctx, db, v.Release.ID)
	if err != nil {
		return err
	}
	list, err := releases.List(ctx, db)
	if err != nil {
		return err
	}
	for _, r := range list {
		if r.ID != v.Release.ID {
			v.Others = append(v.Others, option{Value: "/monitor?release=" + strconv.Itoa(r.ID),
				Label: fmt.Sprintf("Publicatie nr. %d, peildatum %s, %s", r.ID, dutch.Date(r.ReferenceDate), r.Status)})
		}
	}
	r := v.Release
	v.Definitions = monitorDefinitions(r.DefinitionsVersion)
	v.Quality = []term{
		{"Bronnen", "De dossiers van de deelnemende gemeenten in Startbaan: de fasen met hun datum, de uitkering, het PIP, de baanaanbiedingen, " +
			"de plaatsingen en de uren per week, zoals ze op de peildatum in de geschiedenis stonden; wat later is gedateerd telt niet mee. " +
			"De basislijn komt van het CBS (cohortonderzoek statushouders)."},
		{"Dekking", fmt.Sprintf("%d gemeenten met dossiers, %d pilots en het landelijk totaal; cohorten per kwartaal en per jaar volgens de aanvraag uitkering, "+
			"de vestiging en de verblijfsvergunning; zonder uitsplitsing en naar geslacht, leeftijd en leerroute; %d cellen in totaal.",
			cov.Municipalities, cov.Pilots, cov.Cells)},
		{"Bescherming", protectionText(r)},
		{"Status", statusText(r)},
	}
	if r.RevisionNote != nil {
		v.ChangedCells = len(r.RevisionNote.Changes)
		t := dataTable{ID: "monitor-revisie", Caption: "Late wijzigingen die bij het definitief maken zijn verwerkt", Head: []string{"Soort wijziging", "Aantal"}}
		kinds := make([]string, 0, len(r.RevisionNote.Reasons))
		for k := range r.RevisionNote.Reasons {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			t.Rows = append(t.Rows, dataRow{Head: k, Cells: []cell{{Text: strconv.Itoa(r.RevisionNote.Reasons[k])}}})
		}
		v.Revision = &t
	}
	return nil
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
	return "Celsleutelmethode (" + r.Method + "): elk dossier heeft een vaste willekeurige sleutel; elke telling krijgt een kleine ruis die " +
		"uit de sleutels van haar dossiers volgt, zodat dezelfde dossiers altijd dezelfde waarde krijgen. Een telling van 1 tot 9 na ruis " +
		"is afgeschermd; nullen blijven nul. Aandelen komen uit de verstoorde tellingen, met een 95%-Wilson-interval. Parameters: " +
		strings.Join(parts, "; ") + "."
}

func monitorDefinitions(version string) []term {
	b := outcomes.Baseline
	return []term{
		{"Versie van de definities", version},
		{"Cohort", "De dossiers met een startdatum in hetzelfde kwartaal of jaar, volgens één van drie sleutels: de aanvraag van de uitkering, " +
			"de vestiging in de gemeente of de verblijfsvergunning."},
		{"Peildatum", "De eerste van de maand waarvoor de publicatie is berekend: de fase op die dag, en alleen feiten gedateerd op of voor die dag."},
		{"Fase en verste stap", "De fase van een dossier op de peildatum; de verste stap is de verste fase op weg naar werk die het dossier ooit bereikte."},
		{"Aandeel", "Teller gedeeld door noemer, beide verstoorde tellingen; alleen getoond bij een noemer van ten minste 10, met een 95%-interval."},
		{"Aan het werk na 3, 6, 12 en 24 maanden", "Kaplan-Meier-schatting van het aandeel dat werk vond; alleen waar ten minste 10 dossiers zo lang gevolgd zijn, anders ‘nog niet bekend’."},
		{"Dagen tussen stappen", "Kwartielen van het aantal dagen, in hele dagen, alleen bij ten minste 10 dossiers."},
		{"Basislijn", b.Description + " (" + percent(b.OnBenefitShare) + "). Alleen naast dezelfde maatstaf op de sleutel verblijfsvergunning."},
	}
}
