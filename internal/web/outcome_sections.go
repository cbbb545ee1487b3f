package web

import (
	"fmt"
	"strings"

	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/web/chart"
)

// comparison is one group of a report as the page lays it out: its columns (the
// municipalities, and the total when there are several), which of them are the
// reader's own, and the column that the single-column charts are about.
type comparison struct {
	id     string // prefix of the group's element ids
	cols   []outcomes.MunicipalityReport
	strong []bool
	focus  int
	many   bool   // several municipalities: the total is a column too
	total  string // how the total is called: "Totaal", "Landelijk totaal"
}

func newComparison(id, total string, g outcomes.Group, own map[string]bool) comparison {
	c := comparison{id: id, cols: g.Municipalities, many: len(g.Municipalities) > 1, focus: -1, total: total}
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

// name is a column's name in a sentence, label in a table or chart.
func (c comparison) name(i int) string {
	if c.cols[i].Code == "" {
		return "de vergelijking als geheel (" + strings.ToLower(c.total) + ")"
	}
	return c.cols[i].Name
}

func (c comparison) label(i int) string {
	if c.cols[i].Code == "" {
		return c.total
	}
	return c.cols[i].Name
}

// alsoTotal adds ", in de vergelijking als geheel X" when the focus is one of several.
func (c comparison) alsoTotal(text func(i int) string) string {
	if !c.many || c.focus == len(c.cols)-1 {
		return ""
	}
	return ", in de vergelijking als geheel " + text(len(c.cols)-1)
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
	ch := chart.Chart{ID: c.id + "-trechter", Title: "Trechter van " + c.label(c.focus) + ": dossiers die elke stap bereikten"}
	table := dataTable{ID: c.id + "-trechter-tabel", Caption: "Trechter van " + c.label(c.focus) + " per stap",
		Head: []string{"Stap", "Bereikt (of verder)", "Doorgestroomd naar de volgende stap", "Aandeel doorgestroomd", "Nu in deze fase"}}
	var said []string
	for k, step := range outcomes.Steps {
		s := flowAt(f, k)
		bar := chart.Bar{Label: stageLabel(step), Hidden: s.Reached.Suppressed || s.Reached.Value == nil}
		moved := cell{Text: "n.v.t."}
		if k+1 < len(outcomes.Steps) {
			moved = countCell(s.MovedOn)
		}
		if !bar.Hidden {
			bar.Segments = []chart.Segment{{Value: float64(*s.Reached.Value)}}
			bar.Note = formatInt(*s.Reached.Value)
			if s.Share != nil {
				bar.Note += " · " + percent(*s.Share) + " verder"
			}
		}
		ch.Bars = append(ch.Bars, bar)
		table.Rows = append(table.Rows, dataRow{Head: stageLabel(step), Cells: []cell{countCell(s.Reached), moved,
			shareCell(s.Share, s.MovedOn.Suppressed || s.Reached.Suppressed), countCell(f.ByStage[step])}})
		said = append(said, fmt.Sprintf("%s %s", lower(stageLabel(step)), countCell(s.Reached).Text))
	}
	table.Rows = append(table.Rows, dataRow{Head: stageLabel("afgesloten"), Cells: []cell{{Text: "n.v.t."}, {Text: "n.v.t."}, {Text: "n.v.t."},
		countCell(f.ByStage["afgesloten"])}})
	summary := fmt.Sprintf("In %s zitten %s dossiers in het cohort. Bereikt, of verder gekomen: %s.", c.name(c.focus),
		countCell(f.Cases).Text, joinDutch(said))
	ch.Desc = summary
	sec := figureSection{ID: c.id + "-trechter", Heading: "Trechter: van aanmelding naar werk", Summary: summary, Chart: ch.SVG(), Tables: []dataTable{table}}
	if c.many {
		sec.Tables = append(sec.Tables, c.stagesTable())
	}
	return sec
}

// stagesTable compares the counts per current stage across the columns.
func (c comparison) stagesTable() dataTable {
	t := dataTable{ID: c.id + "-fasen", Caption: "Dossiers per fase op de peildatum, per gemeente", Head: []string{"Gemeente", "Cohort"}}
	for _, s := range outcomes.Stages {
		t.Head = append(t.Head, stageLabel(s))
	}
	for i, col := range c.cols {
		row := dataRow{Head: c.label(i), Strong: c.strong[i], Cells: []cell{countCell(col.Figures.Cases)}}
		for _, s := range outcomes.Stages {
			row.Cells = append(row.Cells, countCell(col.Figures.ByStage[s]))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// ---- offer within 14 days

func offerHidden(s outcomes.PublishedShare) bool {
	return s.Share == nil && (s.Numerator.Suppressed || s.Denominator.Suppressed)
}

func (c comparison) offer() figureSection {
	ch := chart.Chart{ID: c.id + "-aanbod", Title: "Baanaanbod binnen 14 dagen na de aanvraag van een uitkering, per gemeente", Max: 1, Percent: true}
	table := dataTable{ID: c.id + "-aanbod-tabel", Caption: "Baanaanbod binnen 14 dagen, per gemeente",
		Head: []string{"Gemeente", "Baanaanbod binnen 14 dagen", "Uitkering ten minste 14 dagen geleden aangevraagd", "Aandeel"}}
	hidden := 0
	for i, col := range c.cols {
		o := col.Figures.Offer
		if offerHidden(o) {
			hidden++
		}
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
	share := func(i int) string { o := c.cols[i].Figures.Offer; return shareCell(o.Share, offerHidden(o)).Text }
	summary := fmt.Sprintf("In %s kreeg %s binnen 14 dagen na de aanvraag van een uitkering een baanaanbod%s.",
		c.name(c.focus), share(c.focus), c.alsoTotal(share))
	if c.cols[c.focus].Figures.Offer.Share == nil {
		summary = fmt.Sprintf("Het aandeel met een baanaanbod binnen 14 dagen na de aanvraag van een uitkering is in %s %s%s.",
			c.name(c.focus), share(c.focus), c.alsoTotal(share))
	}
	summary += hiddenNote(hidden, left)
	ch.Desc = summary
	return figureSection{ID: c.id + "-aanbod", Heading: "Baanaanbod binnen 14 dagen", Summary: summary, Chart: ch.SVG(), Tables: []dataTable{table}}
}

// hiddenNote tells how many columns have a suppressed figure, and whether the chart
// left them out.
func hiddenNote(hidden, left int) string {
	switch {
	case left > 0:
		return fmt.Sprintf(" Bij %d gemeenten is het cijfer afgeschermd; de grafiek laat ze weg, de tabel noemt ze.", left)
	case hidden == 1:
		return " Bij 1 kolom is het cijfer afgeschermd."
	case hidden > 1:
		return fmt.Sprintf(" Bij %d kolommen is het cijfer afgeschermd.", hidden)
	}
	return ""
}
