package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
)

// releasedData is the demo data with this month's release built from it, as the
// monthly job builds it.
var releasedData = dbtest.Seed{Name: "demo-release",
	Fill: func(ctx context.Context, db *database.DB) error {
		if err := demoData.Fill(ctx, db); err != nil {
			return err
		}
		today := calendar.Today(time.Now())
		_, err := releases.Build(ctx, db, outcomes.ReferenceDate(today), today)
		return err
	}}

var (
	releaseHeading = regexp.MustCompile(`<h3 class="utrecht-heading-3" id="(pub\d+)">([^<]*)</h3>`)
	sourceLine     = regexp.MustCompile(
		`Bron: publicatie nr\. (\d+), peildatum (\d+ [a-z]+ \d{4}), (voorlopig|definitief)\.`,
	)
)

// releaseTablesOf reads the page's release tables: heading → row label → cells.
func releaseTablesOf(t *testing.T, body string) map[string]map[string][]string {
	t.Helper()
	out := map[string]map[string][]string{}
	for _, m := range releaseHeading.FindAllStringSubmatch(body, -1) {
		out[html.UnescapeString(m[2])] = tableRows(t, body, m[1]+"-tabel")
	}
	return out
}

// shown is how the page must show a release cell.
func shown(c releases.Cell) string {
	switch {
	case c.Status == releases.CellSuppressed:
		return "afgeschermd"
	case c.Status == releases.CellNotYet:
		return "nog niet bekend"
	}
	return strconv.FormatFloat(*c.Value, 'f', -1, 64)
}

// checkFromRelease: every count the page shows for the columns (in order) is the
// release's cell, for every cohort; no count of 1 to 9 appears anywhere. It returns
// how many cells were suppressed.
func checkFromRelease(
	t *testing.T,
	s *site,
	body string,
	id int,
	f releases.CellFilter,
	columns []string,
) int {
	t.Helper()
	cells, err := releases.Cells(t.Context(), s.db.Gorm, id, f)
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) == 0 {
		t.Fatal("the release has no cells for the question: the test proves nothing")
	}
	tables := releaseTablesOf(t, body)
	suppressed, checked := 0, 0
	for _, c := range cells {
		if releaseview.KindOf(c.Figure) != releaseview.KindCount {
			continue
		}
		rows, ok := tables["Cohort "+c.Cohort]
		if !ok {
			t.Fatalf("no table for cohort %s among %d", c.Cohort, len(tables))
		}
		col := slices.Index(columns, c.PopulationCode)
		row := rows[releaseview.Label(c.Figure)]
		if col < 0 || col >= len(row) {
			t.Fatalf("%s %s %s: no cell on the page (row %v)", c.Cohort, c.PopulationCode, c.Figure, row)
		}
		if got, want := row[col], shown(c); got != want {
			t.Errorf("%s %s %s: page %q, release %q", c.Cohort, c.PopulationCode, c.Figure, got, want)
		}
		if c.Status == releases.CellSuppressed {
			suppressed++
		}
		checked++
	}
	for heading, rows := range tables {
		for label, row := range rows {
			for _, v := range row {
				if n, err := strconv.Atoi(v); err == nil && n > 0 && n < 10 && countRow(label) {
					t.Errorf("%s, %s: a count under 10 (%d) on the page", heading, label, n)
				}
			}
		}
	}
	t.Logf("%d release cells checked on the page, %d suppressed", checked, suppressed)
	return suppressed
}

