package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/google/uuid"
)

// weekCaseload gives the Eindhoven client manager a caseload of exactly n clients at
// work since 60 days ago (the demo cases go to the team lead), named "Cliënt 01" …,
// and returns their case ids in name order and the manager's user id.
func (s *site) weekCaseload(t *testing.T, n int) ([]string, string) {
	t.Helper()
	exec := func(sql string, args ...any) {
		t.Helper()
		if err := s.db.Gorm.Exec(sql, args...).Error; err != nil {
			t.Fatalf("%s: %v", sql, err)
		}
	}
	var km, tl string
	s.db.Gorm.Raw(`SELECT id FROM users WHERE email = ?`, kmEindhoven).Scan(&km)
	s.db.Gorm.Raw(`SELECT id FROM users WHERE email = ?`, tlEindhoven).Scan(&tl)
	exec(`UPDATE cases SET client_manager_id = ? WHERE client_manager_id = ?`, tl, km)
	ids := make([]string, n)
	for i := range n {
		client, id := uuid.New(), uuid.New()
		exec(`INSERT INTO clients (id, municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender,
			country_of_birth, residence_permit_date, household_type, language_level_intake)
			SELECT ?, m.id, '\x00', ?, ?, '1990-03-04', 'man', 'SY', current_date - 200, 'alleenstaand', 'A1'
			FROM municipalities m WHERE m.code = 'GM0772'`, client, client[:], fmt.Sprintf("Cliënt %02d", i+1))
		exec(`INSERT INTO cases (id, municipality_id, client_id, pilot_id, client_manager_id, stage,
			stage_entered_on, registered_on, settled_on, benefit_applied_on, job_offered_on, work_started_on)
			SELECT ?, m.id, ?, p.id, ?, 'aan_het_werk', current_date - 60, current_date - 150,
				current_date - 120, current_date - 100, current_date - 70, current_date - 60
			FROM municipalities m, pilots p WHERE m.code = 'GM0772' AND p.code = 'eindhoven'`, id, client, km)
		ids[i] = id.String()
	}
	return ids, km
}

var weekSeen = regexp.MustCompile(`name="([0-9a-f-]{36})\.seen" value="([^"]*)"`)

// weekForm is the week screen's form as a browser would send it untouched.
func weekForm(page, week string) url.Values {
	form := url.Values{"week": {week}}
	for _, m := range weekSeen.FindAllStringSubmatch(page, -1) {
		form.Add("rows", m[1])
		form.Set(m[1]+".seen", m[2])
	}
	return form
}

func TestWeekCloseForms(t *testing.T) {
	s := newSite(t)
	ids, km := s.weekCaseload(t, 3)
	week := weekKey(-1)
	v := s.as(kmEindhoven)
	status, page := v.get("/week-afsluiten")
	if status != http.StatusOK || !strings.Contains(page, `name="week" value="`+week+`"`) ||
		strings.Count(page, `name="rows"`) != 3 || !strings.Contains(page, "(geboren 1990)") ||
		!strings.Contains(page, ">Week afsluiten</a>") {
		t.Fatalf("the week screen: %d, want last week with three rows and birth years", status)
	}
	// Nothing typed: nothing saved.
	status, body := v.post("/week-afsluiten", weekForm(page, week))
	if status != http.StatusOK || !strings.Contains(body, "Er waren geen gewijzigde uren") {
		t.Errorf("an untouched week: %d", status)
	}
	// One row typed, one with an error: the first is saved, the second shown back.
	form := weekForm(page, week)
	form.Set(ids[0]+".actualWorkHours", "20")
	form.Set(ids[0]+".actualIntegrationHours", "7")
	form.Set(ids[1]+".actualWorkHours", "veel")
	form.Set(ids[2]+".absenceHours", "8")
	status, body = v.post("/week-afsluiten", form)
	if status != http.StatusBadRequest || !strings.Contains(body, "<title>Fout: Week afsluiten") ||
		!strings.Contains(body, `href="#w-`+ids[1]+`-actualWorkHours"`) ||
		!strings.Contains(body, `href="#w-`+ids[2]+`-absenceReason"`) || !strings.Contains(body, `value="veel"`) ||
		strings.Count(body, "Opgeslagen.") != 1 {
		t.Fatalf("a save with errors: %d, want a summary linking to both fields and one row saved", status)
	}
	var stored int
	s.db.Gorm.Raw(`SELECT count(*) FROM weekly_hours w JOIN cases k ON k.id = w.case_id
		WHERE k.client_manager_id = ?`, km).Scan(&stored)
	if stored != 1 {
		t.Errorf("%d weeks stored, want 1", stored)
	}
	// Eindhoven's pilot: 30 combined, 20 work, 8 integration. 20 + 7 misses two.
	_, page = v.get("/week-afsluiten?week=" + week)
	if !strings.Contains(page, "✗ Doel niet gehaald: inburgering 7 uur, minimaal 8; werk en") &&
		!strings.Contains(page, "✗ Doel niet gehaald: inburgering 7 uur, minimaal 8.") {
		t.Errorf("the row's judgement after saving is missing")
	}
	// The werklijst's hours signal says what was missed and links to the row.
	_, list := v.get("/werklijst")
	if !strings.Contains(list, `href="/week-afsluiten?week=`+week+`#rij-`+ids[0]+`"`) ||
		!strings.Contains(list, "inburgering 7 uur, minimaal 8") {
		t.Errorf("the werklijst's hours signal does not link to the week screen")
	}
	// A team lead sees the team and can pick one manager.
	tl := s.as(tlEindhoven)
	_, team := tl.get("/week-afsluiten?week=" + week)
	_, one := tl.get("/week-afsluiten?week=" + week + "&klantmanager=" + km)
	if !strings.Contains(team, `id="klantmanager-keuze"`) || strings.Count(one, `name="rows"`) != 3 ||
		strings.Count(team, `name="rows"`) <= 3 {
		t.Errorf("team lead: %d rows for the team, %d for one manager",
			strings.Count(team, `name="rows"`), strings.Count(one, `name="rows"`))
	}
	if status, _ := v.get("/week-afsluiten?week=2026-W99"); status != http.StatusBadRequest {
		t.Errorf("a week that does not exist: %d", status)
	}
}

