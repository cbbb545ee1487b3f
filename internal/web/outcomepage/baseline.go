package outcomepage

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

// Baseline sets the CBS figure beside the same measure, with its interval and the
// number followed, and a side-by-side table of what still differs. It is shown only
// on the residence-permit key (docs/outcomes.md, "The baseline").
type Baseline struct {
	CBS         string // "91%"
	Figures     Table  // per group and column: share (interval), number followed
	Differences Table  // aspect × CBS | Startbaan
}

// newBaselineBox lays out the box around rows of figures already made.
func newBaselineBox(rows []Row) *Baseline {
	b := outcomes.Baseline
	box := &Baseline{CBS: percent(b.OnBenefitShare),
		Figures: Table{ID: "basislijn-cijfers",
			Caption: "Nog in de uitkering 24 maanden na de verblijfsvergunning",
			Head:    []string{"Groep", "Aandeel (95%-interval)", "Zo lang gevolgd"}, Rows: rows},
		Differences: Table{ID: "basislijn-verschillen",
			Caption: "Wat verschilt tussen het CBS-cijfer en het Startbaan-cijfer",
			Head:    []string{"Wat", "CBS-cijfer (" + percent(b.OnBenefitShare) + ")", "Startbaan-cijfer"}}}
	for _, d := range []struct{ aspect, text string }{{"Populatie", b.Population},
		{"Maatstaf", b.Measure},
		{"Periode", b.Period}, {"Bron", b.Source}} {
		cbs, ours := splitBaseline(d.text)
		box.Differences.Rows = append(
			box.Differences.Rows,
			Row{Head: d.aspect, Cells: []Cell{{Text: cbs}, {Text: ours}}},
		)
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
func releaseBaseline(a releaseview.Answer) *Baseline {
	if a.Question.Key != outcomes.Baseline.Key {
		return nil
	}
	var rows []Row
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
			rows = append(rows, Row{Head: group + ", " + col.Name, Cells: releaseBaselineCells(c)})
		}
	}
	return newBaselineBox(rows)
}

func releaseBaselineCells(c releases.Cell) []Cell {
	followed := Cell{Text: noData}
	if c.Denominator != nil {
		followed = Cell{Text: fmt.Sprint(*c.Denominator)}
	} else if c.Status != "" && c.Status != releases.CellPublished {
		followed = Cell{Text: releaseview.StatusLabel(c.Status), Hidden: true}
	}
	return []Cell{releaseCell(c, baselineFigure), followed}
}

// liveBaseline: the box of the live report of the reader's own municipality (whole
// counts), on the residence-permit key; the interval is the same Wilson interval a
// release publishes.
func liveBaseline(r outcomes.Report, q outcomes.Query) *Baseline {
	if q.Key != outcomes.Baseline.Key {
		return nil
	}
	var rows []Row
	for _, g := range r.Groups {
		group := nameGroup(g.Label, q.Cohort, q.Split).Heading
		cols := g.Municipalities
		if len(cols) > 1 {
			cols = append(cols, g.Total)
		}
		for _, m := range cols {
			rows = append(
				rows,
				Row{
					Head:  group + ", " + m.Name,
					Cells: liveBaselineCells(namedShare(m.Figures, "onBenefitAfter24Months")),
				},
			)
		}
	}
	return newBaselineBox(rows)
}

func liveBaselineCells(s outcomes.PublishedShare) []Cell {
	if s.Denominator == 0 {
		return []Cell{{Text: "nog niet bekend"}, {Text: "0"}}
	}
	share, lo, hi := disclosure.Wilson(s.Numerator, s.Denominator)
	return []Cell{
		{Text: percent(share) + " (" + percent(lo) + "–" + percent(hi) + ")"},
		{Text: fmt.Sprint(s.Denominator)},
	}
}
