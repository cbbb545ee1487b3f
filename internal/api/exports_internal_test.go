package api

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestNeutraliseFormulas(t *testing.T) {
	in := []string{
		"=HYPERLINK(\"x\")",
		"+1",
		"-1+1",
		"@SUM(A1)",
		"\tx",
		"\rx",
		"Amsterdam (GM0363)",
		"< 10",
		"",
	}
	want := []string{
		"'=HYPERLINK(\"x\")",
		"'+1",
		"'-1+1",
		"'@SUM(A1)",
		"'\tx",
		"'\rx",
		"Amsterdam (GM0363)",
		"< 10",
		"",
	}
	for i, s := range in {
		if got := neutraliseText(s); got != want[i] {
			t.Errorf("%q → %q, want %q", s, got, want[i])
		}
	}
}

// TestNumbersStayNumbers: a negative quartile (-249,2 in the live table) is a number in
// both CSVs and in XLSX, not a neutralised text; a text that looks like a formula is.
func TestNumbersStayNumbers(t *testing.T) {
	rows := [][]sheetCell{textRow("cijfer", "Amsterdam"),
		{textCell("dagen: 25e percentiel"), fromDutch("-249,2")},
		{textCell("aandeel"), numCell(0.4286, fmtShare)}, {
			textCell("dossiers"),
			numCell(1234, fmtInteger),
		},
		{textCell("=cmd"), textCell("-x")}}
	var dutch, tidy bytes.Buffer
	if err := writeDutchCSV(&dutch, rows); err != nil {
		t.Fatal(err)
	}
	if err := writeTidyCSV(&tidy, rows); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\ufeffcijfer;Amsterdam\n",
		"\ndagen: 25e percentiel;-249,2\n",
		"\naandeel;0,4286\n",
		"\ndossiers;1234\n",
		"\n'=cmd;'-x\n",
	} {
		if !strings.Contains(dutch.String(), want) {
			t.Errorf("Dutch CSV lacks %q:\n%s", want, dutch.String())
		}
	}
	for _, want := range []string{
		"cijfer,Amsterdam\r\n",
		"dagen: 25e percentiel,-249.2\r\n",
		"aandeel,0.4286\r\n",
		"'=cmd,'-x\r\n",
	} {
		if !strings.Contains(tidy.String(), want) || strings.HasPrefix(tidy.String(), "\ufeff") {
			t.Errorf("tidy CSV lacks %q:\n%s", want, tidy.String())
		}
	}
	var x bytes.Buffer
	if err := writeXLSXSheets(&x, []sheet{{Name: "Data", Rows: rows}}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&x)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// A numeric cell carries no type attribute (OOXML's default "n"); texts are strings.
	for cell, number := range map[string]bool{
		"B2": true,
		"B3": true,
		"B4": true,
		"A5": false,
		"B5": false,
	} {
		got, err := f.GetCellType("Data", cell)
		if isNum := got == excelize.CellTypeUnset || got == excelize.CellTypeNumber; err != nil ||
			isNum != number {
			t.Errorf("%s: type %v (%v), want number %v", cell, got, err, number)
		}
	}
	if v, _ := f.GetCellValue("Data", "B2", excelize.Options{RawCellValue: true}); v != "-249.2" {
		t.Errorf("negative quartile reads back as %q", v)
	}
	if v, _ := f.GetCellValue("Data", "B3"); v != "42.9%" {
		t.Errorf("a share is shown as %q, want 42.9%%", v)
	}
	if v, _ := f.GetCellValue("Data", "A5"); v != "'=cmd" {
		t.Errorf("formula text reads back as %q", v)
	}
}
