package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/users"
)

type auditRow struct {
	TraceID, Role, Action, ObjectType, Outcome, ProcessingActivity string
	UserID, ObjectID, CaseID, ClientAddress                        *string
	MunicipalityID                                                 *int32
	SubjectMatches                                                 bool
}

func (m *matrix) auditRows(where string, args ...any) []auditRow {
	m.t.Helper()
	var rows []auditRow
	err := m.db.Raw(`SELECT a.trace_id, coalesce(a.role, '') AS role, a.action, a.object_type, a.outcome, a.processing_activity,
			a.user_id::text AS user_id, a.object_id, a.case_id::text AS case_id, host(a.client_address) AS client_address,
			a.municipality_id, coalesce(a.data_subject_hash = cl.bsn_hash, false) AS subject_matches
		FROM audit_events a LEFT JOIN cases k ON k.id = a.case_id LEFT JOIN clients cl ON cl.id = k.client_id
		WHERE `+where+` ORDER BY a.id`, args...).Scan(&rows).Error
	if err != nil {
		m.t.Fatal(err)
	}
	return rows
}

// TestEveryReadAndChangeIsOnRecord checks the audit rows that reads, changes, logins
// and refusals leave, field by field.
func TestEveryReadAndChangeIsOnRecord(t *testing.T) {
	m := newMatrix(t)
	km := m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own})
	kmc := m.with(m.session(km))
	id := m.newCase(own, 4) // at work: hours need it

	req, _ := http.NewRequest("GET", m.url+"/api/v1/cases/"+id.String(), nil)
	req.Header.Set("Cookie", kmc.cookie)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("read: %v %v", err, res.StatusCode)
	}
	res.Body.Close()
	rows := m.auditRows("a.case_id = ? AND a.action = 'lezen'", id)
	if len(rows) != 1 {
		t.Fatalf("%d read rows, want 1", len(rows))
	}
	r := rows[0]
	if r.TraceID != res.Header.Get("X-Request-Id") || r.Role != "klantmanager" || r.UserID == nil ||
		*r.UserID != km.String() ||
		r.MunicipalityID == nil || r.ObjectType != "case" || r.Outcome != "gelukt" ||
		r.ClientAddress == nil ||
		*r.ClientAddress != "127.0.0.1" || !r.SubjectMatches ||
		r.ProcessingActivity != "begeleiding startbaan" {
		t.Errorf("read row %+v (trace %s)", r, res.Header.Get("X-Request-Id"))
	}

	m.send(kmc, call{method: "GET", path: "/api/v1/cases?municipality=" + own})
	var cases int64
	m.db.Raw(
		`SELECT count(*) FROM cases WHERE municipality_id = (SELECT id FROM municipalities WHERE code = ?)`,
		own,
	).Scan(&cases)
	var listed struct{ Rows, Cases, Subjects int64 }
	m.db.Raw(`SELECT count(*) AS rows, max(cardinality(case_ids)) AS cases, max(cardinality(data_subject_hashes)) AS subjects
		FROM audit_events WHERE object_type = 'case-list' AND user_id = ? AND ? = ANY(case_ids)`, km, id).Scan(&listed)
	if listed.Rows != 1 || listed.Cases != cases || listed.Subjects != cases {
		t.Errorf("a list of %d cases left %+v", cases, listed)
	}

	for _, c := range []call{
		{
			method: "PATCH",
			path:   "/api/v1/cases/" + id.String(),
			body:   `{"integrationRoute":"z"}`,
			header: []string{"If-Match", `"5"`}, // after the four moves to work
		},
		{
			method: "POST",
			path:   "/api/v1/cases/" + id.String() + "/transitions",
			body:   `{"toStage":"baan_aangeboden","date":"2026-02-02"}`, // the placement ended
		},
		{
			method: "PUT",
			path:   "/api/v1/cases/" + id.String() + "/weeks/2026-W05",
			body:   `{"plannedWorkHours":20}`,
		},
	} {
		if s, body := m.send(kmc, c); s >= 300 {
			t.Fatalf("%s %s: %d %s", c.method, c.path, s, body)
		}
	}
	changes := m.auditRows(
		"a.case_id = ? AND a.action IN ('wijzigen', 'aanmaken') AND a.user_id = ?",
		id,
		km,
	)
	if len(changes) != 3 || changes[2].ObjectType != "weekly-hours" ||
		*changes[2].ObjectID != "2026-W05" {
		t.Errorf("change rows %+v", changes)
	}

	m.server.do(
		"POST",
		"/api/v1/sessions",
		`{"email":"karin@matrix.example","password":"verkeerd-wachtwoord"}`,
	)
	if failed := m.auditRows("a.action = 'inloggen_mislukt'"); len(failed) != 1 ||
		failed[0].UserID != nil || failed[0].Outcome != "mislukt" {
		t.Errorf("failed login rows %+v", failed)
	}
	m.send(kmc, call{method: "GET", path: "/api/v1/users"})
	if denied := m.auditRows("a.action = 'geweigerd' AND a.user_id = ?", km); len(denied) != 1 ||
		*denied[0].ObjectID != "GET /api/v1/users" {
		t.Errorf("denied rows %+v", denied)
	}
}

