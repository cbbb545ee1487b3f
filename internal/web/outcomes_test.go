package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/outcomes"
)

// tableRows reads the rows of the table with the id: row header → cell texts.
func tableRows(t *testing.T, body, id string) map[string][]string {
	t.Helper()
	start := strings.Index(body, `<table class="utrecht-table" id="`+id+`"`)
	if start < 0 {
		t.Fatalf("no table %s on the page", id)
	}
	table := body[start : start+strings.Index(body[start:], "</table>")]
	rows := map[string][]string{}
	row := regexp.MustCompile(`(?s)<th[^>]*scope="row">(.*?)</th>(.*?)</tr>`)
	td := regexp.MustCompile(`(?s)<td[^>]*>(.*?)</td>`)
	for _, m := range row.FindAllStringSubmatch(table, -1) {
		var cells []string
		for _, c := range td.FindAllStringSubmatch(m[2], -1) {
			cells = append(cells, html.UnescapeString(c[1]))
		}
		rows[html.UnescapeString(m[1])] = cells
	}
	return rows
}

// rawFigures are the figures before suppression, per municipality code, for the
// page's default period: what a reader must not learn where they are small.
func rawFigures(t *testing.T, s *site, codes []string) map[string]outcomes.Figures {
	t.Helper()
	var ms []struct {
		ID   int32
		Code string
	}
	if err := s.db.Gorm.Table("municipalities").Select("id, code").Where("code IN ?", codes).Scan(&ms).Error; err != nil {
		t.Fatal(err)
	}
	ref := outcomes.ReferenceDate(calendar.Today(time.Now()))
	pop := outcomes.Population{From: ref.AddDate(-2, 0, 0), To: ref}
	byID := map[int32]string{}
	for _, m := range ms {
		pop.Municipalities, byID[m.ID] = append(pop.Municipalities, m.ID), m.Code
	}
	figs, err := outcomes.Compute(t.Context(), s.db.Gorm, pop, ref)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]outcomes.Figures{}
	for _, f := range figs {
		if code, ok := byID[f.MunicipalityID]; ok {
			out[code] = f
		}
	}
	return out
}

var hrefOf = regexp.MustCompile(`href="([^"]+)">Download CSV<`)

func TestOutcomesAnalystComparison(t *testing.T) {
	s := newSite(t)
	a := s.as("analist.gm0772@demo.startbaan.nl")
	codes := []string{"GM0772", "GM0794", "GM0743", "GM0762"}
	start := time.Now()
	status, body := a.get("/uitkomsten?population=compare&municipalities=" + strings.Join(codes, ","))
	t.Logf("comparison page in %v", time.Since(start))
	if status != http.StatusOK {
		t.Fatalf("comparison: %d", status)
	}
	for _, want := range []string{`<svg xmlns="http://www.w3.org/2000/svg" class="sb-chart" role="img"`, `aria-labelledby="g1-aanbod-titel g1-aanbod-beschrijving"`,
		`<caption class="utrecht-table__caption"`, `scope="col"`, `scope="row"`, "In Eindhoven kreeg ", "in de vergelijking als geheel",
		"Uitkomsten van Eindhoven, Helmond, Asten en Deurne", "Basislijn 2014: 91% na 2 jaar"} {
		if !strings.Contains(body, want) {
			t.Errorf("comparison page lacks %q", want)
		}
	}
	if strings.Contains(body, "style=") {
		t.Error("inline style on the page: the CSP blocks it")
	}
	// The analyst reads no case data anywhere, so every column is protected: a stage
	// count under 10 shows as "afgeschermd", and no count under 10 is shown at all.
	raw := rawFigures(t, s, codes)
	rows := tableRows(t, body, "g1-fasen")
	small := 0
	names := map[string]string{"GM0772": "Eindhoven", "GM0794": "Helmond", "GM0743": "Asten", "GM0762": "Deurne"}
	for code, name := range names {
		cells := rows[name]
		if len(cells) != 1+len(outcomes.Stages) {
			t.Fatalf("%s: %d cells in the stage table", name, len(cells))
		}
		for i, stage := range outcomes.Stages {
			got, n := cells[i+1], raw[code].ByStage[stage]
			if n < 10 {
				small++
				if got != "afgeschermd" {
					t.Errorf("%s %s: raw %d shown as %q, want afgeschermd", name, stage, n, got)
				}
			}
			if v, err := strconv.Atoi(strings.ReplaceAll(got, ".", "")); err == nil && v < 10 {
				t.Errorf("%s %s: a count under 10 (%d) leaks", name, stage, v)
			}
		}
	}
	if small == 0 {
		t.Fatal("the demo data has no small stage count in these municipalities: the test proves nothing")
	}
}

