package web_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
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
		`<h3 class="utrecht-heading-3" id="g1">Cohort 20`} {
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

// TestOutcomesMinistryDefaultShowsBaseline: the ministry's default choices (cohorts by
// residence permit, as the baseline counts, over 36 whole months) include cohorts
// followed for 24 months, so the national figure stands beside the 91 % baseline.
func TestOutcomesMinistryDefaultShowsBaseline(t *testing.T) {
	s := newSite(t)
	_, body := s.as("ministerie@demo.startbaan.nl").get("/uitkomsten")
	ref := outcomes.ReferenceDate(calendar.Today(time.Now()))
	for _, want := range []string{`<option value="residencePermit" selected>`, `value="` + ref.AddDate(0, -36, 0).Format("2006-01") + `"`,
		`value="` + ref.AddDate(0, -1, 0).Format("2006-01") + `"`, "tegen 91% in de basislijn", "Trechter per stap, landelijk", "Overige cijfers, landelijk"} {
		if !strings.Contains(body, want) {
			t.Errorf("ministry's default page lacks %q", want)
		}
	}
	at24 := tableRows(t, body, "g1-uitkering-tabel")["na 24 maanden"]
	if len(at24) != 3 || !strings.HasSuffix(at24[2], "%") {
		t.Errorf("on benefit after 24 months, national: %v, want a share", at24)
	}
	for _, bad := range []string{"van Landelijk totaal", "Trechter van Landelijk", "zitten afgeschermd"} {
		if strings.Contains(body, bad) {
			t.Errorf("page says %q", bad)
		}
	}
}

// TestOutcomesNobodyFollowedYet: a period that starts less than 24 months ago says
// "nog niemand 24 maanden gevolgd" instead of "afgeschermd"; the CSS-free month
// inputs keep their values.
func TestOutcomesNobodyFollowedYet(t *testing.T) {
	s := newSite(t)
	ref := outcomes.ReferenceDate(calendar.Today(time.Now()))
	from, to := ref.AddDate(0, -18, 0).Format("2006-01"), ref.AddDate(0, -1, 0).Format("2006-01")
	status, body := s.as("analist.gm0772@demo.startbaan.nl").get("/uitkomsten?population=compare&municipalities=GM0772,GM0794&from=" + from + "&to=" + to)
	if status != http.StatusOK {
		t.Fatalf("recent period: %d", status)
	}
	if got := tableRows(t, body, "g1-uitkering-tabel")["na 24 maanden"]; strings.Join(got, "|") != "n.v.t.|n.v.t.|nog niemand 24 maanden gevolgd" {
		t.Errorf("24 months: %v", got)
	}
	for name, cells := range tableRows(t, body, "g1-uitkering-vergelijking") {
		if cells[2] != "nog niemand zo lang gevolgd" {
			t.Errorf("%s, 24 months: %q", name, cells[2])
		}
	}
	if !strings.Contains(body, "Na 24 maanden is er nog geen cijfer: in deze periode is nog niemand zo lang gevolgd.") {
		t.Error("the summary does not say why there is no 24-month figure")
	}
}

// TestOutcomesSuppressedCohortExplained: a municipality whose cohort count is
// suppressed in a one-month comparison gets a note beside the stage table, tied to it
// with aria-describedby, that names both reasons and no number but the threshold.
func TestOutcomesSuppressedCohortExplained(t *testing.T) {
	s := newSite(t)
	month := outcomes.ReferenceDate(calendar.Today(time.Now())).AddDate(0, -2, 0).Format("2006-01")
	_, body := s.as("analist.gm0772@demo.startbaan.nl").get("/uitkomsten?population=compare&municipalities=GM0772,GM0794,GM0743,GM0762&from=" + month + "&to=" + month)
	var whole []string
	for name, cells := range tableRows(t, body, "g1-fasen") {
		if cells[0] == "afgeschermd" {
			whole = append(whole, name)
		}
	}
	if len(whole) == 0 {
		t.Fatal("no suppressed cohort count in a one-month comparison: the test proves nothing")
	}
	note := regexp.MustCompile(`<p class="utrecht-paragraph sb-table-note" id="g1-fasen-noot">([^<]*)</p>`).FindStringSubmatch(body)
	if note == nil || !strings.Contains(body, `id="g1-fasen" aria-describedby="g1-fasen-noot"`) {
		t.Fatal("no note tied to the stage table")
	}
	text := html.UnescapeString(note[1])
	for _, name := range whole {
		if name == "Totaal" {
			name = "het totaal"
		}
		if !strings.Contains(text, name) {
			t.Errorf("the note does not name %s: %s", name, text)
		}
	}
	if digits := regexp.MustCompile(`\d+`).FindAllString(text, -1); strings.Join(digits, ",") != "10" {
		t.Errorf("the note carries numbers %v: %s", digits, text)
	}
	if strings.Contains(body, "afgeschermd dossiers") {
		t.Error("a sentence reads “afgeschermd dossiers”")
	}
}

// TestOutcomesSplitHeadings: a report split by gender, age band or route, or grouped by
// cohort, heads each group with its dimension and value in plain Dutch, lists the
// groups at the top, and every summary within a group names the group, so that
// "afgeschermd" never reads as if all of the municipality were hidden.
func TestOutcomesSplitHeadings(t *testing.T) {
	s := newSite(t)
	a := s.as("analist.gm0772@demo.startbaan.nl")
	heading := regexp.MustCompile(`<h3 class="utrecht-heading-3" id="g\d+">([^<]*)</h3>`)
	summary := regexp.MustCompile(`<p class="utrecht-paragraph sb-figure__summary">([^<]*)</p>`)
	base := "/uitkomsten?population=municipality&municipality=GM0599"
	tests := []struct {
		split, cohort string
		want          []string // headings that must be there
		allowed       *regexp.Regexp
		qualifier     *regexp.Regexp // how the summaries name the group
	}{
		{"gender", "", []string{"Geslacht: man", "Geslacht: vrouw"}, regexp.MustCompile(`^Geslacht: (man|vrouw|x \(anders of onbekend\))$`),
			regexp.MustCompile(`\(geslacht: (man|vrouw|anders of onbekend)\)`)},
		{"ageBand", "", []string{"Leeftijd: 18–26 jaar", "Leeftijd: 27–35 jaar"},
			regexp.MustCompile(`^Leeftijd: (18–26 jaar|27–35 jaar|36–49 jaar|50 jaar en ouder)$`),
			regexp.MustCompile(`\(leeftijd: (18–26 jaar|27–35 jaar|36–49 jaar|50 jaar en ouder)\)`)},
		{"route", "", []string{"Leerroute: B1-route", "Leerroute: Z-route"},
			regexp.MustCompile(`^Leerroute: (B1-route|onderwijsroute|Z-route|nog niet bekend)$`),
			regexp.MustCompile(`\(leerroute: (B1-route|onderwijsroute|Z-route|nog niet bekend)\)`)},
		{"", "quarter", nil, regexp.MustCompile(`^Cohort [1-4]e kwartaal 20\d\d$`), regexp.MustCompile(`\(cohort [1-4]e kwartaal 20\d\d\)`)},
		{"", "month", nil, regexp.MustCompile(`^Cohort (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) 20\d\d$`),
			regexp.MustCompile(`\(cohort [a-z]+ 20\d\d\)`)},
		{"gender", "year", nil, regexp.MustCompile(`^Cohort 20\d\d, geslacht: (man|vrouw|x \(anders of onbekend\))$`),
			regexp.MustCompile(`\(cohort 20\d\d, geslacht: (man|vrouw|anders of onbekend)\)`)},
	}
	for _, tt := range tests {
		t.Run(tt.split+"-"+tt.cohort, func(t *testing.T) {
			status, body := a.get(base + "&split=" + tt.split + "&cohort=" + tt.cohort)
			if status != http.StatusOK {
				t.Fatalf("%d", status)
			}
			var heads []string
			for _, m := range heading.FindAllStringSubmatch(body, -1) {
				h := html.UnescapeString(m[1])
				heads = append(heads, h)
				if !tt.allowed.MatchString(h) {
					t.Errorf("group heading %q", h)
				}
			}
			if len(heads) < 2 {
				t.Fatalf("%d group headings: %v", len(heads), heads)
			}
			for _, w := range tt.want {
				if !slices.Contains(heads, w) {
					t.Errorf("no heading %q among %v", w, heads)
				}
			}
			if strings.Contains(body, ">Groep ") {
				t.Error("a group is still headed by its raw label")
			}
			if !strings.Contains(body, `<p class="utrecht-paragraph" id="groepen-kop">Groepen in dit overzicht (`+strconv.Itoa(len(heads))+`):</p>`) ||
				!strings.Contains(body, `<a class="utrecht-link" href="#g2">`) {
				t.Error("no list of the groups at the top")
			}
			n := 0
			for _, m := range summary.FindAllStringSubmatch(body, -1) {
				text := html.UnescapeString(m[1])
				if strings.HasPrefix(text, "Deze cijfers staan alleen in tabellen.") {
					continue
				}
				n++
				if !tt.qualifier.MatchString(text) {
					t.Errorf("a summary does not name its group: %s", text)
				}
				if strings.Contains(text, "kolom") {
					t.Errorf("a summary counts columns: %s", text)
				}
			}
			if n < 5*len(heads) {
				t.Errorf("%d summaries for %d groups", n, len(heads))
			}
		})
	}
}
