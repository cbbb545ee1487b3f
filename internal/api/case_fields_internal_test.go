package api

import (
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/server"
)

// fieldSample is a value of the field's kind as a client sends it, and the Go type
// the patch must then hold.
func fieldSample(f cases.Field) (string, any) {
	switch f.Kind {
	case cases.KindDate:
		return "2026-01-12", time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)
	case cases.KindID:
		id := uuid.MustParse("0b8f3f5e-6c36-4a0b-a7f7-2f1c7d3a9e11")
		return id.String(), id
	case cases.KindEnum:
		return f.Allowed[0], f.Allowed[0]
	default:
		return "abc", "abc"
	}
}

// TestPatchBodyTakesEveryField: a field in the table is all a PATCH body needs to
// accept it, to clear it with null and to refuse a value of the wrong type by name.
func TestPatchBodyTakesEveryField(t *testing.T) {
	for _, f := range cases.Fields {
		t.Run(f.Name, func(t *testing.T) {
			raw, want := fieldSample(f)
			patch := decodePatch(t, `{"`+f.Name+`":`+strconv.Quote(raw)+`,"note":"n"}`)
			if got, ok := patch.Values[f.Name]; !ok || got != want || patch.Note != "n" {
				t.Errorf("patch = %+v, want %s = %v", patch, f.Name, want)
			}
			patch = decodePatch(t, `{"`+f.Name+`":null}`)
			if got, ok := patch.Values[f.Name]; !ok || got != nil {
				t.Errorf("null: patch = %+v, want %s cleared", patch, f.Name)
			}
			var req patchCaseRequest
			if err := decodeBody([]byte(`{"`+f.Name+`":7}`), &req); err != nil {
				t.Fatal(err)
			}
			_, err := req.toDomain()
			if p, _ := server.ProblemFor(err); err == nil || len(p.InvalidParams) != 1 ||
				p.InvalidParams[0].Name != f.Name {
				t.Errorf("a number: err = %v, want a problem naming %s", err, f.Name)
			}
		})
	}
}

func TestPatchBodyRefusesUnknownFields(t *testing.T) {
	bodies := map[string]string{`{"isAdmin":true}`: "isAdmin", `{"":1}`: "body",
		`{"settledOn":"2026-01-12","pilotCode":"x","y":1}`: "pilotCode"}
	for body, name := range bodies {
		var req patchCaseRequest
		err := decodeBody([]byte(body), &req)
		p, _ := server.ProblemFor(err)
		if err == nil || p.Status != 400 || len(p.InvalidParams) != 1 || p.InvalidParams[0].Name != name {
			t.Errorf("%s: err = %v, want 400 naming %s", body, err, name)
		}
	}
}

func decodePatch(t *testing.T, body string) cases.Patch {
	t.Helper()
	var req patchCaseRequest
	if err := decodeBody([]byte(body), &req); err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	patch, err := req.toDomain()
	if err != nil {
		t.Fatalf("%s: %v", body, err)
	}
	return patch
}
