package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
)

// maxExportCells bounds one export; the whole release is for the cells API, page by page.
const maxExportCells = 250_000

// exportRelease returns a release's cells (with the cells API's filters) as XLSX
// (metadata and data sheets, numbers as numbers), Dutch Excel CSV or tidy CSV.
func (h *handlers) exportRelease(c echo.Context) error {
	format := c.QueryParam("format")
	if format != "csv" && format != "xlsx" && format != "tidy-csv" {
		return errs.Invalid(errs.Field("format", "Kies csv, tidy-csv of xlsx."))
	}
	id, err := pathReleaseID(c)
	if err != nil {
		return err
	}
	f, _, err := cellFilter(c)
	if err != nil {
		return err
	}
	f.Limit, f.Offset = 0, 0
	ctx := c.Request().Context()
	rel, err := h.Releases.Get(ctx, id)
	if err != nil {
		return err
	}
	n, err := h.Releases.CountCells(ctx, id, f)
	if err != nil {
		return err
	}
	if n > maxExportCells {
		return errs.Invalid(errs.Field("figure",
			fmt.Sprintf("Deze selectie heeft %d cellen; een export heeft er hoogstens %d. "+
				"Kies een gemeente, pilot, cohortsleutel of cijfer, of lees de cellen per pagina.", n, maxExportCells)))
	}
	cells, err := h.Releases.Cells(ctx, id, f)
	if err != nil {
		return err
	}
	return h.sendRelease(
		c,
		format,
		rel,
		cells,
		exportScope{Key: f.CohortKey, Width: f.CohortWidth, Cohorts: strings.Join(f.Cohorts, ", ")},
	)
}

// exportScope says what part of a release an export holds, for its metadata.
type exportScope struct {
	Key, Width, Cohorts string
}

func (h *handlers) sendRelease(
	c echo.Context,
	format string,
	rel releases.Release,
	cells []releases.Cell,
	scope exportScope,
) error {
	if err := h.Audit.Export(c.Request().Context(), h.guard.Actor(c), "releases", format); err != nil {
		return err
	}
	var body bytes.Buffer
	var err error
	contentType, ext := "text/csv; charset=utf-8", "csv"
	switch format {
	case "tidy-csv":
		err = writeTidyCSV(&body, tidyRows(cells))
	case "csv":
		err = writeDutchCSV(&body, dutchRows(cells))
	default:
		contentType, ext = xlsxType, "xlsx"
		err = writeXLSXSheets(
			&body,
			[]sheet{
				{Name: "Publicatie", Rows: metadataRows(rel, scope)},
				{Name: "Cijfers", Rows: dutchRows(cells)},
			},
		)
	}
	if err != nil {
		return fmt.Errorf("release export: %w", err)
	}
	name := fmt.Sprintf("startbaan-publicatie-%d-%s", rel.ID, rel.ReferenceDate.Format("2006-01"))
	if format == "tidy-csv" {
		name += "-tidy"
	}
	c.Response().Header().Set(
		"Content-Disposition",
		fmt.Sprintf(`attachment; filename="%s.%s"`, name, ext),
	)
	return c.Blob(http.StatusOK, contentType, body.Bytes())
}

// tidyRows: one row per cell, English column names, the status in words a
// statistician's software can filter on.
func tidyRows(cells []releases.Cell) [][]sheetCell {
	rows := [][]sheetCell{textRow("population", "populationCode", "cohortKey", "cohortWidth", "cohort",
		"split", "group",
		"figure", "value", "lower", "upper", "denominator", "status")}
	for _, c := range cells {
		rows = append(rows, append(nameCells(c), valueCells(c, releaseview.TidyStatus(c.Status))...))
	}
	return rows
}

