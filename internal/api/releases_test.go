package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/startbaan/startbaan/internal/users"
)

// newRelease inserts a voorlopig release of the given month with cells for both
// matrix municipalities (2026 cohort by year on the benefit application): a count, a
// suppressed stage count, a share with its interval and a negative quartile.
func (m *matrix) newRelease(month int) int {
	var id int
	if err := m.db.Raw(`INSERT INTO releases (reference_date, status, definitions_version, method, parameters)
		VALUES (make_date(2026 + (? - 1) / 12, (? - 1) % 12 + 1, 1), 'voorlopig', '2026-11', 'cell-key', '{"maxNoise":3,"minCount":10}')
		RETURNING id`, month, month).Scan(&id).Error; err != nil || id == 0 {
		m.t.Fatalf("release: %v", err)
	}
	for _, code := range []string{own, other} {
		if err := m.db.Exec(`INSERT INTO release_cells (release_id, population, population_code, cohort_key, cohort_width, cohort,
			split, split_value, figure, value, lower, upper, denominator, status) VALUES
			(?, 'gemeente', ?, 'benefitApplication', 'year', '2026', '', '', 'cases', 13, NULL, NULL, NULL, 'gepubliceerd'),
			(?, 'gemeente', ?, 'benefitApplication', 'year', '2026', '', '', 'stage.aan_het_werk', NULL, NULL, NULL, NULL, 'afgeschermd'),
			(?, 'gemeente', ?, 'benefitApplication', 'year', '2026', '', '', 'share.onBenefitAfter24Months', NULL, NULL, NULL, NULL, 'nog_niet_bekend'),
			(?, 'gemeente', ?, 'benefitApplication', 'year', '2026', '', '', 'share.mapCompleted', 0.4615, 0.2321, 0.7086, 13, 'gepubliceerd'),
			(?, 'gemeente', ?, 'benefitApplication', 'year', '2026', '', '', 'duration.settlementToApplication.p25', -12.5, NULL, NULL, NULL, 'gepubliceerd')`,
			id, code, id, code, id, code, id, code, id, code).Error; err != nil {
			m.t.Fatalf("release cells: %v", err)
		}
	}
	return id
}

// someRelease is a release that stays (never withdrawn) for the matrix's readers.
func (m *matrix) someRelease() int {
	var id int
	m.db.Raw(`SELECT id FROM releases WHERE reference_date = '2026-11-01'`).Scan(&id)
	if id == 0 {
		id = m.newRelease(11)
	}
	return id
}

