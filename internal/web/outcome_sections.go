package web

import (
	"fmt"
	"strings"
	"time"

	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/web/chart"
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

func newComparison(id, scope string, g outcomes.Group, own map[string]bool, p groupPeriod) comparison {
	c := comparison{id: id, cols: g.Municipalities, many: len(g.Municipalities) > 1, focus: -1, total: totalLabel(scope), scope: scope,
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

// of is a column after a noun, with its group: "het cohort van Eindhoven", "de groep
// van Eindhoven (geslacht: vrouw)".
func (c comparison) of(i int) string {
	if c.cols[i].Code != "" {
		return "van " + c.cols[i].Name + c.qual()
	}
	switch c.scope {
	case "national":
		return "van alle gemeenten samen" + c.qual()
	case "pilot":
		return "van de pilot als geheel" + c.qual()
	}
	return "van de vergelijking als geheel" + c.qual()
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
// are suppressed and which have no data, each said once ("aangemeld 250 en gevestigd
// 180; afgeschermd bij baan aangeboden en aan het werk").
func sayList(shown, hidden, none []string, prep string) string {
	var parts []string
	if len(shown) > 0 {
		parts = append(parts, joinDutch(shown))
	}
	if len(hidden) > 0 {
		parts = append(parts, "afgeschermd "+prep+joinDutch(hidden))
	}
	if len(none) > 0 {
		parts = append(parts, "geen gegevens "+prep+joinDutch(none))
	}
	return strings.Join(parts, "; ")
}

// said collects the figures of a summary by what their cells say.
type said struct{ shown, hidden, none []string }

func (s *said) add(label string, c cell) {
	switch {
	case c.Hidden:
		s.hidden = append(s.hidden, label)
	case c.Text == noData:
		s.none = append(s.none, label)
	default:
		s.shown = append(s.shown, label+" "+c.Text)
	}
}

func (s said) say(prep string) string { return sayList(s.shown, s.hidden, s.none, prep) }

// allHidden: every figure of the list is suppressed.
func (s said) allHidden() bool { return len(s.hidden) > 0 && len(s.shown) == 0 && len(s.none) == 0 }

// rowName is a table row in a sentence: the municipality, or "het landelijk totaal".
func (c comparison) rowName(head string) string {
	if head == c.total {
		return "het " + lower(c.total)
	}
	return head
}

// maxBars: beyond this many columns (the national dashboard) a per-municipality chart
// draws only the columns with a figure; the table beside it lists every one.
const maxBars = 30

// charted returns the columns a per-municipality chart draws, and how many it left out.
func (c comparison) charted(hidden func(i int) bool) (idx []int, left int) {
	for i := range c.cols {
		if len(c.cols) > maxBars && hidden(i) {
			left++
			continue
		}
		idx = append(idx, i)
	}
	return idx, left
}

func (c comparison) sections() []figureSection {
	return []figureSection{c.funnel(), c.offer(), c.atWork(), c.benefit(), c.hours(), c.others()}
}

// ---- funnel

func flowAt(f outcomes.Published, k int) outcomes.FlowStep {
	if k < len(f.Flow) {
		return f.Flow[k]
	}
	return outcomes.FlowStep{Stage: outcomes.Steps[k], Reached: outcomes.Count{Suppressed: true}, MovedOn: outcomes.Count{Suppressed: true}}
}

func (c comparison) funnel() figureSection {
	f := c.cols[c.focus].Figures
	ch := chart.Chart{ID: c.id + "-trechter", Title: "Dossiers die elke stap bereikten" + c.suffix(c.focus)}
	table := dataTable{ID: c.id + "-trechter-tabel", Caption: "Trechter per stap" + c.suffix(c.focus),
		Head: []string{"Stap", "Bereikt (of verder)", "Doorgestroomd naar de volgende stap", "Aandeel doorgestroomd", "Nu in deze fase"}}
	var steps said
	for k, step := range outcomes.Steps {
		s := flowAt(f, k)
		bar := chart.Bar{Label: stageLabel(step), Hidden: s.Reached.Suppressed || s.Reached.Value == nil}
		moved, share := cell{Text: notApplicable}, cell{Text: notApplicable} // the last step has no next one
		if k+1 < len(outcomes.Steps) {
			moved, share = countCell(s.MovedOn), shareCell(s.Share, s.MovedOn.Suppressed || s.Reached.Suppressed)
		}
		if !bar.Hidden {
			bar.Segments = []chart.Segment{{Value: float64(*s.Reached.Value)}}
			bar.Note = formatInt(*s.Reached.Value)
			if s.Share != nil {
				bar.Note += " · " + percent(*s.Share) + " verder"
			}
		}
		ch.Bars = append(ch.Bars, bar)
		table.Rows = append(table.Rows, dataRow{Head: stageLabel(step), Cells: []cell{countCell(s.Reached), moved, share, countCell(f.ByStage[step])}})
		steps.add(lower(stageLabel(step)), countCell(s.Reached))
	}
	table.Rows = append(table.Rows, dataRow{Head: stageLabel("afgesloten"), Cells: []cell{{Text: notApplicable}, {Text: notApplicable},
		{Text: notApplicable}, countCell(f.ByStage["afgesloten"])}})
	summary := c.cohortSentence(c.focus) + " Bereikt, of verder gekomen: " + steps.say("bij ") + "."
	if steps.allHidden() {
		summary = c.cohortSentence(c.focus) + " Ook hoeveel dossiers elke stap bereikten, is afgeschermd."
	}
	if f.Cases.Suppressed {
		table.Note = suppressionNote("Ook het aantal dossiers in " + c.cohortNoun() + " " + c.of(c.focus) + " is afgeschermd.")
	}
	ch.Desc = summary
	sec := figureSection{ID: c.id + "-trechter", Heading: "Trechter: van aanmelding naar werk", Summary: summary, Chart: ch.SVG(), Tables: []dataTable{table}}
	if c.many {
		sec.Tables = append(sec.Tables, c.stagesTable())
	}
	return sec
}

// cohortSentence says how many cases a column's cohort has, or that the number is
// suppressed.
func (c comparison) cohortSentence(i int) string {
	n := c.cols[i].Figures.Cases
	switch {
	case n.Suppressed:
		return "Het aantal dossiers in " + c.cohortNoun() + " " + c.of(i) + " is afgeschermd."
	case n.Value == nil:
		return "Over " + c.cohortNoun() + " " + c.of(i) + " zijn geen gegevens."
	case *n.Value == 1:
		return capitalize(c.in(i)) + " telt " + c.cohortNoun() + " 1 dossier."
	}
	return fmt.Sprintf("%s telt %s %s dossiers.", capitalize(c.in(i)), c.cohortNoun(), formatInt(*n.Value))
}

// stagesTable compares the counts per current stage across the columns.
func (c comparison) stagesTable() dataTable {
	t := dataTable{ID: c.id + "-fasen", Caption: "Dossiers per fase op de peildatum, per gemeente" + c.qual(), Head: []string{"Gemeente", "Cohort"}}
	for _, s := range outcomes.Stages {
		t.Head = append(t.Head, stageLabel(s))
	}
	var whole []string // columns whose cohort count is suppressed too
	for i, col := range c.cols {
		row := dataRow{Head: c.label(i), Strong: c.strong[i], Cells: []cell{countCell(col.Figures.Cases)}}
		for _, s := range outcomes.Stages {
			row.Cells = append(row.Cells, countCell(col.Figures.ByStage[s]))
		}
		t.Rows = append(t.Rows, row)
		if col.Figures.Cases.Suppressed {
			whole = append(whole, c.rowName(c.label(i)))
		}
	}
	if len(whole) > 0 {
		in := " in het cohort"
		if c.group != "" {
			in = c.inGroup()
		}
		t.Note = suppressionNote(fmt.Sprintf("Bij %s is ook het aantal dossiers%s afgeschermd.", joinDutch(whole), in))
	}
	return t
}

// suppressionNote explains, beside a table, why even a large-looking figure such as a
// cohort count can be suppressed. It names both reasons and never which one applies.
func suppressionNote(what string) string {
	return what + " Een getal wordt afgeschermd als het op minder dan 10 dossiers rust, of als je er samen met de getoonde" +
		" getallen (zoals het totaal, de fasen of de andere gemeenten) zo’n kleine groep mee zou kunnen uitrekenen." +
		" Welke reden geldt, staat er bewust niet bij: ook dat zou iets verraden."
}

// ---- offer within 14 days

func offerHidden(s outcomes.PublishedShare) bool {
	return s.Share == nil && (s.Numerator.Suppressed || s.Denominator.Suppressed)
}

func (c comparison) offer() figureSection {
	ch := chart.Chart{ID: c.id + "-aanbod", Title: "Baanaanbod binnen 14 dagen na de aanvraag van een uitkering, per gemeente" + c.qual(), Max: 1, Percent: true}
	table := dataTable{ID: c.id + "-aanbod-tabel", Caption: "Baanaanbod binnen 14 dagen, per gemeente" + c.qual(),
		Head: []string{"Gemeente", "Baanaanbod binnen 14 dagen", "Uitkering ten minste 14 dagen geleden aangevraagd", "Aandeel"}}
	for i, col := range c.cols {
		o := col.Figures.Offer
		table.Rows = append(table.Rows, dataRow{Head: c.label(i), Strong: c.strong[i],
			Cells: []cell{countCell(o.Numerator), countCell(o.Denominator), shareCell(o.Share, offerHidden(o))}})
	}
	idx, left := c.charted(func(i int) bool { return offerHidden(c.cols[i].Figures.Offer) })
	for _, i := range idx {
		o := c.cols[i].Figures.Offer
		bar := chart.Bar{Label: c.label(i), Strong: c.strong[i], Hidden: offerHidden(o), Note: noData}
		if o.Share != nil {
			bar.Segments, bar.Note = []chart.Segment{{Value: *o.Share}}, percent(*o.Share)
			if o.Denominator.Value != nil {
				bar.Note += " (n = " + formatInt(*o.Denominator.Value) + ")"
			}
		}
		ch.Bars = append(ch.Bars, bar)
	}
	summary := c.offerSentence() + c.hiddenNote(func(i int) bool { return offerHidden(c.cols[i].Figures.Offer) }, left)
	table.Note = c.wholeRows(table, "Baanaanbod binnen 14 dagen")
	ch.Desc = summary
	return figureSection{ID: c.id + "-aanbod", Heading: "Baanaanbod binnen 14 dagen", Summary: summary, Chart: ch.SVG(), Tables: []dataTable{table}}
}

func (c comparison) offerSentence() string {
	cellAt := func(i int) cell { o := c.cols[i].Figures.Offer; return shareCell(o.Share, offerHidden(o)) }
	total := c.alsoTotal(", ", func(i int) string { return " " + figureClause(cellAt(i)) })
	focus := cellAt(c.focus)
	switch {
	case focus.Hidden && c.bothHidden(func(i int) bool { return cellAt(i).Hidden }):
		return fmt.Sprintf("Het aandeel met een baanaanbod binnen 14 dagen na de aanvraag van een uitkering is %s en %s afgeschermd.",
			c.in(c.focus), c.place(len(c.cols)-1))
	case focus.Hidden:
		return fmt.Sprintf("Het aandeel met een baanaanbod binnen 14 dagen na de aanvraag van een uitkering is %s afgeschermd%s.", c.in(c.focus), total)
	case focus.Text == noData:
		return fmt.Sprintf("%s is geen aandeel met een baanaanbod binnen 14 dagen te berekenen: geen uitkering is ten minste 14 dagen geleden aangevraagd%s.",
			capitalize(c.in(c.focus)), total)
	}
	return fmt.Sprintf("%s kreeg %s binnen 14 dagen na de aanvraag van een uitkering een baanaanbod%s.", capitalize(c.in(c.focus)), focus.Text, total)
}

// bothHidden: the focus is one of several and its figure and the total's are both
// suppressed, so a sentence can say it once.
func (c comparison) bothHidden(hidden func(i int) bool) bool {
	return c.many && c.focus != len(c.cols)-1 && hidden(c.focus) && hidden(len(c.cols)-1)
}

// figureClause says a cell after a place ("in Asten 40%", "in Asten is het cijfer
// afgeschermd").
func figureClause(c cell) string {
	switch {
	case c.Hidden:
		return "is het cijfer afgeschermd"
	case c.Text == noData:
		return "zijn er geen gegevens"
	}
	return c.Text
}

// wholeRows notes the municipalities whose row of a comparison table is suppressed in
// every cell, with why that happens.
func (c comparison) wholeRows(t dataTable, figure string) string {
	var names []string
	for _, r := range t.Rows {
		all := len(r.Cells) > 0
		for _, c := range r.Cells {
			all = all && c.Hidden
		}
		if all {
			names = append(names, c.rowName(r.Head))
		}
	}
	if len(names) == 0 {
		return ""
	}
	return suppressionNote(fmt.Sprintf("Bij %s is “%s”%s helemaal afgeschermd.", joinDutch(names), figure, c.inGroup()))
}

// hiddenNote says for how many municipalities a figure of a comparison is suppressed
// besides those its sentence named (the focus and the total), and that the chart left
// them out when it did ("Voor 3 andere gemeenten is dit cijfer afgeschermd.").
func (c comparison) hiddenNote(hidden func(i int) bool, left int) string {
	if !c.many {
		return "" // the sentence said it of the one column
	}
	n := 0
	for i, col := range c.cols {
		if i != c.focus && col.Code != "" && hidden(i) {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	what := map[bool]string{true: "gemeente", false: "gemeenten"}[n == 1]
	start := "Voor"
	if c.cols[c.focus].Code != "" { // the focus is a municipality too
		what = "andere " + what
		if hidden(c.focus) {
			start = "Ook voor"
		}
	}
	s := fmt.Sprintf(" %s %d %s is dit cijfer afgeschermd", start, n, what)
	if left > 0 {
		s += "; de grafiek laat afgeschermde cijfers weg, de tabel noemt ze wel"
	}
	return s + "."
}
