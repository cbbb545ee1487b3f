package outcomepage

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// ReleaseTables is a release's answer laid out for the page: which release, and per
// cohort and group one table of figures by population.
type ReleaseTables struct {
	Source   string // "Bron: publicatie nr. 4, peildatum 1 november 2026, voorlopig"
	Period   string // which cohorts
	CSV      string // the release's figures for these choices
	XLSX     string
	Groups   []releaseGroup
	Baseline *Baseline // on the residence-permit key only
	Missing  string    // no release yet: why there are no figures
	id       string
}

// releaseGroup is one cohort (and split value) with its table.
type releaseGroup struct {
	ID, Heading string
	Table       Table
}

// OwnOnly: a question about the reader's own municipalities only is answered live.
func OwnOnly(q outcomes.Query, pl Places) bool {
	if q.Pilot != "" || len(q.Municipalities) == 0 {
		return false
	}
	for _, code := range q.Municipalities {
		if !pl.own[code] {
			return false
		}
	}
	return true
}

// NoReleaseYet is what the page shows before the first release: not the reader's
// mistake, so the page says so, with 200.
func NoReleaseYet() *ReleaseTables {
	return &ReleaseTables{Missing: "Er is nog geen publicatie. Cijfers van andere gemeenten, pilots en het land komen " +
		"alleen uit een publicatie; de eerste verschijnt na de eerste van de maand."}
}

// LinkExports sets the download links of the release's figures for these choices.
func (r *ReleaseTables) LinkExports(ch Choices, q outcomes.Query) {
	if r.Missing == "" {
		r.CSV, r.XLSX = ch.ExportLink(q, "csv")+"&release="+r.id, ch.ExportLink(q, "xlsx")+"&release="+
			r.id
	}
}

// SourceLine says which release a page shows, and its status.
func SourceLine(r releases.Release) string {
	return fmt.Sprintf(
		"Bron: publicatie nr. %d, peildatum %s, %s",
		r.ID,
		dutch.Date(r.ReferenceDate),
		r.Status,
	)
}

func LayoutRelease(a releaseview.Answer) *ReleaseTables {
	q := a.Question
	out := &ReleaseTables{
		Source: SourceLine(a.Release),
		Period: releasePeriod(q),
		id:     strconv.Itoa(a.Release.ID),
	}
	head := []string{"Cijfer"}
	for _, col := range a.Columns {
		head = append(head, col.Name)
	}
	for i, g := range a.Groups {
		label := g.Cohort
		if q.Split != "" {
			label += "|" + g.SplitValue
		}
		id := fmt.Sprintf("pub%d", i+1)
		t := Table{ID: id + "-tabel", Caption: "Cijfers" + inGroupOf(label, q), Head: head}
		var figures []string
		byCol := map[string]map[string]releases.Cell{}
		for _, col := range a.Columns {
			byCol[col.Code] = map[string]releases.Cell{}
			for _, cl := range g.Cells[col.Code] {
				if _, seen := byCol[col.Code][cl.Figure]; !seen && !containsString(figures, cl.Figure) {
					figures = append(figures, cl.Figure)
				}
				byCol[col.Code][cl.Figure] = cl
			}
		}
		hidden := false
		for _, f := range figures {
			row := Row{Head: releaseview.Label(f)}
			for _, col := range a.Columns {
				c := releaseCell(byCol[col.Code][f], f)
				hidden = hidden || c.Hidden
				row.Cells = append(row.Cells, c)
			}
			t.Rows = append(t.Rows, row)
		}
		if hidden {
			t.Note = hiddenNote
		}
		out.Groups = append(
			out.Groups,
			releaseGroup{ID: id, Heading: nameGroup(label, q.Width, q.Split).Heading, Table: t},
		)
	}
	out.Baseline = releaseBaseline(a)
	return out
}

// hiddenNote explains the statuses beside a table that has any; it names no count but
// the threshold.
const hiddenNote = "Afgeschermd: na de kleine ruis van de publicatie minder dan 10 dossiers, dus niet getoond. " +
	"Nog niet bekend: te weinig dossiers zo lang gevolgd."

// inGroupOf is ", cohort 2025, geslacht: vrouw" for a table caption.
func inGroupOf(label string, q releaseview.Question) string {
	return " (" + nameGroup(label, q.Width, q.Split).Qualifier + ")"
}

// releasePeriod says which cohorts the tables hold: a release has quarters and years,
// so the chosen months select the cohorts they fall in.
func releasePeriod(q releaseview.Question) string {
	cohorts := releaseview.Cohorts(q.Width, q.From, q.To)
	width := "jaar"
	if q.Width == "quarter" {
		width = "kwartaal"
	}
	var names []string
	for _, c := range cohorts {
		names = append(names, cohortPeriod(c, q.Width))
	}
	return fmt.Sprintf(
		"Cohorten per %s volgens de %s: %s.",
		width,
		strings.ToLower(OptionLabel(keyOptions, q.Key)),
		dutch.Join(names),
	)
}

func containsString(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// releaseCell writes a published value in Dutch (shares as percentages with their
// interval), or the cell's status.
func releaseCell(c releases.Cell, figure string) Cell {
	if c.Status == "" {
		return Cell{Text: noData}
	}
	if c.Value == nil {
		return Cell{Text: releaseview.StatusLabel(c.Status), Hidden: true}
	}
	switch releaseview.KindOf(figure) {
	case releaseview.KindShare:
		text := percent(*c.Value)
		if c.Lower != nil && c.Upper != nil {
			text += " (" + percent(*c.Lower) + "–" + percent(*c.Upper) + ")"
		}
		return Cell{Text: text}
	case releaseview.KindMean:
		return Cell{Text: decimal1(*c.Value)}
	}
	return Cell{Text: strings.Replace(strconv.FormatFloat(*c.Value, 'f', -1, 64), ".", ",", 1)}
}