// TestOutcomesWhoSeesWhat: twelve cases that applied in 2026 in each municipality, 3
// at work. Every outcome reader of a municipality (the analyst too) sees it whole and
// live; anything else — another municipality, a comparison, the ministry's view —
// comes from the newest release not withdrawn, never from live data; without a
// release, a clear 409 and no figure.
func TestOutcomesWhoSeesWhat(t *testing.T) {
	m := newMatrix(t)
	for _, mun := range []string{own, other} {
		for i := 0; i < 12; i++ {
			id := m.newCase(mun, 2)
			if i < 3 {
				m.db.Exec(
					`UPDATE cases SET stage = 'aan_het_werk', job_offered_on = '2026-01-20', work_started_on = '2026-02-01' WHERE id = ?`,
					id,
				)
			}
		}
	}
	an := m.with(m.session(m.newUser("an@matrix.example", users.Grant{Role: "analist", Domain: own})))
	szw := m.with(
		m.session(m.newUser("szw@matrix.example", users.Grant{Role: "ministerie", Domain: "NL"})),
	)
	const period = "&from=2026-01-01&to=2027-01-01"
	type answer struct {
		Source struct {
			Kind          string
			Release       int
			ReferenceDate string
			Status        string
		}
		Groups []struct {
			Cohort         string
			Municipalities []struct {
				Detail  bool
				ByStage map[string]struct {
					Value      *int
					Suppressed bool
				}
			}
			Figures map[string][]struct {
				Figure string
				Value  *float64
				Status string
			}
		}
		Baseline *struct{ CompareWith string }
	}
	read := func(who *caller, query string, want int) (a answer, body string) {
		t.Helper()
		s, body := m.send(who, call{method: "GET", path: "/api/v1/outcomes?" + query + period})
		if s != want {
			t.Fatalf("%s: %d, want %d: %s", query, s, want, body)
		}
		if s == 200 {
			if err := json.Unmarshal([]byte(body), &a); err != nil {
				t.Fatal(err)
			}
		}
		return a, body
	}
	a, _ := read(an, "municipalities="+own, 200)
	if a.Source.Kind != "live" || len(a.Groups) != 1 || !a.Groups[0].Municipalities[0].Detail ||
		a.Groups[0].Municipalities[0].ByStage["aan_het_werk"].Value == nil ||
		*a.Groups[0].Municipalities[0].ByStage["aan_het_werk"].Value != 3 {
		t.Errorf("the analyst's own municipality is not whole and live: %+v", a)
	}
	if a.Baseline != nil {
		t.Error("the CBS baseline beside a benefit-application cohort")
	}
	for _, q := range []string{
		"municipalities=" + other,
		"municipalities=" + own + "," + other,
		"pilot=x",
	} {
		if _, body := read(an, q, 409); !strings.Contains(body, "nog geen publicatie") {
			t.Errorf("%s without a release: %s", q, body)
		}
	}
	if _, body := read(szw, "municipalities="+own, 409); strings.Contains(body, `"byStage"`) {
		t.Error("the ministry got live figures")
	}
	id := m.newRelease(11)
	a, body := read(an, "municipalities="+other+"&cohort=year", 200)
	if a.Source.Kind != "release" || a.Source.Release != id ||
		a.Source.ReferenceDate != "2026-11-01" || a.Source.Status != "voorlopig" ||
		len(a.Groups) != 1 || a.Groups[0].Cohort != "2026" || len(a.Groups[0].Figures[other]) != 5 ||
		strings.Contains(body, `"byStage"`) {
		t.Errorf("another municipality not from the release: %s", body)
	}
	a, _ = read(szw, "municipalities="+own+","+other+"&key=residencePermit", 200)
	if a.Source.Kind != "release" || a.Baseline == nil ||
		a.Baseline.CompareWith != "onBenefitAfter24Months" {
		t.Errorf("the ministry's comparison: %+v", a)
	}
	if _, body := read(
		szw,
		"municipalities="+own+"&cohort=month",
		400,
	); !strings.Contains(body, "kwartaal") {
		t.Errorf("a month cohort from a release: %s", body)
	}
	// The export of another municipality is the release's, numbers as numbers.
	s, csv := m.send(
		an,
		call{method: "GET", path: "/api/v1/outcome-exports?format=csv&municipalities=" + other + period},
	)
	if s != 200 || !strings.HasPrefix(csv, "\ufeffpopulatie;code;") ||
		!strings.Contains(csv, ";share.mapCompleted;0,4615;0,2321;0,7086;13;gepubliceerd;") ||
		!strings.Contains(csv, ";-12,5;") || strings.Contains(csv, "'-12") {
		t.Errorf("csv export from the release: %d %q", s, csv)
	}
	// Withdrawn: readers no longer get it by default, but may still pick it.
	s, body = m.send(
		szw,
		call{
			method: "POST",
			path:   fmt.Sprintf("/api/v1/releases/%d/withdrawal", id),
			body:   `{"reason":"Fout in de bron"}`,
		},
	)
	if s != 201 || !strings.Contains(body, `"status":"ingetrokken"`) {
		t.Fatalf("withdrawal: %d %s", s, body)
	}
	read(an, "municipalities="+other, 409)
	if a, _ := read(
		an,
		fmt.Sprintf("municipalities=%s&release=%d", other, id),
		200,
	); a.Source.Status != "ingetrokken" {
		t.Errorf("a withdrawn release picked: %+v", a.Source)
	}
}

