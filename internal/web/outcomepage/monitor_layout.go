package outcomepage

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/startbaan/startbaan/internal/lessons"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// NoMonitorYet is the monitor before the first release: not the reader's mistake.
func NoMonitorYet() Monitor {
	return Monitor{
		Missing: "Er is nog geen publicatie. De monitor verschijnt met de eerste publicatie, na de eerste van de maand.",
	}
}

// NewMonitor is the monitor of a release, before its figures are laid out.
func NewMonitor(rel releases.Release) Monitor {
	return Monitor{Release: rel, Source: SourceLine(rel)}
}

// SetNational lays out the country's cells by cohort year of the residence permit,
// with the baseline beside them.
func (v *Monitor) SetNational(nl []releases.Cell) {
	v.National = pivot("monitor-landelijk",
		"Landelijke cijfers per cohort (jaar van de verblijfsvergunning)", nl,
		func(c releases.Cell) string { return c.Cohort }, func(col string) string { return "Cohort " + col })
	answer := releaseview.Answer{Release: v.Release,
		Question: releaseview.Question{Key: MonitorKey, Width: "year"},
		Columns: []releaseview.Column{
			{Population: releases.PopulationNational, Code: releases.NationalCode, Name: "Landelijk totaal"},
		}}
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
}

// SetPilots lays out the pilots side by side with the country, for the cohort year
// v.PilotCohort; names are the pilots' names by code.
func (v *Monitor) SetPilots(pilotCells, nationalYear []releases.Cell, names map[string]string) {
	var side []releases.Cell
	for _, c := range pilotCells {
		if c.Cohort == v.PilotCohort {
			side = append(side, c)
		}
	}
	v.Pilots = pivot("monitor-pilots", "De pilots naast elkaar, cohort "+v.PilotCohort+
		" (jaar van de aanvraag uitkering)", append(side, nationalYear...),
		func(c releases.Cell) string { return c.PopulationCode }, func(code string) string {
			if code == releases.NationalCode {
				return "Landelijk totaal"
			}
			return names[code]
		})
}

// AddLessons sorts the lessons into the themes, in the themes' order and by title.
func (v *Monitor) AddLessons(byTheme map[string][]MonitorLesson, themes []Option) {
	for _, th := range themes {
		if ls := byTheme[th.Value]; len(ls) > 0 {
			sort.SliceStable(ls, func(i, j int) bool { return ls[i].Title < ls[j].Title })
			v.Themes = append(v.Themes, Theme{ID: "thema-" + th.Value, Label: th.Label, Lessons: ls})
		}
	}
}

// CitedFigures says which release figures a lesson cites: exact names and prefixes.
func CitedFigures(l lessons.Lesson) (exact, prefixes []string) {
	for _, key := range l.LinkedFigures {
		e, p := lessonFigures(key)
		if e != "" {
			exact = append(exact, e)
		}
		if p != "" {
			prefixes = append(prefixes, p)
		}
	}
	return exact, prefixes
}

// CitedTable is the table of the n-th lesson's cited figures among cells (its
// municipality, named name, and the country); nil when none is among them.
func (v *Monitor) CitedTable(
	n int,
	name string,
	cells []releases.Cell,
	exact,
	prefixes []string,
) *Table {
	var cited []releases.Cell
	for _, c := range cells {
		if slices.Contains(exact, c.Figure) ||
			slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(c.Figure, p) }) {
			cited = append(cited, c)
		}
	}
	if len(cited) == 0 {
		return nil
	}
	t := pivot(fmt.Sprintf("les%d-cijfers", n+1), "Cijfers waarnaar de les verwijst, cohort "+
		v.PilotCohort+" (aanvraag uitkering)", cited,
		func(c releases.Cell) string { return c.PopulationCode }, func(code string) string {
			if code == releases.NationalCode {
				return "Landelijk totaal"
			}
			return name
		})
	return &t
}

// SetQuality adds the other releases to choose from, the definitions and the quality
// declaration of the release, and its revision note.
func (v *Monitor) SetQuality(all []releases.Release, cov releaseview.Coverage) {
	for _, r := range all {
		if r.ID != v.Release.ID {
			v.Others = append(v.Others, Option{Value: "/monitor?release=" + strconv.Itoa(r.ID),
				Label: fmt.Sprintf(
					"Publicatie nr. %d, peildatum %s, %s",
					r.ID,
					dutch.Date(r.ReferenceDate),
					r.Status,
				)})
		}
	}
	r := v.Release
	v.Definitions = monitorDefinitions(r.DefinitionsVersion)
	v.Quality = []Term{
		{"Bronnen",
			"De dossiers van de deelnemende gemeenten in Startbaan: de fasen met hun datum, de uitkering, het PIP, de baanaanbiedingen, " +
				"de plaatsingen en de uren per week, zoals ze op de peildatum in de geschiedenis stonden; wat later is gedateerd telt niet mee. " +
				"De basislijn komt van het CBS (cohortonderzoek statushouders)."},
		{"Dekking",
			fmt.Sprintf("%d gemeenten met dossiers, %d pilots en het landelijk totaal; cohorten per kwartaal en per jaar volgens de aanvraag uitkering, "+
				"de vestiging en de verblijfsvergunning; zonder uitsplitsing en naar geslacht, leeftijd en leerroute; %d cellen in totaal.",
				cov.Municipalities, cov.Pilots, cov.Cells)},
		{"Bescherming", protectionText(r)},
		{"Status", statusText(r)},
	}
	if r.RevisionNote != nil {
		v.ChangedCells = len(r.RevisionNote.Changes)
		t := Table{
			ID:      "monitor-revisie",
			Caption: "Late wijzigingen die bij het definitief maken zijn verwerkt",
			Head:    []string{"Soort wijziging", "Aantal"},
		}
		kinds := make([]string, 0, len(r.RevisionNote.Reasons))
		for k := range r.RevisionNote.Reasons {
			kinds = append(kinds, k)
		}
		sort.Strings(kinds)
		for _, k := range kinds {
			t.Rows = append(
				t.Rows,
				Row{Head: k, Cells: []Cell{{Text: strconv.Itoa(r.RevisionNote.Reasons[k])}}},
			)
		}
		v.Revision = &t
	}
}
