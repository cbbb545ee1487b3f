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

func TestOutcomesChoicesAndExport(t *testing.T) {
	s := newSite(t)
	a := s.as("analist.gm0772@demo.startbaan.nl")
	status, body := a.get(
		"/uitkomsten?population=municipality&municipality=GM0772&key=settlement&cohort=year",
	)
	if status != http.StatusOK {
		t.Fatalf("by year of settlement: %d", status)
	}
	for _, want := range []string{`<option value="year" selected>`,
		`<option value="settlement" selected>`, "de vestiging in de gemeente",
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
	if link.Path != "/api/v1/outcome-exports" || q.Get("format") != "csv" ||
		q.Get("municipalities") != "GM0772" ||
		q.Get("key") != "settlement" || q.Get("cohort") != "year" ||
		!strings.HasSuffix(q.Get("from"), "-01") {
		t.Errorf("CSV link %s does not carry the page's choices", link)
	}
	resp, err := a.client.Get(s.url + link.String())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("export: %d %s, want 200 text/csv", resp.StatusCode, resp.Header.Get("Content-Type"))
	}

	tests := []struct {
		name, query, field, kept string
	}{
		{"month not a month", "from=2024-13", "from", `value="2024-13"`},
		{"end before start", "from=2025-06&to=2025-01", "to", `value="2025-01"`},
		{
			"compare one municipality",
			"population=compare&municipalities=GM0772",
			"municipalities",
			`id="cmp-GM0772" name="municipalities" value="GM0772" checked`,
		},
		{"unknown cohort width", "cohort=week", "cohort", `<option value="month">`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := a.get("/uitkomsten?" + tt.query)
			if status != http.StatusBadRequest || !strings.Contains(body, `id="fout-`+tt.field+`"`) ||
				!strings.Contains(body, tt.kept) {
				t.Errorf(
					"%s: %d, want 400 with the error beside %s and the choice kept",
					tt.query,
					status,
					tt.field,
				)
			}
			if strings.Contains(body, "<svg") {
				t.Error("a report beside invalid choices")
			}
		})
	}
}

// TestOutcomesOwnMunicipalityWholeAndLive: the client manager and the analyst (who reads
// no case) both see their own municipality whole and live: every stage count as it is,
// nothing suppressed, and the page says the figures are live.
func TestOutcomesOwnMunicipalityWholeAndLive(t *testing.T) {
	s := newSite(t)
	raw := rawFigures(t, s, []string{"GM0772"})["GM0772"]
	for _, email := range []string{
		"klantmanager.gm0772@demo.startbaan.nl",
		"analist.gm0772@demo.startbaan.nl",
	} {
		status, body := s.as(email).get("/uitkomsten")
		if status != http.StatusOK {
			t.Fatalf("%s, own municipality: %d", email, status)
		}
		if !strings.Contains(body, "De cijfers van Eindhoven ziet u volledig") ||
			!strings.Contains(body, "Live: eigen gemeente.") {
			t.Errorf("%s is not told the figures are whole and live", email)
		}
		rows := tableRows(t, body, "g1-trechter-tabel")
		for _, stage := range outcomes.Stages {
			cells := rows[map[string]string{"aangemeld": "Aangemeld", "gevestigd": "Gevestigd",
				"uitkering_aangevraagd": "Uitkering aangevraagd",
				"baan_aangeboden":       "Baan aangeboden", "aan_het_werk": "Aan het werk", "uitgestroomd": "Uitgestroomd", "afgesloten": "Afgesloten"}[stage]]
			if got := cells[len(cells)-1]; got != strconv.Itoa(raw.ByStage[stage]) {
				t.Errorf("%s, %s now: %q, want the whole count %d", email, stage, got, raw.ByStage[stage])
			}
		}
		if strings.Contains(body, "sb-hidden-cell") || strings.Contains(body, "-afgeschermd)") ||
			strings.Contains(body, "Bron: publicatie") {
			t.Errorf("%s: something is suppressed or taken from a release in the own municipality", email)
		}
		// Not the residence-permit key: no CBS baseline beside these cohorts.
		if strings.Contains(body, "91%") || strings.Contains(body, "basislijn") {
			t.Errorf("%s: the baseline stands beside benefit-application cohorts", email)
		}
	}
	// On the residence-permit key the baseline box stands beside the same measure, live:
	// the share with its interval and the number followed.
	ref := outcomes.ReferenceDate(calendar.Today(time.Now()))
	_, body := s.as("analist.gm0772@demo.startbaan.nl").get("/uitkomsten?key=residencePermit&from=" +
		ref.AddDate(0, -36, 0).Format("2006-01") +
		"&to=" + ref.AddDate(0, -25, 0).Format("2006-01"))
	box := tableRows(t, body, "basislijn-cijfers")["Alle dossiers, Eindhoven"]
	if len(box) != 2 || !regexp.MustCompile(`^\d+% \(\d+%–\d+%\)$`).MatchString(box[0]) {
		t.Errorf("live baseline figure: %v, want a share with its interval", box)
	} else if n, err := strconv.Atoi(box[1]); err != nil || n < 10 {
		t.Errorf("number followed: %q", box[1])
	}
	if !strings.Contains(body, `id="basislijn-verschillen"`) {
		t.Error("no box of what differs beside the live baseline figure")
	}
}

