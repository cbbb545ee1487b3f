package api_test

import (
	"testing"
)

// TestBoundsOfNumbersDatesAndPages: input that PostgreSQL would round, dates it takes
// in year 0 and page numbers whose offset overflows are each a 400 problem that names
// the field, never a 500 and never stored.
func TestBoundsOfNumbersDatesAndPages(t *testing.T) {
	s := newServer(t)
	id, etag := s.createCase()
	var employer string
	if r := s.do(
		"POST",
		"/api/v1/employers",
		`{"municipality":"GM0363","name":"Zorg","kvkNumber":"12345678","sector":"zorg"}`,
	); r.status == 201 {
		employer = r.json(t)["id"].(string)
	} else {
		t.Fatalf("employer: %d %s", r.status, r.body)
	}
	tests := []struct {
		name, method, path, body, field string
	}{
		{
			"registration corrected to year 1",
			"PATCH",
			"/api/v1/cases/" + id,
			`{"registeredOn":"0001-01-01"}`,
			"registeredOn",
		},
		{
			"registration corrected to year 0",
			"PATCH",
			"/api/v1/cases/" + id,
			`{"registeredOn":"0000-01-01"}`,
			"registeredOn",
		},
		{
			"registration corrected to 1999",
			"PATCH",
			"/api/v1/cases/" + id,
			`{"registeredOn":"1999-12-31"}`,
			"registeredOn",
		},
		{
			"benefit granted in year 1",
			"PATCH",
			"/api/v1/cases/" + id,
			`{"benefitGrantedOn":"0001-01-01"}`,
			"benefitGrantedOn",
		},
		{"birth in 1899", "PATCH", "/api/v1/cases/" + id, `{"birthDate":"1899-12-31"}`, "birthDate"},
		{
			"a week in year 0",
			"PUT",
			"/api/v1/cases/" + id + "/weeks/0000-W01",
			`{"plannedWorkHours":1}`,
			"week",
		},
		{"planned hours that round over a week", "PUT", "/api/v1/cases/" + id + "/weeks/2026-W20",
			`{"plannedWorkHours":59.995,"plannedIntegrationHours":108.005}`, "plannedWorkHours"},
		{"an offer of a thousandth of an hour", "POST", "/api/v1/cases/" + id + "/job-offers",
			`{"employerId":"` + employer +
				`","offeredOn":"2026-02-02","contractType":"onbepaalde_tijd","hoursPerWeek":0.001,"hourlyWageCents":1500}`, "hoursPerWeek"},
		{"a contract ending in 2999", "POST", "/api/v1/cases/" + id + "/job-offers",
			`{"employerId":"` + employer + `","offeredOn":"2026-02-02","contractType":"bepaalde_tijd","hoursPerWeek":24,"hourlyWageCents":1500,
			"startDate":"2026-03-02","endDate":"2999-03-01"}`, "endDate"},
		{
			"a PIP in year 1",
			"POST",
			"/api/v1/cases/" + id + "/pips",
			`{"drawnUpOn":"0001-01-01","route":"b1"}`,
			"drawnUpOn",
		},
		{"the last page of cases", "GET", "/api/v1/cases?page=9223372036854775807", "", "page"},
		{"the last page of lessons", "GET", "/api/v1/lessons?page=9223372036854775807", "", "page"},
		{
			"the last page of the audit log",
			"GET",
			"/api/v1/audit-events?page=9223372036854775807",
			"",
			"page",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertProblem(t, s.do(tt.method, tt.path, tt.body, "If-Match", etag), 400, tt.field)
		})
	}
}
