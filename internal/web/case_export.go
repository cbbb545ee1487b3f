package web

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/contact"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/web/dutch"
	"github.com/startbaan/startbaan/internal/worklist"
)

// The export of one's caseload (GET /dossiers/export): a client manager's own active
// cases, a team lead's team (or own cases with mijn=1), narrowed by the case list's
// stage and pilot filters, as CSV (Dutch Excel: UTF-8 with BOM, ';') or XLSX. No BSN
// and no notes; the export is recorded in the audit log with the cases it holds.

var exportHeader = []string{"Dossier", "Naam", "Geboortejaar", "Fase", "In fase sinds", "Pilot",
	"Klantmanager", "Telefoon", "E-mail", "Laatste week met uren", "Open signalen"}

func (h *handlers) exportCases(c echo.Context) error {
	q := c.QueryParams()
	format := q.Get("format")
	if format != "csv" && format != "xlsx" {
		return errs.Invalid(errs.Field("format", "Kies csv of xlsx."))
	}
	stage := cases.Stage(q.Get("fase"))
	if stage != "" && !stage.Valid() {
		return errs.Invalid(errs.Field("fase", "Kies een fase uit de lijst."))
	}
	rows, err := h.Worklist.Export(c.Request().Context(), h.guard.Actor(c), worklist.ExportFilter{
		OnlyMine: q.Get("mijn") == "1", Stage: stage, PilotCode: q.Get("pilot")}, format)
	if err != nil {
		return err
	}
	table := [][]string{exportHeader}
	for _, r := range rows {
		table = append(table, exportLine(r))
	}
	var buf bytes.Buffer
	name := "dossiers-" + h.today().Format(time.DateOnly)
	mime := "text/csv; charset=utf-8"
	if format == "csv" {
		err = writeExportCSV(&buf, table)
	} else {
		err = writeExportXLSX(&buf, table)
		mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	if err != nil {
		return fmt.Errorf("export %s: %w", format, err)
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="`+name+"."+format+`"`)
	return c.Blob(http.StatusOK, mime, buf.Bytes())
}

// exportLine is one case as the file shows it; the case is named by the first eight
// characters of its id, as short as people can say and still unique in practice.
func exportLine(r worklist.ExportRow) []string {
	line := []string{strings.ToUpper(r.CaseID.String()[:8]), r.ClientName,
		strconv.Itoa(r.BirthDate.Year()), dutch.Stage(string(r.Stage)), r.StageEnteredOn.Format(time.DateOnly),
		textOf(r.PilotName), textOf(r.ClientManagerName), "", textOf(r.Email), "",
		strconv.Itoa(len(r.Signals))}
	if r.Phone != nil {
		line[7] = contact.PhoneDisplay(*r.Phone)
	}
	if r.LastWeek != nil {
		line[9] = hours.WeekOf(*r.LastWeek).String()
	}
	return line
}

// writeExportCSV writes the CSV Dutch Excel opens as it is. A text that Excel would
// read as a formula gets a leading apostrophe (CSV injection).
func writeExportCSV(w *bytes.Buffer, table [][]string) error {
	w.WriteString("\ufeff")
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	for _, line := range table {
		out := make([]string, len(line))
		for i, s := range line {
			out[i] = neutralise(s)
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeExportXLSX writes one sheet; every cell is a string cell (never a formula),
// except the birth year and the count of signals, which are numbers.
func writeExportXLSX(w *bytes.Buffer, table [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Dossiers"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	for i, line := range table {
		for j, s := range line {
			cell, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return err
			}
			n, numErr := strconv.Atoi(s)
			if i > 0 && (j == 2 || j == 10) && numErr == nil {
				err = f.SetCellInt(sheet, cell, int64(n))
			} else {
				err = f.SetCellStr(sheet, cell, s)
			}
			if err != nil {
				return err
			}
		}
	}
	return f.Write(w)
}