func newestRelease(t *testing.T, s *site) releases.Release {
	t.Helper()
	r, err := releases.Newest(t.Context(), s.db.Gorm)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestOutcomesComparisonFromRelease: an analyst comparing her municipality with three
// others gets every column — her own too, since the comparison is not hers alone —
// from the newest release, by year (a release has no "whole period"), with the source
// line; no live figure and no count under 10.
func TestOutcomesComparisonFromRelease(t *testing.T) {
	s := newSiteOn(t, releasedData)
	rel := newestRelease(t, s)
	a := s.as("analist.gm0772@demo.startbaan.nl")
	codes := []string{"GM0743", "GM0762", "GM0772", "GM0794"} // the columns in code order
	start := time.Now()
	status, body := a.get("/uitkomsten?population=compare&municipalities=" + strings.Join(codes, ","))
	t.Logf("comparison page in %v", time.Since(start))
	if status != http.StatusOK {
		t.Fatalf("comparison: %d", status)
	}
	m := sourceLine.FindStringSubmatch(body)
	ref := rel.ReferenceDate
	if m == nil || m[1] != strconv.Itoa(rel.ID) || m[3] != "voorlopig" ||
		m[2] != fmt.Sprintf("1 %s %d", []string{"januari", "februari", "maart", "april", "mei", "juni",
			"juli", "augustus",
			"september", "oktober", "november", "december"}[ref.Month()-1], ref.Year()) {
		t.Errorf("source line %v, want release %d of %s", m, rel.ID, ref.Format(time.DateOnly))
	}
	for _, want := range []string{`<option value="year" selected>`,
		`<caption class="utrecht-table__caption"`, `scope="col"`, `scope="row"`,
		">Asten</th>", ">Helmond</th>", "Download CSV"} {
		if !strings.Contains(body, want) {
			t.Errorf("comparison page lacks %q", want)
		}
	}
	for _, bad := range []string{"style=", "Live: eigen gemeente", "ziet u volledig"} {
		if strings.Contains(body, bad) {
			t.Errorf("comparison page has %q", bad)
		}
	}
	noSplit := ""
	if checkFromRelease(t, s, body, rel.ID,
		releases.CellFilter{Population: releases.PopulationMunicipality, Codes: codes,
			CohortKey: "benefitApplication", CohortWidth: "year", Split: &noSplit}, codes) == 0 {
		t.Error("nothing suppressed in four municipalities, two of them small: the test proves little")
	}
	if !strings.Contains(body, `aria-describedby="pub1-tabel-noot"`) {
		t.Error("the suppressed cells are not explained beside their table")
	}

	// A month cohort exists only live, for the own municipality.
	status, body = a.get(
		"/uitkomsten?population=compare&cohort=month&municipalities=" + strings.Join(codes, ","),
	)
	if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-cohort"`) ||
		strings.Contains(body, "Bron: publicatie") {
		t.Errorf("month cohorts from a release: %d, want 400 beside the cohort field", status)
	}
}

// TestOutcomesMinistryNationalFromRelease: the ministry's default page is the country
// from the newest release, by year of the residence permit, with the CBS baseline box.
func TestOutcomesMinistryNationalFromRelease(t *testing.T) {
	s := newSiteOn(t, releasedData)
	rel := newestRelease(t, s)
	start := time.Now()
	status, body := s.as("ministerie@demo.startbaan.nl").get("/uitkomsten")
	t.Logf("national page in %v", time.Since(start))
	if status != http.StatusOK {
		t.Fatalf("national dashboard: %d", status)
	}
	for _, want := range []string{`id="population-national" name="population" value="national" checked`,
		`<option value="residencePermit" selected>`,
		`<option value="year" selected>`, "Bron: publicatie nr. " + strconv.Itoa(rel.ID) +
			",", ">Landelijk totaal</th>",
		`id="basislijn-verschillen"`} {
		if !strings.Contains(body, want) {
			t.Errorf("national dashboard lacks %q", want)
		}
	}
	noSplit := ""
	checkFromRelease(t, s, body, rel.ID, releases.CellFilter{Population: releases.PopulationNational,
		Codes:     []string{releases.NationalCode},
		CohortKey: "residencePermit", CohortWidth: "year", Split: &noSplit}, []string{
		releases.NationalCode,
	})

	// A pilot: its municipalities and its total, side by side.
	status, body = s.as("ministerie@demo.startbaan.nl").get(
		"/uitkomsten?population=pilot&pilot=helmond-de-peel&key=benefitApplication&cohort=quarter",
	)
	if status != http.StatusOK || !strings.Contains(body, ">Totaal van de pilot ") ||
		!strings.Contains(body, ">Asten</th>") {
		t.Errorf("pilot from a release: %d", status)
	}
	if strings.Contains(body, "basislijn") {
		t.Error("the baseline beside benefit-application cohorts")
	}
}

// TestOutcomesReleaseSplitHeadings: another municipality by quarter and gender, from
// the release: each group headed in plain Dutch, listed at the top, its table's
// caption naming the group.
func TestOutcomesReleaseSplitHeadings(t *testing.T) {
	s := newSiteOn(t, releasedData)
	status, body := s.as("analist.gm0772@demo.startbaan.nl").get(
		"/uitkomsten?population=municipality&municipality=GM0599&split=gender&cohort=quarter",
	)
	if status != http.StatusOK {
		t.Fatalf("%d", status)
	}
	allowed := regexp.MustCompile(
		`^Cohort [1-4]e kwartaal 20\d\d, geslacht: (man|vrouw|x \(anders of onbekend\))$`,
	)
	var heads []string
	for _, m := range releaseHeading.FindAllStringSubmatch(body, -1) {
		h := html.UnescapeString(m[2])
		heads = append(heads, h)
		if !allowed.MatchString(h) {
			t.Errorf("group heading %q", h)
		}
	}
	if len(heads) < 4 {
		t.Fatalf("%d group headings: %v", len(heads), heads)
	}
	if !strings.Contains(
		body,
		`<p class="utrecht-paragraph" id="groepen-kop">Groepen in dit overzicht (`+
			strconv.Itoa(len(heads))+`):</p>`,
	) ||
		!strings.Contains(body, `<a class="utrecht-link" href="#pub2">`) {
		t.Error("no list of the groups at the top")
	}
	caption := regexp.MustCompile(
		`<caption class="utrecht-table__caption" id="pub\d+-tabel-bijschrift">Cijfers \(cohort [1-4]e kwartaal 20\d\d, geslacht: (man|vrouw|anders of onbekend)\)</caption>`,
	)
	if n := len(caption.FindAllString(body, -1)); n != len(heads) {
		t.Errorf("%d captions name their group, want %d", n, len(heads))
	}
}

// TestOutcomesNoReleaseYet: before the first release, a question about others gets a
// plain Dutch notice and no figure; the own municipality is still live.
func TestOutcomesNoReleaseYet(t *testing.T) {
	s := newSite(t)
	a := s.as("analist.gm0772@demo.startbaan.nl")
	status, body := a.get("/uitkomsten?population=compare&municipalities=GM0772,GM0794")
	if status != http.StatusOK || !strings.Contains(body, "Er is nog geen publicatie.") {
		t.Fatalf("no release: %d, want 200 with the notice", status)
	}
	if strings.Contains(body, "utrecht-table__cell") || strings.Contains(body, "Download CSV") {
		t.Error("figures on the page without a release")
	}
	if status, body = a.get("/uitkomsten"); status != http.StatusOK ||
		!strings.Contains(body, "Live: eigen gemeente.") {
		t.Errorf("own municipality without a release: %d", status)
	}
}

// insertRelease adds a voorlopig release of the reference date with national cells of
// the 2024 residence-permit cohort: a count, a suppressed count, a Kaplan-Meier figure
// not yet known, the baseline's share with interval and number followed.
func insertRelease(t *testing.T, s *site, reference string, cases int) int {
	t.Helper()
	var id int
	if err := s.db.Gorm.Raw(`INSERT INTO releases (reference_date, status, definitions_version, method, parameters)
		VALUES (?, 'voorlopig', '2026-11', 'cell-key', '{"maxNoise":3,"minCount":10}') RETURNING id`, reference).Scan(&id).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.db.Gorm.Exec(`INSERT INTO release_cells (release_id, population, population_code, cohort_key, cohort_width, cohort,
		split, split_value, figure, value, lower, upper, denominator, status) VALUES
		(?, 'nationaal', 'NL', 'residencePermit', 'year', '2024', '', '', 'cases', ?, NULL, NULL, NULL, 'gepubliceerd'),
		(?, 'nationaal', 'NL', 'residencePermit', 'year', '2024', '', '', 'stage.aangemeld', NULL, NULL, NULL, NULL, 'afgeschermd'),
		(?, 'nationaal', 'NL', 'residencePermit', 'year', '2024', '', '', 'atWork.24m', NULL, NULL, NULL, NULL, 'nog_niet_bekend'),
		(?, 'nationaal', 'NL', 'residencePermit', 'year', '2024', '', '', 'share.onBenefitAfter24Months', 0.62, 0.55, 0.69, 134, 'gepubliceerd')`,
		id, cases, id, id, id).Error; err != nil {
		t.Fatal(err)
	}
	return id
}

// TestOutcomesReleaseStatusesAndBaseline: a release's statuses read in Dutch with a
// note tied to the table that names no count but the threshold; the CBS baseline only
// on the residence-permit key, beside the same measure with its interval and number
// followed and a box of what differs, with no causal wording; an older release on
// request.
func TestOutcomesReleaseStatusesAndBaseline(t *testing.T) {
	s := newSite(t)
	older := insertRelease(t, s, "2026-10-01", 251)
	newer := insertRelease(t, s, "2026-11-01", 250)
	m := s.as("ministerie@demo.startbaan.nl")
	const q = "/uitkomsten?population=national&key=residencePermit&cohort=year&from=2024-01&to=2024-12"
	status, body := m.get(q)
	if status != http.StatusOK ||
		!strings.Contains(
			body,
			"Bron: publicatie nr. "+strconv.Itoa(newer)+", peildatum 1 november 2026, voorlopig.",
		) {
		t.Fatalf("newest release: %d", status)
	}
	rows := releaseTablesOf(t, body)["Cohort 2024"]
	for label, want := range map[string]string{"dossiers in het cohort": "250",
		"in fase: aangemeld":          "afgeschermd",
		"aan het werk na: 24 maanden": "nog niet bekend", "aandeel: in de uitkering na 24 maanden": "62% (55%–69%)"} {
		if got := rows[label]; len(got) != 1 || got[0] != want {
			t.Errorf("%s: %v, want %s", label, got, want)
		}
	}
	note := regexp.MustCompile(
		`<p class="utrecht-paragraph sb-table-note" id="pub1-tabel-noot">([^<]*)</p>`,
	).FindStringSubmatch(body)
	if note == nil || !strings.Contains(body, `id="pub1-tabel" aria-describedby="pub1-tabel-noot"`) {
		t.Fatal("no note tied to the table with hidden cells")
	}
	if digits := regexp.MustCompile(`\d+`).FindAllString(note[1], -1); strings.Join(digits, ",") != "10" {
		t.Errorf("the note carries numbers %v", digits)
	}
	base := tableRows(t, body, "basislijn-cijfers")["Cohort 2024, Landelijk totaal"]
	if strings.Join(base, "|") != "62% (55%–69%)|134" {
		t.Errorf("baseline figure: %v, want the share with its interval and 134 followed", base)
	}
	diff := tableRows(t, body, "basislijn-verschillen")
	for _, aspect := range []string{"Populatie", "Maatstaf", "Periode", "Bron"} {
		if cells := diff[aspect]; len(cells) != 2 || cells[0] == "" || cells[1] == "" {
			t.Errorf("what differs, %s: %v", aspect, cells)
		}
	}
	lower := strings.ToLower(body)
	for _, causal := range []string{
		"dankzij",
		"effect",
		"door startbaan",
		"tegen 91%",
		"beter dan",
		"slechter dan",
		"resultaat van",
	} {
		if strings.Contains(lower, causal) {
			t.Errorf("the page invites a causal reading: %q", causal)
		}
	}

	if _, body = m.get(
		strings.Replace(q, "residencePermit", "benefitApplication", 1),
	); strings.Contains(body, "basislijn") ||
		strings.Contains(body, "91%") {
		t.Error("the baseline beside benefit-application cohorts")
	}
	if _, body = m.get(q + "&release=" + strconv.Itoa(older)); !strings.Contains(
		body,
		"Bron: publicatie nr. "+strconv.Itoa(older)+", peildatum 1 oktober 2026",
	) ||
		releaseTablesOf(t, body)["Cohort 2024"]["dossiers in het cohort"][0] != "251" {
		t.Error("the older release was not shown on request")
	}
}

// countRow tells whether a table row of an outcome page shows counts of cases (which
// may never be 1 to 9) rather than days, hours or euros (which may).
func countRow(label string) bool {
	for _, measure := range []string{"dagen", "gemiddeld", "uurloon"} {
		if strings.Contains(label, measure) {
			return false
		}
	}
	return true
}
