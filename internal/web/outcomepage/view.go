package outcomepage

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/startbaan/startbaan/internal/outcomes"
)

// noData is a cell without a figure: nobody to count.
const noData = "geen gegevens"

// notApplicable is a cell that cannot have a figure, such as the share that moved on
// from the funnel's last step.
const notApplicable = "n.v.t."

// Cell is a table cell's text; Hidden marks a release cell that is not published
// (afgeschermd, nog niet bekend) for styling. The live figures of the own
// municipality are whole: none of their cells is hidden.
type Cell struct {
	Text   string
	Hidden bool
}

type Row struct {
	Head   string
	Strong bool // the reader's own municipality or the total
	Cells  []Cell
}

// Table is the data of a chart, as a table with a caption and header scopes.
type Table struct {
	ID      string
	Caption string
	Head    []string // the column headers; the first heads the row headers
	Rows    []Row
	Note    string // shown below the table and tied to it with aria-describedby
}

// Section is one figure: a sentence that says it in words, the chart, and its
// data table(s) beside it.
type Section struct {
	ID      string
	Heading string
	Summary string
	Chart   template.HTML
	Tables  []Table
}

func countCell(n int) Cell { return Cell{Text: formatInt(n)} }

// shareCell: a missing share had nobody to count.
func shareCell(v *float64) Cell {
	if v == nil {
		return Cell{Text: noData}
	}
	return Cell{Text: percent(*v)}
}

func intervalCell(a outcomes.PublishedAtWork) Cell {
	if a.Share == nil || a.Lower == nil || a.Upper == nil {
		return shareCell(a.Share)
	}
	return Cell{
		Text: fmt.Sprintf("%s (%s–%s)", percent(*a.Share), percent(*a.Lower), percent(*a.Upper)),
	}
}

func decimalCell(v *float64) Cell {
	if v == nil {
		return Cell{Text: noData}
	}
	return Cell{Text: decimal1(*v)}
}

// percent writes a share the Dutch way: 62%, 7,5% under ten.
func percent(v float64) string {
	if v < 0.1 && v > 0 {
		return strings.Replace(fmt.Sprintf("%.1f%%", 100*v), ".", ",", 1)
	}
	return fmt.Sprintf("%.0f%%", 100*v)
}

func decimal1(v float64) string { return strings.Replace(fmt.Sprintf("%.1f", v), ".", ",", 1) }

// formatInt writes 12345 as 12.345.
func formatInt(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + formatInt(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "." + s[i:]
	}
	return s
}