// TestOutcomesSplitHeadings: the live report of the reader's own municipality, split
// by gender, age band or route, or grouped by cohort, heads each group with its dimension and value
// in plain Dutch, lists the
// groups at the top, and every summary within a group names the group, so that
// "afgeschermd" never reads as if all of the municipality were hidden.
func TestOutcomesSplitHeadings(t *testing.T) {
	s := newSite(t)
	a := s.as("analist.gm0772@demo.startbaan.nl")
	heading := regexp.MustCompile(`<h3 class="utrecht-heading-3" id="g\d+">([^<]*)</h3>`)
	summary := regexp.MustCompile(`<p class="utrecht-paragraph sb-figure__summary">([^<]*)</p>`)
	base := "/uitkomsten?population=municipality&municipality=GM0772"
	tests := []struct {
		split, cohort string
		want          []string // headings that must be there
		allowed       *regexp.Regexp
		qualifier     *regexp.Regexp // how the summaries name the group
	}{
		{"gender", "", []string{"Geslacht: man", "Geslacht: vrouw"},
			regexp.MustCompile(`^Geslacht: (man|vrouw|x \(anders of onbekend\))$`),
			regexp.MustCompile(`\(geslacht: (man|vrouw|anders of onbekend)\)`)},
		{"ageBand", "", []string{"Leeftijd: 18–26 jaar", "Leeftijd: 27–35 jaar"},
			regexp.MustCompile(`^Leeftijd: (18–26 jaar|27–35 jaar|36–49 jaar|50 jaar en ouder)$`),
			regexp.MustCompile(`\(leeftijd: (18–26 jaar|27–35 jaar|36–49 jaar|50 jaar en ouder)\)`)},
		{"route", "", []string{"Leerroute: B1-route", "Leerroute: Z-route"},
			regexp.MustCompile(`^Leerroute: (B1-route|onderwijsroute|Z-route|nog niet bekend)$`),
			regexp.MustCompile(`\(leerroute: (B1-route|onderwijsroute|Z-route|nog niet bekend)\)`)},
		{
			"",
			"quarter",
			nil,
			regexp.MustCompile(`^Cohort [1-4]e kwartaal 20\d\d$`),
			regexp.MustCompile(`\(cohort [1-4]e kwartaal 20\d\d\)`),
		},
		{"", "month", nil,
			regexp.MustCompile(
				`^Cohort (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) 20\d\d$`,
			),
			regexp.MustCompile(`\(cohort [a-z]+ 20\d\d\)`)},
		{"gender", "year", nil,
			regexp.MustCompile(`^Cohort 20\d\d, geslacht: (man|vrouw|x \(anders of onbekend\))$`),
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
			if !strings.Contains(
				body,
				`<p class="utrecht-paragraph" id="groepen-kop">Groepen in dit overzicht (`+
					strconv.Itoa(len(heads))+`):</p>`,
			) ||
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
