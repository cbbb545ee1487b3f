package api

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/releaseview"
)

// exportOutcomes returns the report of GET /outcomes as a file: CSV for Dutch Excel
// (UTF-8 with BOM, ';' separator, decimal comma) or XLSX. Every export is in the
// audit log, written before the file goes out.
func (h *handlers) exportOutcomes(c echo.Context) error {
	format := c.QueryParam("format")
	if format != "csv" && format != "xlsx" {
		return errs.Invalid(errs.Field("format", "Kies csv of xlsx."))
	}
	q, today, err := h.outcomeQuery(c)
	if err != nil {
		return err
	}
	if !h.ownOnly(c, q) {
		// Anything but the reader's own municipalities comes from a release.
		a, err := h.releaseAnswer(c, q)
		if err != nil {
			return err
		}
		return h.sendRelease(c, format, a.Release, answerCells(a), exportScope{Key: a.Question.Key,
			Width: a.Question.Width,
			Cohorts: strings.Join(
				releaseview.Cohorts(a.Question.Width, a.Question.From, a.Question.To),
				", ",
			)})
	}
	actor := h.guard.Actor(c)
	r, err := h.Outcomes.Build(c.Request().Context(), actor, q, today)
	if err != nil {
		return err
	}
	if err := h.Audit.Export(c.Request().Context(), actor, "outcomes", format); err != nil {
		return err
	}
	header, rows := r.Table()
	name := fmt.Sprintf("startbaan-uitkomsten-%s", today.Format("2006-01-02"))
	var body bytes.Buffer
	contentType := "text/csv; charset=utf-8"
	if format == "csv" {
		err = writeDutchCSV(&body, append([][]sheetCell{textRow(header...)}, fromDutchRows(rows)...))
	} else {
		contentType = xlsxType
		err = writeXLSXSheets(
			&body,
			[]sheet{
				{Name: "Uitkomsten", Rows: append([][]sheetCell{textRow(header...)}, fromDutchRows(rows)...)},
			},
		)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	c.Response().Header().Set(
		"Content-Disposition",
		fmt.Sprintf(`attachment; filename="%s.%s"`, name, format),
	)
	return c.Blob(http.StatusOK, contentType, body.Bytes())
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