// TestWeekCloseInTheBrowser closes a week for a caseload of 40 in one save while a
// colleague changes one row between the load and the save: 39 rows are saved, the
// 40th is reported with the colleague's values and kept as typed. Enter moves down
// a column; every state passes axe; at 390 px the rows are cards without sideways
// scrolling.
func TestWeekCloseInTheBrowser(t *testing.T) {
	s := newSite(t)
	ids, km := s.weekCaseload(t, 40)
	week := weekKey(-1)
	b := s.browser(t)
	b.login(kmEindhoven)
	b.open("/week-afsluiten")
	b.waitFor(`document.querySelector("#weekrooster[data-ready]") !== null`) // week.js has run
	if n := eval[int](b, `document.querySelectorAll("tr.sb-week-row").length`); n != 40 {
		t.Fatalf("%d rows, want 40", n)
	}
	b.axe()

	// Keyboard: typing in a cell and pressing Enter goes to the same column below.
	first, second := "#w-"+ids[0]+"-actualWorkHours", "w-"+ids[1]+"-actualWorkHours"
	b.do(chromedp.Focus(first), chromedp.KeyEvent("24"), chromedp.KeyEvent("\r"))
	if got := eval[string](b, `document.activeElement.id`); got != second {
		t.Fatalf("Enter moved the focus to %q, want %q", got, second)
	}
	live := `document.querySelector("#rij-` + ids[0] + ` [data-live]").textContent`
	if got := eval[string](b, live); !strings.Contains(got, "Ingevuld 24 van 30") {
		t.Errorf("live total: %q", got)
	}
	for _, id := range ids {
		b.do(chromedp.SetValue("#w-"+id+"-actualWorkHours", "24"),
			chromedp.SetValue("#w-"+id+"-actualIntegrationHours", "8"))
	}
	b.screenshot("week-afsluiten")

	// A colleague (the team lead) saves the 40th client's week meanwhile.
	tl := s.as(tlEindhoven)
	_, page := tl.get("/week-afsluiten?week=" + week + "&klantmanager=" + km)
	form := weekForm(page, week)
	form.Set("klantmanager", km)
	form.Set(ids[39]+".actualWorkHours", "12")
	form.Set(ids[39]+".actualIntegrationHours", "8")
	if status, _ := tl.post("/week-afsluiten", form); status != http.StatusOK {
		t.Fatalf("the colleague's save: %d", status)
	}

	b.submit("#week-opslaan")
	if got := eval[string](b, `document.activeElement.id`); got != "foutoverzicht" {
		t.Errorf("focus after the save is on %q, want the summary", got)
	}
	if title := eval[string](b, `document.title`); !strings.HasPrefix(title, "Fout: ") {
		t.Errorf("title %q", title)
	}
	if n := eval[int](b, `[...document.querySelectorAll(".sb-done")].length`); n != 39 {
		t.Errorf("%d rows reported saved, want 39: %s", n, b.text("#foutoverzicht"))
	}
	stale := b.text("#rij-" + ids[39])
	if !strings.Contains(stale, "Gewijzigd door een collega") || !strings.Contains(stale, "werk gewerkt 12") {
		t.Errorf("the changed row: %q", stale)
	}
	if got := eval[string](b, `document.querySelector("#w-`+ids[39]+`-actualWorkHours").value`); got != "24" {
		t.Errorf("the typed value was not kept: %q", got)
	}
	b.axe()
	var saved, theirs int
	s.db.Gorm.Raw(`SELECT count(*) FROM weekly_hours w JOIN cases k ON k.id = w.case_id
		WHERE k.client_manager_id = ? AND w.actual_work_hours = 24`, km).Scan(&saved)
	s.db.Gorm.Raw(`SELECT count(*) FROM weekly_hours WHERE case_id = ? AND actual_work_hours = 12`,
		ids[39]).Scan(&theirs)
	if saved != 39 || theirs != 1 {
		t.Errorf("stored: %d rows of 24 hours (want 39), the colleague's row %d", saved, theirs)
	}
	b.screenshot("week-afsluiten-collega")

	// Saving again from that page is a deliberate overwrite.
	b.submit("#week-opslaan")
	if main := b.text("main"); !strings.Contains(main, "De uren van de week zijn opgeslagen.") ||
		!strings.Contains(main, "✓ 32 van 30 uur samen: doel gehaald") {
		t.Errorf("second save: %.300s", main)
	}
	b.axe()

	// A phone: the rows become cards, nothing scrolls sideways.
	b.do(chromedp.EmulateViewport(390, 844))
	b.open("/week-afsluiten")
	if w := eval[int](b, `document.scrollingElement.scrollWidth`); w > 390 {
		t.Errorf("at 390 px the page is %d px wide", w)
	}
	b.axe()
	b.screenshot("week-afsluiten-telefoon")
}