// TestReleaseAPI: list, one release, its cells filtered and paged, the exports (XLSX
// read back with excelize: numeric cells, a metadata sheet) and a withdrawal's rules.
func TestReleaseAPI(t *testing.T) {
	m := newMatrix(t)
	id := m.newRelease(11)
	an := m.with(m.session(m.newUser("an@matrix.example", users.Grant{Role: "analist", Domain: own})))
	szw := m.with(
		m.session(m.newUser("szw@matrix.example", users.Grant{Role: "ministerie", Domain: "NL"})),
	)
	if s, body := m.send(an, call{method: "GET", path: "/api/v1/releases"}); s != 200 ||
		!strings.Contains(body, fmt.Sprintf(`"id":%d`, id)) {
		t.Errorf("list: %d %s", s, body)
	}
	if s, body := m.send(
		an,
		call{method: "GET", path: fmt.Sprintf("/api/v1/releases/%d", id)},
	); s != 200 ||
		!strings.Contains(body, `"method":"cell-key"`) {
		t.Errorf("get: %d %s", s, body)
	}
	if s, _ := m.send(an, call{method: "GET", path: "/api/v1/releases/999999"}); s != 404 {
		t.Errorf("unknown release: %d", s)
	}
	var page struct {
		Cells []struct {
			PopulationCode, Figure, Status string
			Value                          *float64
		}
		Total   int
		HasMore bool
	}
	s, body := m.send(
		an,
		call{
			method: "GET",
			path: fmt.Sprintf(
				"/api/v1/releases/%d/cells?municipality=%s&figure=share.&pageSize=1",
				id,
				other,
			),
		},
	)
	if err := json.Unmarshal([]byte(body), &page); s != 200 || err != nil || page.Total != 2 ||
		!page.HasMore || len(page.Cells) != 1 ||
		page.Cells[0].PopulationCode != other || !strings.HasPrefix(page.Cells[0].Figure, "share.") {
		t.Errorf("cells: %d %s", s, body)
	}
	s, tidy := m.send(
		an,
		call{
			method: "GET",
			path:   fmt.Sprintf("/api/v1/releases/%d/exports?format=tidy-csv&municipality=%s", id, other),
		},
	)
	if s != 200 || !strings.HasPrefix(tidy, "population,populationCode,") ||
		!strings.Contains(tidy, ",stage.aan_het_werk,,,,,suppressed\r\n") ||
		!strings.Contains(tidy, ",share.onBenefitAfter24Months,,,,,not yet known\r\n") ||
		!strings.Contains(tidy, ",-12.5,,,,published\r\n") {
		t.Errorf("tidy csv: %d %q", s, tidy)
	}
	s, x := m.send(
		szw,
		call{method: "GET", path: fmt.Sprintf("/api/v1/releases/%d/exports?format=xlsx", id)},
	)
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x)))
	if s != 200 || err != nil {
		t.Fatalf("xlsx: %d %v", s, err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 2 || sheets[0] != "Publicatie" ||
		sheets[1] != "Cijfers" {
		t.Errorf("sheets %v", sheets)
	}
	meta, _ := f.GetRows("Publicatie")
	joined := fmt.Sprint(meta)
	for _, want := range []string{
		"peildatum 2026-11-01",
		"status voorlopig",
		"beschermingsmethode cell-key",
		"versie van de definities 2026-11",
		"maxNoise",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("metadata lacks %q: %s", want, joined)
		}
	}
	rows, _ := f.GetRows("Cijfers")
	numbers := 0
	for i, r := range rows {
		if i == 0 || len(r) < 9 || r[8] == "" {
			continue
		}
		cell, _ := excelize.CoordinatesToCellName(9, i+1)
		typ, _ := f.GetCellType("Cijfers", cell)
		raw, _ := f.GetCellValue("Cijfers", cell, excelize.Options{RawCellValue: true})
		if typ != excelize.CellTypeUnset && typ != excelize.CellTypeNumber {
			t.Errorf("%s %q is a text cell", cell, raw)
		}
		if raw == "-12.5" {
			numbers++
		}
	}
	if numbers != 2 {
		t.Errorf("%d negative quartiles as numbers, want 2", numbers)
	}
	if s, _ := m.send(
		an,
		call{
			method: "POST",
			path:   fmt.Sprintf("/api/v1/releases/%d/withdrawal", id),
			body:   `{"reason":"x"}`,
		},
	); s != 403 {
		t.Errorf("an analyst withdrew a release: %d", s)
	}
	if s, _ := m.send(
		szw,
		call{
			method: "POST",
			path:   fmt.Sprintf("/api/v1/releases/%d/withdrawal", id),
			body:   `{"reason":" "}`,
		},
	); s != 400 {
		t.Errorf("a withdrawal without a reason: %d", s)
	}
	m.send(
		szw,
		call{
			method: "POST",
			path:   fmt.Sprintf("/api/v1/releases/%d/withdrawal", id),
			body:   `{"reason":"Fout"}`,
		},
	)
	if s, _ := m.send(
		szw,
		call{
			method: "POST",
			path:   fmt.Sprintf("/api/v1/releases/%d/withdrawal", id),
			body:   `{"reason":"Nog eens"}`,
		},
	); s != 409 {
		t.Errorf("a second withdrawal: %d", s)
	}
}
