package api_test

import (
	"fmt"
	"testing"
)

// TestNotes: the journal through the API, by outcome.
func TestNotes(t *testing.T) {
	s := newServer(t)
	id, _ := s.createCase()
	base := "/api/v1/cases/" + id + "/notes"
	r := s.do("POST", base, `{"contactOn":"2026-01-10","kind":"telefoon","body":"Gebeld met de taalschool.",
		"followUpOn":"2026-01-20"}`)
	m := r.json(t)
	if r.status != 201 || m["kind"] != "telefoon" || m["followUpOn"] != "2026-01-20" ||
		m["followUpUserName"] != "Karin Manager" {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	note := fmt.Sprint(int64(m["id"].(float64)))
	t.Run("200", func(t *testing.T) {
		r := s.do("GET", base+"?q=TAALSCHOOL", "")
		if notes := r.json(t)["notes"].([]any); r.status != 200 || len(notes) != 1 {
			t.Fatalf("search: %d %s", r.status, r.body)
		}
		r = s.do("POST", base+"/"+note+"/follow-up-done", "")
		if r.status != 200 || r.json(t)["followUpDoneAt"] == nil {
			t.Fatalf("follow-up done: %d %s", r.status, r.body)
		}
		r = s.do("POST", base+"/"+note+"/withdraw", `{"reason":"Dubbel vastgelegd."}`)
		if r.status != 200 || r.json(t)["withdrawnReason"] != "Dubbel vastgelegd." {
			t.Fatalf("withdraw: %d %s", r.status, r.body)
		}
		if notes := s.do("GET", base, "").json(t)["notes"].([]any); len(notes) != 0 {
			t.Errorf("withdrawn note listed by default: %d", len(notes))
		}
		if notes := s.do("GET", base+"?withdrawn=true", "").json(t)["notes"].([]any); len(notes) != 1 {
			t.Errorf("withdrawn=true lists %d notes", len(notes))
		}
	})
	t.Run("400", func(t *testing.T) {
		assertProblem(t, s.do("POST", base, `{"kind":"brief","body":""}`), 400, "kind", "body")
		assertProblem(t, s.do("POST", base, `{"kind":"gesprek","body":"x","followUpOn":"20-01-2026"}`), 400,
			"followUpOn")
		assertProblem(t, s.do("GET", base+"?withdrawn=ja", ""), 400, "withdrawn")
		assertProblem(t, s.do("POST", base+"/"+note+"/withdraw", `{"reason":" "}`), 400, "reason")
	})
	t.Run("404", func(t *testing.T) {
		assertProblem(t, s.do("GET", "/api/v1/cases/"+s.other.String()+"/notes", ""), 404)
		assertProblem(t, s.do("POST", base+"/999999/follow-up-done", ""), 404)
		assertProblem(t, s.do("POST", base+"/x/follow-up-done", ""), 404)
	})
	t.Run("409", func(t *testing.T) {
		assertProblem(t, s.do("POST", base+"/"+note+"/follow-up-done", ""), 409)
		assertProblem(t, s.do("POST", base+"/"+note+"/withdraw", `{"reason":"nog eens"}`), 409)
	})
}

// TestEmployerContact: an employer's contact details are optional, normalised, and
// refused by field when they cannot be used.
func TestEmployerContact(t *testing.T) {
	s := newServer(t)
	r := s.do("POST", "/api/v1/employers", `{"municipality":"GM0363","name":"Bakkerij Noord","kvkNumber":"12345678",
		"sector":"productie","contactPerson":"Els Bakker","phone":"020-1234567","postcode":"1017gc"}`)
	m := r.json(t)
	if r.status != 201 || m["phone"] != "+31201234567" || m["postcode"] != "1017 GC" || m["email"] != nil ||
		m["contactPerson"] != "Els Bakker" {
		t.Fatalf("create: %d %s", r.status, r.body)
	}
	assertProblem(t, s.do("POST", "/api/v1/employers", `{"municipality":"GM0363","name":"B","kvkNumber":"12345679",
		"sector":"productie","phone":"bel maar","email":"geen"}`), 400, "phone", "email")
}
