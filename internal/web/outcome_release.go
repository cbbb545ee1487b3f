package web

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
)

// releaseTables is a release's answer laid out for the page: which release, and per
// cohort and group one table of figures by population.
type releaseTables struct {
	Source   string // "Bron: publicatie nr. 4, peildatum 1 november 2026, voorlopig"
	Period   string // which cohorts
	CSV      string // the release's figures for these choices
	XLSX     string
	Groups   []releaseGroup
	Baseline *baselineBox // on the residence-permit key only
	Missing  string       // no release yet: why there are no figures
	id       string
}

// releaseGroup is one cohort (and split value) with its table.
type releaseGroup struct {
	ID, Heading string
	Table       dataTable
}

// ownOnly: a question about the reader's own municipalities only is answered live.
func ownOnly(q outcomes.Query, pl places) bool {
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

func (h *handlers) releaseView(c echo.Context, q outcomes.Query) (*releaseTables, error) {
	ctx := c.Request().Context()
	id, _ := strconv.Atoi(c.QueryParam("release"))
	rel, err := h.ReleaseView.Pick(ctx, id)
	if err != nil {
		if errs.Is(err, errs.KindConflict) {
			// Not the reader's mistake: the page says so, with 200.
			return &releaseTables{Missing: "Er is nog geen publicatie. Cijfers van andere gemeenten, pilots en het land komen " +
				"alleen uit een publicatie; de eerste verschijnt na de eerste van de maand."}, nil
		}
		return nil, err
	}
	a, err := h.ReleaseView.Read(ctx, rel, releaseview.Question{Municipalities: q.Municipalities, Pilot: q.Pilot,
		Key: q.Key, Width: q.Cohort, Split: q.Split, From: q.From, To: q.To})
	if err != nil {
		return nil, err
	}
	return layoutRelease(a), nil
}

// SourceLine says which release a page shows, and its status.
func SourceLine(r releases.Release) string {
	return fmt.Sprintf("Bron: publicatie nr. %d, peildatum %s, %s", r.ID, dutchDate(r.ReferenceDate.Day(), int(r.ReferenceDate.Month()), r.ReferenceDate.Year()), r.Status)
}

var monthNames = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"}

func dutchDate(day, month, year int) string {
	return fmt.Sprintf("%d %s %d", day, monthNames[month-1], year)
}

func layoutRelease(a releaseview.Answer) *releaseTables {
	q := a.Question
	out := &releaseTables{Source: SourceLine(a.Release), Period: releasePeriod(q), id: strconv.Itoa(a.Release.ID)}
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
		t := dataTable{ID: id + "-tabel", Caption: "Cijfers" + inGroupOf(label, q), Head: head}
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
			row := dataRow{Head: releaseview.Label(f)}
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
		out.Groups = append(out.Groups, releaseGroup{ID: id, Heading: nameGroup(label, q.Width, q.Split).Heading, Table: t})
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
	return fmt.Sprintf("Cohorten per %s volgens de %s: %s.", width, strings.ToLower(optionLabel(keyOptions, q.Key)), joinDutch(names))
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
func releaseCell(c releases.Cell, figure string) cell {
	if c.Status == "" {
		return cell{Text: noData}
	}
	if c.Value == nil {
		return cell{Text: releaseview.StatusLabel(c.Status), Hidden: true}
	}
	switch releaseview.KindOf(figure) {
	case releaseview.KindShare:
		text := percent(*c.Value)
		if c.Lower != nil && c.Upper != nil {
			text += " (" + percent(*c.Lower) + "–" + percent(*c.Upper) + ")"
		}
		return cell{Text: text}
	case releaseview.KindMean:
		return cell{Text: decimal1(*c.Value)}
	}
	return cell{Text: strings.Replace(strconv.FormatFloat(*c.Value, 'f', -1, 64), ".", ",", 1)}
}
