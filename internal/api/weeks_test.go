package api_test

import (
	"strings"
	"testing"
)

// TestCaseloadWeekRowByRow: PUT /weeks/{week} stores each row on its own; a row whose
// week changed since the caller read it is reported with what is stored, not written.
func TestCaseloadWeekRowByRow(t *testing.T) {
	s := newServer(t)
	r := s.do("POST", "/api/v1/cases", strings.Replace(strings.Replace(newCaseBody, "111222333",
		validBSN(333_444_000), 1), "Amina Haddad", "Samir Week", 1))
	if r.status != 201 {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	id := r.json(t)["id"].(string)
	for _, move := range []string{`"gevestigd","date":"2026-01-10"`,
		`"uitkering_aangevraagd","date":"2026-01-12"`, `"baan_aangeboden","date":"2026-01-14"`,
		`"aan_het_werk","date":"2026-01-15"`} {
		if r := s.do("POST", "/api/v1/cases/"+id+"/transitions", `{"toStage":`+move+`}`); r.status >= 300 {
			t.Fatalf("move %s: %d %s", move, r.status, r.body)
		}
	}
	row := func(work, seen string) string {
		return `{"rows":[{"caseId":"` + id + `","plannedWorkHours":24,"actualWorkHours":` + work +
			`,"actualIntegrationHours":null,"absenceHours":4,"absenceReason":"ziek","seenUpdatedAt":` + seen + `}]}`
	}
	result := func(r response) map[string]any {
		t.Helper()
		rows, _ := r.json(t)["rows"].([]any)
		if r.status != 200 || len(rows) != 1 {
			t.Fatalf("%d %s", r.status, r.body)
		}
		return rows[0].(map[string]any)
	}
	first := result(s.do("PUT", "/api/v1/weeks/2026-W20", row("20", "null")))
	week, _ := first["week"].(map[string]any)
	if first["status"] != "opgeslagen" || week == nil || week["actualIntegrationHours"] != nil ||
		week["absenceReason"] != "ziek" {
		t.Fatalf("first save: %v", first)
	}
	stale := result(s.do("PUT", "/api/v1/weeks/2026-W20", row("30", "null")))
	if stale["status"] != "gewijzigd_door_collega" ||
		stale["week"].(map[string]any)["actualWorkHours"] != 20.0 {
		t.Errorf("a row changed since it was read: %v", stale)
	}
	again := result(s.do("PUT", "/api/v1/weeks/2026-W20", row("30", `"`+week["updatedAt"].(string)+`"`)))
	if again["status"] != "opgeslagen" {
		t.Errorf("with the stamp read: %v", again)
	}
	stamp := `"` + again["week"].(map[string]any)["updatedAt"].(string) + `"`
	bad := result(s.do("PUT", "/api/v1/weeks/2026-W20", strings.Replace(row("31", stamp), `"ziek"`,
		`"vakantie"`, 1)))
	params, _ := bad["invalidParams"].([]any)
	if bad["status"] != "ongeldig" || len(params) != 1 ||
		params[0].(map[string]any)["name"] != "absenceReason" {
		t.Errorf("an unknown absence reason: %v", bad)
	}
	if r := s.do("GET", "/api/v1/weeks/2026-W20", ""); r.status != 200 {
		t.Errorf("GET: %d %s", r.status, r.body)
	}
	if r := s.do("GET", "/api/v1/weeks/2026-W99", ""); r.status != 400 {
		t.Errorf("GET a week that does not exist: %d", r.status)
	}
}
