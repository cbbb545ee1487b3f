package api_test

import (
	"strings"
	"testing"
)

// TestGarbageNeverFails sends odd bodies to every route that takes one: each must be
// answered with a 4xx problem, never a 500.
func TestGarbageNeverFails(t *testing.T) {
	s := newServer(t)
	id, _ := s.createCase()
	routes := []struct{ method, path string }{
		{"POST", "/api/v1/cases"}, {"PATCH", "/api/v1/cases/" + id}, {
			"POST",
			"/api/v1/cases/" + id + "/transitions",
		},
		{
			"PUT",
			"/api/v1/cases/" + id + "/weeks/2026-W20",
		}, {"POST", "/api/v1/cases/" + id + "/job-offers"},
		{"POST", "/api/v1/cases/" + id + "/pips"}, {
			"POST",
			"/api/v1/cases/" + id + "/integration-results",
		},
		{"POST", "/api/v1/employers"}, {"POST", "/api/v1/case-searches"},
	}
	bodies := []string{`null`, `[]`, `"x"`, `12`, `{"a":`, `{}{}`, `{"birthDate":"2026-02-30"}`,
		`{"hoursPerWeek":1e999}`,
		`{"name":` + strings.Repeat(`[`, 10000) +
			`}`, `{"toStage":null,"date":null}`, `{"employerId":"nope"}`,
		`{"plannedWorkHours":-0.0001,"absenceHours":"8"}`, `{"bsn":123456782}`, `{"clientManagerId":12}`,
		`{"settledOn":"1800-01-01"}`, `{"drawnUpOn":"2026-01-01T00:00:00Z"}`, `{"name":"\u0000"}`, `{"municipality":"GM0363","name":"\u0000x","kvkNumber":"12345678","sector":"zorg"}`}
	for _, path := range []string{
		"/api/v1/cases?q=a%00b",
		"/api/v1/pilots/a%00",
		"/api/v1/employers?q=%00",
	} {
		if res := s.do("GET", path, ""); res.status != 400 {
			t.Errorf("GET %s: %d %s", path, res.status, res.body)
		}
	}
	for _, r := range routes {
		for _, b := range bodies {
			res := s.do(r.method, r.path, b, "If-Match", `"1"`)
			if res.status < 400 || res.status >= 500 {
				t.Errorf("%s %s with %.40q: %d %s", r.method, r.path, b, res.status, res.body)
			}
		}
	}
}