// dutchRows: the same cells with Dutch column names and a Dutch label per figure.
func dutchRows(cells []releases.Cell) [][]sheetCell {
	rows := [][]sheetCell{textRow("populatie", "code", "cohortsleutel", "cohortbreedte", "cohort",
		"uitsplitsing", "groep",
		"cijfer", "waarde", "ondergrens", "bovengrens", "noemer", "status", "omschrijving")}
	for _, c := range cells {
		status := releaseview.StatusLabel(c.Status)
		if status == "" {
			status = "gepubliceerd"
		}
		row := append(nameCells(c), valueCells(c, status)...)
		rows = append(rows, append(row, textCell(releaseview.Label(c.Figure))))
	}
	return rows
}

func nameCells(c releases.Cell) []sheetCell {
	return textRow(
		c.Population,
		c.PopulationCode,
		c.CohortKey,
		c.CohortWidth,
		c.Cohort,
		c.Split,
		c.SplitValue,
		c.Figure,
	)
}

func valueCells(c releases.Cell, status string) []sheetCell {
	format := map[releaseview.Kind]numFormat{releaseview.KindCount: fmtInteger,
		releaseview.KindDays:  fmtInteger,
		releaseview.KindShare: fmtShare, releaseview.KindMean: fmtDecimal1}[releaseview.KindOf(c.Figure)]
	num := func(v *float64, f numFormat) sheetCell {
		if v == nil {
			return textCell("")
		}
		return numCell(*v, f)
	}
	den := textCell("")
	if c.Denominator != nil {
		den = numCell(float64(*c.Denominator), fmtInteger)
	}
	return []sheetCell{
		num(c.Value, format),
		num(c.Lower, format),
		num(c.Upper, format),
		den,
		textCell(status),
	}
}

// metadataRows is the XLSX's first sheet: which release, its status, reference date,
// what part of it, the definitions and the protection.
func metadataRows(rel releases.Release, scope exportScope) [][]sheetCell {
	orAll := func(s string) string {
		if s == "" {
			return "alle"
		}
		return s
	}
	status := rel.Status
	if rel.WithdrawnAt != nil {
		status += " (" + rel.WithdrawnReason + ")"
	}
	rows := [][]sheetCell{
		textRow("gegeven", "waarde"),
		{textCell("publicatie"), numCell(float64(rel.ID), fmtInteger)},
		textRow("status", status),
		textRow("peildatum", rel.ReferenceDate.Format("2006-01-02")),
		textRow("cohortsleutel", orAll(scope.Key)),
		textRow("cohortbreedte", orAll(scope.Width)),
		textRow("periode (cohorten)", orAll(scope.Cohorts)),
		textRow("versie van de definities", rel.DefinitionsVersion),
		textRow("beschermingsmethode", rel.Method),
		textRow("parameters van de bescherming", string(rel.Parameters)),
		textRow("gebouwd op", rel.BuiltAt.UTC().Format("2006-01-02 15:04 UTC")),
	}
	if rel.FinalisedAt != nil {
		changes := 0
		if rel.RevisionNote != nil {
			changes = len(rel.RevisionNote.Changes)
		}
		rows = append(rows, textRow("definitief op", rel.FinalisedAt.UTC().Format("2006-01-02")),
			[]sheetCell{
				textCell("cellen herzien bij definitief maken"),
				numCell(float64(changes), fmtInteger),
			})
	}
	return append(rows, textRow("toelichting",
		"Definities en bescherming: docs/outcomes.md. Status afgeschermd: minder dan "+
			"10 dossiers na verstoring; nog niet bekend: te weinig dossiers gevolgd tot die termijn."),
		textRow("bron", "Startbaan, publicatie nr. "+strconv.Itoa(rel.ID)))
}

// answerCells flattens a release answer (GET /outcome-exports about other
// municipalities) into its cells, column by column.
func answerCells(a releaseview.Answer) []releases.Cell {
	var out []releases.Cell
	for _, g := range a.Groups {
		for _, col := range a.Columns {
			out = append(out, g.Cells[col.Code]...)
		}
	}
	return out
}
