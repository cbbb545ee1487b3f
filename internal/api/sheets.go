package api

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetCell is one cell of an export: a number (Num set) or a text. Numbers stay
// numbers in every format — a spreadsheet sorts and sums them — and only texts are
// neutralised against formula injection.
type sheetCell struct {
	Text   string
	Num    *float64
	Format numFormat
}

// numFormat says how a number is shown: in XLSX a number format, in the CSVs the
// number of decimals.
type numFormat int

const (
	fmtGeneral  numFormat = iota // as computed, up to 4 decimals
	fmtInteger                   // counts and days
	fmtShare                     // a fraction shown as a percentage in XLSX
	fmtDecimal1                  // means of hours, wages
)

func textCell(s string) sheetCell { return sheetCell{Text: s} }

func numCell(v float64, f numFormat) sheetCell { return sheetCell{Num: &v, Format: f} }

// dutchNumber matches a number as the live report's table writes it: 12, -249,2, 0,4286.
var dutchNumber = regexp.MustCompile(`^-?[0-9]+(,[0-9]+)?$`)

// fromDutch turns a table text of the live report into a cell: a number when it is
// one, so that "-249,2" (a negative quartile) stays a number rather than a text.
func fromDutch(s string) sheetCell {
	if dutchNumber.MatchString(s) {
		if v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64); err == nil {
			return numCell(v, fmtGeneral)
		}
	}
	return textCell(s)
}

func fromDutchRows(rows [][]string) [][]sheetCell {
	out := make([][]sheetCell, len(rows))
	for i, r := range rows {
		out[i] = make([]sheetCell, len(r))
		for j, s := range r {
			out[i][j] = fromDutch(s)
		}
	}
	return out
}

func textRow(texts ...string) []sheetCell {
	out := make([]sheetCell, len(texts))
	for i, s := range texts {
		out[i] = textCell(s)
	}
	return out
}

// number writes v with the decimals its format asks for; the decimal separator is
// sep ("," for Dutch Excel, "." for statisticians).
func (c sheetCell) number(sep string) string {
	digits := -1
	switch c.Format {
	case fmtInteger:
		if *c.Num == float64(int64(*c.Num)) { // a format never rounds a value away
			digits = 0
		}
	case fmtDecimal1:
		digits = 1
	case fmtShare, fmtGeneral:
		digits = -1
	}
	s := strconv.FormatFloat(*c.Num, 'f', digits, 64)
	if digits < 0 && strings.Contains(s, ".") && len(s)-strings.Index(s, ".") > 5 {
		s = strconv.FormatFloat(*c.Num, 'f', 4, 64)
	}
	return strings.Replace(s, ".", sep, 1)
}

func (c sheetCell) csvText(sep string) string {
	if c.Num != nil {
		return c.number(sep)
	}
	return neutraliseText(c.Text)
}

// writeDutchCSV writes the CSV that Dutch Excel opens as is: UTF-8 with BOM, ';' and a
// decimal comma.
func writeDutchCSV(w *bytes.Buffer, rows [][]sheetCell) error {
	w.WriteString("\ufeff") // the BOM makes Excel read UTF-8
	return writeCSVRows(w, rows, ';', ",")
}

// writeTidyCSV writes RFC 4180 CSV for statistical software: ',' and a decimal point,
// no BOM, CRLF line ends.
func writeTidyCSV(w *bytes.Buffer, rows [][]sheetCell) error {
	return writeCSVRows(w, rows, ',', ".")
}

func writeCSVRows(w *bytes.Buffer, rows [][]sheetCell, comma rune, sep string) error {
	cw := csv.NewWriter(w)
	cw.Comma, cw.UseCRLF = comma, comma == ','
	for _, r := range rows {
		out := make([]string, len(r))
		for i, c := range r {
			out[i] = c.csvText(sep)
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// sheet is one worksheet of an XLSX export.
type sheet struct {
	Name string
	Rows [][]sheetCell
}

// writeXLSXSheets writes the sheets with numbers as numeric cells in their number
// format (counts as integers, shares as percentages, means with one decimal).
func writeXLSXSheets(w *bytes.Buffer, sheets []sheet) error {
	f := excelize.NewFile()
	defer f.Close()
	styles, err := numberStyles(f)
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.Name)
		} else {
			_, err = f.NewSheet(s.Name)
		}
		if err != nil {
			return err
		}
		if err := writeSheetRows(f, s, styles); err != nil {
			return err
		}
	}
	return f.Write(w)
}

func numberStyles(f *excelize.File) (map[numFormat]int, error) {
	formats := map[numFormat]string{fmtInteger: "#,##0", fmtShare: "0.0%", fmtDecimal1: "0.0"}
	out := map[numFormat]int{fmtGeneral: 0} // the default style: Excel's General format
	for k, code := range formats {
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			return nil, err
		}
		out[k] = id
	}
	return out, nil
}

func writeSheetRows(f *excelize.File, s sheet, styles map[numFormat]int) error {
	for i, r := range s.Rows {
		for j, c := range r {
			name, err := excelize.CoordinatesToCellName(j+1, i+1)
			if err != nil {
				return err
			}
			if c.Num == nil {
				if err := f.SetCellStr(s.Name, name, neutraliseText(c.Text)); err != nil {
					return err
				}
				continue
			}
			if err := f.SetCellFloat(s.Name, name, *c.Num, -1, 64); err != nil {
				return err
			}
			if id := styles[c.Format]; id != 0 {
				if err := f.SetCellStyle(s.Name, name, name, id); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// neutraliseText keeps a spreadsheet from reading a text cell as a formula (CSV
// injection): a text that starts with = + - @, a tab or a carriage return gets a
// leading quote. Numbers are never texts here, so a negative number stays a number.
func neutraliseText(c string) string {
	if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
		return "'" + c
	}
	return c
}