// TestNoChangeWithoutItsAuditRow makes the audit insert fail and checks that the
// change it belonged to did not happen either.
func TestNoChangeWithoutItsAuditRow(t *testing.T) {
	m := newMatrix(t)
	km := m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own})
	kmc := m.with(m.session(km))
	id := m.newCase(own, 0)
	for _, q := range []string{
		`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit store down'; END $$`,
		`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW WHEN (NEW.action = 'wijzigen') EXECUTE FUNCTION refuse_audit()`,
	} {
		if err := m.db.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	s, _ := m.send(
		kmc,
		call{
			method: "PATCH",
			path:   "/api/v1/cases/" + id.String(),
			body:   `{"integrationRoute":"z"}`,
			header: []string{"If-Match", `"1"`},
		},
	)
	if s != http.StatusInternalServerError {
		t.Errorf("change whose audit row failed: %d", s)
	}
	var route *string
	var events int64
	m.db.Raw(`SELECT integration_route FROM cases WHERE id = ?`, id).Scan(&route)
	m.db.Raw(
		`SELECT count(*) FROM case_events WHERE case_id = ? AND kind <> 'aangemaakt'`,
		id,
	).Scan(&events)
	if route != nil || events != 0 {
		t.Errorf("the change stayed without its audit row: route %v, %d events", route, events)
	}
}

func TestTeamLeadReadsTheAuditLog(t *testing.T) {
	m := newMatrix(t)
	km := m.newUser("karin@matrix.example", users.Grant{Role: "klantmanager", Domain: own})
	tl := m.newUser("teamlead@matrix.example", users.Grant{Role: "teamleider", Domain: own})
	kmc, tlc := m.with(m.session(km)), m.with(m.session(tl))
	a, b := m.newCase(own, 0), m.newCase(own, 0)
	m.send(kmc, call{method: "GET", path: "/api/v1/cases/" + a.String()})
	m.send(kmc, call{method: "GET", path: "/api/v1/cases/" + b.String()})
	m.send(tlc, call{method: "GET", path: "/api/v1/cases/" + a.String()})
	// Another municipality's log stays out of view.
	otherLead := m.newUser("lead.ehv@matrix.example", users.Grant{Role: "teamleider", Domain: other})
	m.send(
		m.with(m.session(otherLead)),
		call{method: "GET", path: "/api/v1/cases/" + m.other.String()},
	)

	list := func(query string) []map[string]any {
		t.Helper()
		s, body := m.send(tlc, call{method: "GET", path: "/api/v1/audit-events" + query})
		var out struct {
			AuditEvents []map[string]any
			HasMore     bool
		}
		if err := json.Unmarshal([]byte(body), &out); err != nil || s != 200 {
			t.Fatalf("%s: %d %s", query, s, body)
		}
		return out.AuditEvents
	}
	if got := list("?user=" + km.String() + "&case=" + a.String()); len(got) != 1 ||
		got[0]["userName"] != "Matrix karin@matrix.example" ||
		got[0]["municipality"] != own || got[0]["action"] != "lezen" {
		t.Errorf("by user and case: %v", got)
	}
	if got := list("?case=" + a.String()); len(got) != 3 { // created (by the fixture), read twice
		t.Errorf("by case: %d rows", len(got))
	}
	m.send(kmc, call{method: "GET", path: "/api/v1/cases?municipality=" + own})
	if got := list("?case=" + a.String()); len(got) != 4 || got[0]["objectType"] != "case-list" ||
		len(got[0]["caseIds"].([]any)) < 2 {
		t.Errorf("a list read is not found by case: %v", got)
	}
	if got := list("?from=2000-01-01&to=2000-01-02"); len(got) != 0 {
		t.Errorf("an empty period: %d rows", len(got))
	}
	all := list("?pageSize=200")
	var buf bytes.Buffer
	json.NewEncoder(&buf).Encode(all)
	if strings.Contains(buf.String(), m.other.String()) || strings.Contains(buf.String(), `"GM0772"`) {
		t.Error("the log shows another municipality's reads")
	}
	if s, _ := m.send(tlc, call{method: "GET", path: "/api/v1/audit-events?from=gisteren"}); s != 400 {
		t.Errorf("bad period: %d", s)
	}
}
