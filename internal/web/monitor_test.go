package web_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
)

// TestMonitorPage: the ministry's scale-up monitor of the newest release: the national
// figures as the release has them, the pilots side by side with the country, a lesson
// ready for scale-up under its theme with the figures it cites from the release, the
// definitions and the quality declaration with the protection parameters; printable
// without inline style; for the ministry and the platform administrators only.
func TestMonitorPage(t *testing.T) {
	s := newSiteOn(t, releasedData)
	rel := newestRelease(t, s)
	var title string
	if err := s.db.Gorm.Raw(`UPDATE lessons SET ready_for_scale_up = true, linked_figures = '{byStage,caseload}'
		WHERE id = (SELECT id FROM lessons WHERE status = 'gepubliceerd' AND theme = 'werkgevers' ORDER BY title LIMIT 1) RETURNING title`).
		Scan(&title).Error; err != nil || title == "" {
		t.Fatalf("mark a lesson ready: %v", err)
	}
	status, body := s.as("ministerie@demo.startbaan.nl").get("/monitor")
	if status != http.StatusOK {
		t.Fatalf("monitor: %d", status)
	}
	for _, want := range []string{"Monitor opschaling: publicatie nr. " + strconv.Itoa(rel.ID),
		"Bron: publicatie nr. " + strconv.Itoa(rel.ID) + ",",
		">Landelijk totaal</th>", ">Startbaan arbeidsmarktregio Helmond-De Peel</th>", `id="thema-werkgevers">Werkgevers</h3>`, title,
		"Versie van de definities", releases.DefinitionsVersion, "Kwaliteitsverklaring", "Celsleutelmethode (cell-key)", "maxNoise = 3",
		`id="basislijn-verschillen"`, "Een maand na de peildatum wordt ze opnieuw berekend en definitief"} {
		if !strings.Contains(body, want) {
			t.Errorf("monitor lacks %q", want)
		}
	}
	if strings.Contains(body, "style=") {
		t.Error("inline style on the monitor: the CSP blocks it")
	}
	cov, err := releaseview.CoverageOf(t.Context(), s.db.Gorm, rel.ID)
	if err != nil {
		t.Fatal(err)
	}
	if cov.Municipalities < 10 ||
		!strings.Contains(
			body,
			strconv.Itoa(cov.Municipalities)+" gemeenten met dossiers, "+strconv.Itoa(cov.Pilots)+" pilots",
		) {
		t.Errorf("coverage %+v not declared", cov)
	}

	// The national figures are the release's cells, cohort by cohort.
	noSplit := ""
	nl, err := releases.Cells(t.Context(), s.db.Gorm, rel.ID,
		releases.CellFilter{Population: releases.PopulationNational,
			Codes: []string{
				releases.NationalCode,
			}, CohortKey: "residencePermit", CohortWidth: "year", Split: &noSplit})
	if err != nil || len(nl) == 0 {
		t.Fatalf("national cells: %d, %v", len(nl), err)
	}
	head := regexp.MustCompile(
		`(?s)<table class="utrecht-table" id="monitor-landelijk".*?</thead>`,
	).FindString(body)
	cohorts := regexp.MustCompile(`>Cohort (\d{4})</th>`).FindAllStringSubmatch(head, -1)
	rows := tableRows(t, body, "monitor-landelijk")
	for _, c := range nl {
		if releaseview.KindOf(c.Figure) != releaseview.KindCount {
			continue
		}
		for i, m := range cohorts {
			if m[1] == c.Cohort {
				if got := rows[releaseview.Label(c.Figure)][i]; got != shown(c) {
					t.Errorf("national %s %s: %q, release %q", c.Cohort, c.Figure, got, shown(c))
				}
			}
		}
	}
	// The lesson cites its municipality's stage counts and the country's from the
	// release; the caseload (live work) is in no release.
	cited := tableRows(t, body, "les1-cijfers")
	if len(cited["in fase: aan het werk"]) != 2 {
		t.Errorf("the lesson's cited figures: %v", cited)
	}
	for _, id := range []string{"monitor-landelijk", "monitor-pilots", "les1-cijfers"} {
		for label, cells := range tableRows(t, body, id) {
			for _, v := range cells {
				if n, err := strconv.Atoi(v); err == nil && n > 0 && n < 10 && countRow(label) {
					t.Errorf("%s, %s: a count under 10 (%d)", id, label, n)
				}
			}
		}
	}

	if status, _ := s.as("platformbeheer@demo.startbaan.nl").get("/monitor"); status != http.StatusOK {
		t.Errorf("platform administrator: %d", status)
	}
	if status, _ := s.as(
		"analist.gm0772@demo.startbaan.nl",
	).get("/monitor"); status != http.StatusForbidden {
		t.Errorf("analyst: %d, want 403", status)
	}
	if _, css := s.visitor().get("/static/startbaan.css"); !strings.Contains(css, "@media print") {
		t.Error("no print stylesheet")
	}
}

// TestMonitorBeforeTheFirstRelease: a plain notice, no figures.
func TestMonitorBeforeTheFirstRelease(t *testing.T) {
	s := newSite(t)
	status, body := s.as("ministerie@demo.startbaan.nl").get("/monitor")
	if status != http.StatusOK || !strings.Contains(body, "Er is nog geen publicatie.") ||
		strings.Contains(body, "utrecht-table__cell") {
		t.Errorf("monitor without a release: %d", status)
	}
}