func TestOutcomesChoicesAndExport(t *testing.T) {
	s := newSite(t)
	a := s.as("analist.gm0772@demo.startbaan.nl")
	status, body := a.get("/uitkomsten?population=municipality&municipality=GM0772&key=settlement&cohort=year")
	if status != http.StatusOK {
		t.Fatalf("by year of settlement: %d", status)
	}
	for _, want := range []string{`<option value="year" selected>`, `<option value="settlement" selected>`, "de vestiging in de gemeente",
		`<h3 class="utrecht-heading-3" id="g1">Groep 20`} {
		if !strings.Contains(body, want) {
			t.Errorf("cohort switch: page lacks %q", want)
		}
	}
	m := hrefOf.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no CSV link")
	}
	link, err := url.Parse(html.UnescapeString(m[1]))
	if err != nil {
		t.Fatal(err)
	}
	q := link.Query()
	if link.Path != "/api/v1/outcome-exports" || q.Get("format") != "csv" || q.Get("municipalities") != "GM0772" ||
		q.Get("key") != "settlement" || q.Get("cohort") != "year" || !strings.HasSuffix(q.Get("from"), "-01") {
		t.Errorf("CSV link %s does not carry the page's choices", link)
	}
	resp, err := a.client.Get(s.url + link.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("export: %d %s, want 200 text/csv", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	tests := []struct {
		name, query, field, kept string
	}{
		{"month not a month", "from=2024-13", "from", `value="2024-13"`},
		{"end before start", "from=2025-06&to=2025-01", "to", `value="2025-01"`},
		{"compare one municipality", "population=compare&municipalities=GM0772", "municipalities", `id="cmp-GM0772" name="municipalities" value="GM0772" checked`},
		{"unknown cohort width", "cohort=week", "cohort", `<option value="month">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := a.get("/uitkomsten?" + tt.query)
			if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-`+tt.field+`"`) || !strings.Contains(body, tt.kept) {
				t.Errorf("%s: %d, want 400 with the error beside %s and the choice kept", tt.query, status, tt.field)
			}
			if strings.Contains(body, "<svg") {
				t.Error("a report beside invalid choices")
			}
		})
	}
}

func TestOutcomesMinistryNational(t *testing.T) {
	s := newSite(t)
	m := s.as("ministerie@demo.startbaan.nl")
	start := time.Now()
	status, body := m.get("/uitkomsten")
	t.Logf("national page in %v", time.Since(start))
	if status != http.StatusOK {
		t.Fatalf("national dashboard: %d", status)
	}
	for _, want := range []string{`id="population-national" name="population" value="national" checked`, "Uitkomsten van alle gemeenten (landelijk)",
		"Landelijk totaal", "Basislijn 2014: 91% na 2 jaar", "Landelijke basislijn: CBS-cohort statushouders", "Startbaan arbeidsmarktregio Helmond-De Peel",
		"Alle cijfers zijn beschermd"} {
		if !strings.Contains(body, want) {
			t.Errorf("national dashboard lacks %q", want)
		}
	}
	rows := tableRows(t, body, "g1-aanbod-tabel")
	for _, name := range []string{"Amsterdam", "Rotterdam", "Asten", "Landelijk totaal"} {
		if _, ok := rows[name]; !ok {
			t.Errorf("no row for %s in the national offer table", name)
		}
	}
}

func TestOutcomesClientManagerSeesOwnInDetail(t *testing.T) {
	s := newSite(t)
	k := s.as("klantmanager.gm0772@demo.startbaan.nl")
	status, body := k.get("/uitkomsten")
	if status != http.StatusOK {
		t.Fatalf("own municipality: %d", status)
	}
	if !strings.Contains(body, "De cijfers van Eindhoven ziet u volledig") {
		t.Error("the client manager is not told the figures are whole")
	}
	raw := rawFigures(t, s, []string{"GM0772"})["GM0772"]
	rows := tableRows(t, body, "g1-trechter-tabel")
	for _, stage := range outcomes.Stages {
		cells := rows[map[string]string{"aangemeld": "Aangemeld", "gevestigd": "Gevestigd", "uitkering_aangevraagd": "Uitkering aangevraagd",
			"baan_aangeboden": "Baan aangeboden", "aan_het_werk": "Aan het werk", "uitgestroomd": "Uitgestroomd", "afgesloten": "Afgesloten"}[stage]]
		if got := cells[len(cells)-1]; got != strconv.Itoa(raw.ByStage[stage]) {
			t.Errorf("%s now: %q, want the whole count %d", stage, got, raw.ByStage[stage])
		}
	}
	if strings.Contains(body, "sb-hidden-cell") || strings.Contains(body, "-afgeschermd)") {
		t.Error("something is suppressed in the client manager's own municipality")
	}
}
