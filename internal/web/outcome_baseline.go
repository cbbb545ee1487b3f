package web

import (
	"fmt"
	"strings"

	"github.com/startbaan/startbaan/internal/disclosure"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
)

// baselineFigure is the release figure (and the live share) that stands beside the
// CBS baseline: the same measure on the same key, at 24 months.
const baselineFigure = "share.onBenefitAfter24Months"

// baselineBox sets the CBS figure beside the same measure, with its interval and the
// number followed, and a side-by-side table of what still differs. It is shown only
// on the residence-permit key (docs/outcomes.md, "The baseline").
type baselineBox struct {
	CBS         string    // "91%"
	Figures     dataTable // per group and column: share (interval), number followed
	Differences dataTable // aspect × CBS | Startbaan
}

// newBaselineBox lays out the box around rows of figures already made.
func newBaselineBox(rows []dataRow) *baselineBox {
	b := outcomes.Baseline
	box := &baselineBox{CBS: percent(b.OnBenefitShare),
		Figures: dataTable{ID: "basislijn-cijfers", Caption: "Nog in de uitkering 24 maanden na de verblijfsvergunning",
			Head: []string{"Groep", "Aandeel (95%-interval)", "Zo lang gevolgd"}, Rows: rows},
		Differences: dataTable{ID: "basislijn-verschillen", Caption: "Wat verschilt tussen het CBS-cijfer en het Startbaan-cijfer",
			Head: []string{"Wat", "CBS-cijfer (" + percent(b.OnBenefitShare) + ")", "Startbaan-cijfer"}}}
	for _, d := range []struct{ aspect, text string }{{"Populatie", b.Population}, {"Maatstaf", b.Measure},
		{"Periode", b.Period}, {"Bron", b.Source}} {
		cbs, ours := splitBaseline(d.text)
		box.Differences.Rows = append(box.Differences.Rows, dataRow{Head: d.aspect, Cells: []cell{{Text: cbs}, {Text: ours}}})
	}
	return box
}

// splitBaseline splits "CBS: … Startbaan: …" into its two sides.
func splitBaseline(text string) (string, string) {
	cbs, ours, _ := strings.Cut(text, " Startbaan: ")
	return strings.TrimPrefix(cbs, "CBS: "), ours
}

// releaseBaseline: the box of a release answer on the residence-permit key, one row
// per cohort (and group) and population.
func releaseBaseline(a releaseview.Answer) *baselineBox {
	if a.Question.Key != outcomes.Baseline.Key {
		return nil
	}
	var rows []dataRow
	for _, g := range a.Groups {
		label := g.Cohort
		if a.Question.Split != "" {
			label += "|" + g.SplitValue
		}
		group := nameGroup(label, a.Question.Width, a.Question.Split).Heading
		for _, col := range a.Columns {
			var c releases.Cell
			for _, x := range g.Cells[col.Code] {
				if x.Figure == baselineFigure {
					c = x
				}
			}
			rows = append(rows, dataRow{Head: group + ", " + col.Name, Cells: releaseBaselineCells(c)})
		}
	}
	return newBaselineBox(rows)
}

func releaseBaselineCells(c releases.Cell) []cell {
	followed := cell{Text: noData}
	if c.Denominator != nil {
		followed = cell{Text: fmt.Sprint(*c.Denominator)}
	} else if c.Status != "" && c.Status != releases.CellPublished {
		followed = cell{Text: releaseview.StatusLabel(c.Status), Hidden: true}
	}
	return []cell{releaseCell(c, baselineFigure), followed}
}

// liveBaseline: the box of the live report of the reader's own municipality (whole
// counts), on the residence-permit key; the interval is the same Wilson interval a
// release publishes.
func liveBaseline(r outcomes.Report, q outcomes.Query) *baselineBox {
	if q.Key != outcomes.Baseline.Key {
		return nil
	}
	var rows []dataRow
	for _, g := range r.Groups {
		group := nameGroup(g.Label, q.Cohort, q.Split).Heading
		cols := g.Municipalities
		if len(cols) > 1 {
			cols = append(cols, g.Total)
		}
		for _, m := range cols {
			rows = append(rows, dataRow{Head: group + ", " + m.Name, Cells: liveBaselineCells(namedShare(m.Figures, "onBenefitAfter24Months"))})
		}
	}
	return newBaselineBox(rows)
}

func liveBaselineCells(s outcomes.PublishedShare) []cell {
	if s.Denominator == 0 {
		return []cell{{Text: "nog niet bekend"}, {Text: "0"}}
	}
	share, lo, hi := disclosure.Wilson(s.Numerator, s.Denominator)
	return []cell{{Text: percent(share) + " (" + percent(lo) + "–" + percent(hi) + ")"}, {Text: fmt.Sprint(s.Denominator)}}
}
