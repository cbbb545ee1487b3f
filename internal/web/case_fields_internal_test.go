package web

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/cases"
)

// TestCaseFieldsInFormsAndHistory: a field in the table is all a case form needs to
// read it (and clear it when empty), and all the history and the stale-edit warning
// need to name it in Dutch. A personal field's change is told without its values.
func TestCaseFieldsInFormsAndHistory(t *testing.T) {
	id := uuid.MustParse("0b8f3f5e-6c36-4a0b-a7f7-2f1c7d3a9e11")
	samples := map[cases.Kind]struct {
		form string
		want any
	}{
		cases.KindDate: {"12-1-2026", time.Date(2026, 1, 12, 0, 0, 0, 0, time.UTC)},
		cases.KindID:   {id.String(), id},
		cases.KindText: {" abc ", "abc"},
		cases.KindCode: {" abc ", "abc"},
	}
	for _, f := range cases.Fields {
		t.Run(f.Name, func(t *testing.T) {
			sample, ok := samples[f.Kind]
			if f.Kind == cases.KindEnum {
				sample.form, sample.want, ok = f.Allowed[0], f.Allowed[0], true
			}
			if !ok {
				t.Fatalf("no form sample for kind %v", f.Kind)
			}
			patch, p := editPatch(formOf(f.Name, sample.form, "note", " n "), []string{f.Name})
			got, set := patch.Values[f.Name]
			if len(p) > 0 || !set || got != sample.want || patch.Note != "n" {
				t.Fatalf("form %q: patch %+v, problems %v; want %v", sample.form, patch, p, sample.want)
			}
			patch, _ = editPatch(formOf(f.Name, " "), []string{f.Name})
			if got, set = patch.Values[f.Name]; !set || got != nil {
				t.Errorf("an empty input does not clear the field: %+v", patch)
			}

			name, from, to := f.Name, "a", "b"
			e := cases.Event{Kind: "wijziging", Field: &name}
			if !f.Personal {
				e.OldValue, e.NewValue = &from, &to
			}
			text := eventText(e, nil)
			if !strings.HasPrefix(text, f.Label+" gewijzigd") || strings.Contains(text, f.Name) {
				t.Errorf("history: %q, want it to start with the label %q", text, f.Label)
			}
			if f.Personal && text != f.Label+" gewijzigd" {
				t.Errorf("history of personal data: %q, want no values", text)
			}
			form := editForm{what: "de gegevens"}
			form.inputs = []string{f.Name}
			warn := editText(form, "x.", map[string]string{"x." + f.Name: ""})
			if !strings.Contains(warn, f.Label+" (leeg)") {
				t.Errorf("stale-edit warning: %q, want the label %q", warn, f.Label)
			}
		})
	}
}
