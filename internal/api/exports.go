package api

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/outcomes"
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
	actor := h.actor(c)
	r, err := outcomes.Build(c.Request().Context(), h.reportsDB, actor, q, today)
	if err != nil {
		return err
	}
	if err := audit.Export(c.Request().Context(), h.db, actor, "outcomes", format); err != nil {
		return err
	}
	header, rows := r.Table()
	name := fmt.Sprintf("startbaan-uitkomsten-%s", today.Format("2006-01-02"))
	var body bytes.Buffer
	contentType := "text/csv; charset=utf-8"
	if format == "csv" {
		err = writeCSV(&body, header, rows)
	} else {
		contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = writeXLSX(&body, header, rows)
	}
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	c.Response().Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s.%s"`, name, format))
	return c.Blob(http.StatusOK, contentType, body.Bytes())
}

func writeCSV(w *bytes.Buffer, header []string, rows [][]string) error {
	w.WriteString("\ufeff") // the BOM makes Excel read UTF-8
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	if err := cw.Write(neutralise(header)); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(neutralise(r)); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeXLSX(w *bytes.Buffer, header []string, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Uitkomsten"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, r := range append([][]string{header}, rows...) {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		if err != nil {
			return err
		}
		values := make([]any, len(r))
		for j, v := range neutralise(r) {
			values[j] = v
		}
		if err := f.SetSheetRow(sheet, cell, &values); err != nil {
			return err
		}
	}
	return f.Write(w)
}

// neutralise keeps a spreadsheet from reading a cell as a formula (CSV injection):
// a cell that starts with = + - @, a tab or a carriage return gets a leading quote.
func neutralise(cells []string) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
			c = "'" + c
		}
		out[i] = c
	}
	return out
}
