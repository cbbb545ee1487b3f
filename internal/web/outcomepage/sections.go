package outcomepage

import (
	"fmt"
	"strings"
	"time"

	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/web/chart"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// comparison is one group of a report as the page lays it out: its columns (the
// municipalities, and the total when there are several), which of them are the
// reader's own, and the column that the single-column charts are about.
type comparison struct {
	id        string // prefix of the group's element ids
	cols      []outcomes.MunicipalityReport
	strong    []bool
	focus     int
	many      bool   // several municipalities: the total is a column too
	total     string // how the total is called in a table: "Totaal", "Landelijk totaal"
	scope     string // the population: municipality, pilot, compare or national
	group     string // the group's qualifier ("geslacht: vrouw"), "" when the report is not grouped
	earliest  time.Time
	reference time.Time
}

// groupPeriod is the part of the report's period a group covers: its earliest key
// date is what decides whether anyone in it can have been followed long enough.
type groupPeriod struct{ earliest, reference time.Time }

func newComparison(
	id,
	scope string,
	g outcomes.Group,
	own map[string]bool,
	p groupPeriod,
) comparison {
	c := comparison{id: id, cols: g.Municipalities, many: len(g.Municipalities) > 1, focus: -1,
		total: totalLabel(scope), scope: scope,
		earliest: p.earliest, reference: p.reference}
	if c.many {
		// With one municipality the total is the same cases again: left out.
		c.cols = append(append([]outcomes.MunicipalityReport{}, g.Municipalities...), g.Total)
	}
	for i, col := range c.cols {
		mine := col.Code != "" && own[col.Code]
		c.strong = append(c.strong, mine || col.Code == "")
		if mine && c.focus < 0 {
			c.focus = i
		}
	}
	if c.focus < 0 {
		c.focus = len(c.cols) - 1 // the one municipality, or the total
	}
	return c
}

// groupStart is the first day of a group labelled "2025-03", "2025-Q2" or "2025"
// (optionally followed by "|vrouw"), not before the report's first day.
func groupStart(label string, from time.Time) time.Time {
	period, _, _ := strings.Cut(label, "|")
	start, ok := time.Time{}, false
	if t, err := time.Parse(monthLayout, period); err == nil {
		start, ok = t, true
	} else if y, q, found := strings.Cut(period, "-Q"); found && len(q) == 1 && q >= "1" && q <= "4" {
		if t, err := time.Parse("2006", y); err == nil {
			start, ok = t.AddDate(0, 3*int(q[0]-'1'), 0), true
		}
	} else if t, err := time.Parse("2006", period); err == nil {
		start, ok = t, true
	}
	if !ok || start.Before(from) {
		return from
	}
	return start
}

// nobodyFollowed: no case of the group can have been followed for days yet, since
// even the earliest key date lies less than days before the reference date. It
// follows from the choices alone, so saying it reveals nothing about the cases.
func (c comparison) nobodyFollowed(days int) bool {
	return !c.earliest.IsZero() && c.earliest.AddDate(0, 0, days).After(c.reference)
}

// qual is the group after a place: " (geslacht: vrouw)", or "" when the report is not
// grouped.
func (c comparison) qual() string {
	if c.group == "" {
		return ""
	}
	return " (" + c.group + ")"
}

// inGroup is the group after a figure: " in deze groep (geslacht: vrouw)", or "".
func (c comparison) inGroup() string {
	if c.group == "" {
		return ""
	}
	return " in deze groep" + c.qual()
}

// cohortNoun is what a column's cases are called: the cohort, or in a grouped report
// the group (a part of the cohort).
func (c comparison) cohortNoun() string {
	if c.group == "" {
		return "het cohort"
	}
	return "de groep"
}

// in is a column in a sentence, with its group: "in Eindhoven", "landelijk",
// "in Eindhoven (geslacht: vrouw)".
func (c comparison) in(i int) string { return c.place(i) + c.qual() }

// place is a column in a sentence without its group, for a second column after one
// that named it: "in Eindhoven", "landelijk".
func (c comparison) place(i int) string {
	if c.cols[i].Code != "" {
		return "in " + c.cols[i].Name
	}
	switch c.scope {
	case "national":
		return "landelijk"
	case "pilot":
		return "in de pilot als geheel"
	}
	return "in de vergelijking als geheel"
}

// suffix is a column after a caption or title: "Trechter per stap in Eindhoven",
// "Trechter per stap, landelijk", "Trechter per stap in Eindhoven (geslacht: vrouw)".
func (c comparison) suffix(i int) string {
	if w := c.place(i); w != "landelijk" {
		return " " + w + c.qual()
	}
	return ", landelijk" + c.qual()
}

func (c comparison) label(i int) string {
	if c.cols[i].Code == "" {
		return c.total
	}
	return c.cols[i].Name
}

// alsoTotal adds the total after the focus's figure (", in de vergelijking als
// geheel 55%") when the focus is one of several; clause says the total's figure.
func (c comparison) alsoTotal(sep string, clause func(i int) string) string {
	if !c.many || c.focus == len(c.cols)-1 {
		return ""
	}
	return sep + c.place(len(c.cols)-1) + clause(len(c.cols)-1)
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// sayList lists figures in a summary: the shown ones with their values, then which
// have no data, said once ("aangemeld 250 en gevestigd 180; geen gegevens bij …").
func sayList(shown, none []string, prep string) string {
	var parts []string
	if len(shown) > 0 {
		parts = append(parts, dutch.Join(shown))
	}
	if len(none) > 0 {
		parts = append(parts, "geen gegevens "+prep+dutch.Join(none))
	}
	return strings.Join(parts, "; ")
}

// said collects the figures of a summary by what their cells say.
type said struct{ shown, none []string }

func (s *said) add(label string, c Cell) {
	if c.Text == noData {
		s.none = append(s.none, label)
		return
	}
	s.shown = append(s.shown, label+" "+c.Text)
}

func (s said) say(prep string) string { return sayList(s.shown, s.none, prep) }

func (c comparison) sections() []Section {
	return []Section{c.funnel(), c.offer(), c.atWork(), c.benefit(), c.hours(), c.others()}
}

// ---- funnel

func flowAt(f outcomes.Published, k int) outcomes.FlowStep {
	if k < len(f.Flow) {
		return f.Flow[k]
	}
	return outcomes.FlowStep{Stage: outcomes.Steps[k]}
}

func (c comparison) funnel() Section {
	f := c.cols[c.focus].Figures
	ch := chart.Chart{
		ID:    c.id + "-trechter",
		Title: "Dossiers die elke stap bereikten" + c.suffix(c.focus),
	}
	table := Table{ID: c.id + "-trechter-tabel", Caption: "Trechter per stap" + c.suffix(c.focus),
		Head: []string{
			"Stap",
			"Bereikt (of verder)",
			"Doorgestroomd naar de volgende stap",
			"Aandeel doorgestroomd",
			"Nu in deze fase",
		}}
	var steps said
	for k, step := range outcomes.Steps {
		s := flowAt(f, k)
		bar := chart.Bar{
			Label:    dutch.Stage(step),
			Segments: []chart.Segment{{Value: float64(s.Reached)}},
			Note:     formatInt(s.Reached),
		}
		// the last step has no next one
		moved, share := Cell{Text: notApplicable}, Cell{Text: notApplicable}
		if k+1 < len(outcomes.Steps) {
			moved, share = countCell(s.MovedOn), shareCell(s.Share)
		}
		if s.Share != nil {
			bar.Note += " · " + percent(*s.Share) + " verder"
		}
		ch.Bars = append(ch.Bars, bar)
		table.Rows = append(
			table.Rows,
			Row{
				Head:  dutch.Stage(step),
				Cells: []Cell{countCell(s.Reached), moved, share, countCell(f.ByStage[step])},
			},
		)
		steps.add(lower(dutch.Stage(step)), countCell(s.Reached))
	}
	table.Rows = append(table.Rows, Row{Head: dutch.Stage("afgesloten"),
		Cells: []Cell{{Text: notApplicable}, {Text: notApplicable},
			{Text: notApplicable}, countCell(f.ByStage["afgesloten"])}})
	summary := c.cohortSentence(c.focus) + " Bereikt, of verder gekomen: " + steps.say("bij ") + "."
	ch.Desc = summary
	sec := Section{
		ID:      c.id + "-trechter",
		Heading: "Trechter: van aanmelding naar werk",
		Summary: summary,
		Chart:   ch.SVG(),
		Tables:  []Table{table},
	}
	if c.many {
		sec.Tables = append(sec.Tables, c.stagesTable())
	}
	return sec
}

// cohortSentence says how many cases a column's cohort has.
func (c comparison) cohortSentence(i int) string {
	if n := c.cols[i].Figures.Cases; n != 1 {
		return fmt.Sprintf("%s telt %s %s dossiers.", capitalize(c.in(i)), c.cohortNoun(), formatInt(n))
	}
	return capitalize(c.in(i)) + " telt " + c.cohortNoun() + " 1 dossier."
}

// stagesTable compares the counts per current stage across the columns.
func (c comparison) stagesTable() Table {
	t := Table{
		ID:      c.id + "-fasen",
		Caption: "Dossiers per fase op de peildatum, per gemeente" + c.qual(),
		Head:    []string{"Gemeente", "Cohort"},
	}
	for _, s := range outcomes.Stages {
		t.Head = append(t.Head, dutch.Stage(s))
	}
	for i, col := range c.cols {
		row := Row{Head: c.label(i), Strong: c.strong[i], Cells: []Cell{countCell(col.Figures.Cases)}}
		for _, s := range outcomes.Stages {
			row.Cells = append(row.Cells, countCell(col.Figures.ByStage[s]))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// ---- offer within 14 days

func (c comparison) offer() Section {
	ch := chart.Chart{
		ID:      c.id + "-aanbod",
		Title:   "Baanaanbod binnen 14 dagen na de aanvraag van een uitkering, per gemeente" + c.qual(),
		Max:     1,
		Percent: true,
	}
	table := Table{ID: c.id + "-aanbod-tabel", Caption: "Baanaanbod binnen 14 dagen, per gemeente" +
		c.qual(),
		Head: []string{
			"Gemeente",
			"Baanaanbod binnen 14 dagen",
			"Uitkering ten minste 14 dagen geleden aangevraagd",
			"Aandeel",
		}}
	for i, col := range c.cols {
		o := col.Figures.Offer
		table.Rows = append(table.Rows, Row{Head: c.label(i), Strong: c.strong[i],
			Cells: []Cell{countCell(o.Numerator), countCell(o.Denominator), shareCell(o.Share)}})
		bar := chart.Bar{Label: c.label(i), Strong: c.strong[i], Note: noData}
		if o.Share != nil {
			bar.Segments, bar.Note = []chart.Segment{{Value: *o.Share}}, percent(*o.Share)+" (n = "+
				formatInt(o.Denominator)+")"
		}
		ch.Bars = append(ch.Bars, bar)
	}
	summary := c.offerSentence()
	ch.Desc = summary
	return Section{
		ID:      c.id + "-aanbod",
		Heading: "Baanaanbod binnen 14 dagen",
		Summary: summary,
		Chart:   ch.SVG(),
		Tables:  []Table{table},
	}
}

func (c comparison) offerSentence() string {
	cellAt := func(i int) Cell { return shareCell(c.cols[i].Figures.Offer.Share) }
	total := c.alsoTotal(", ", func(i int) string { return " " + figureClause(cellAt(i)) })
	focus := cellAt(c.focus)
	if focus.Text == noData {
		return fmt.Sprintf("%s is geen aandeel met een baanaanbod binnen 14 dagen te berekenen: geen uitkering is ten minste 14 dagen geleden aangevraagd%s.",
			capitalize(c.in(c.focus)), total)
	}
	return fmt.Sprintf(
		"%s kreeg %s binnen 14 dagen na de aanvraag van een uitkering een baanaanbod%s.",
		capitalize(c.in(c.focus)),
		focus.Text,
		total,
	)
}

// figureClause says a cell after a place ("in Asten 40%", "in Asten zijn er geen
// gegevens").
func figureClause(c Cell) string {
	if c.Text == noData {
		return "zijn er geen gegevens"
	}
	return c.Text
}
