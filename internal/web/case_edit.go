package web

import (
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

// editForm is a form on the case page that changes details through
// cases.Update. Its inputs are named as the service names its fields, so that the
// service's problems land beside the right input.
type editForm struct {
	anchor, what string
	inputs       []string
}

var editForms = map[string]editForm{
	"uitkering": {
		"overzicht",
		"de gegevens van de uitkering",
		[]string{"benefitGrantedOn", "benefitKind"},
	},
	"inburgering": {"inburgering", "de gegevens van de inburgering", []string{"brpRegisteredOn",
		"ontzorgenStartedOn",
		"bredeIntakeStartedOn", "bredeIntakeCompletedOn", "integrationRoute"}},
	"contact": {"contact", "de contactgegevens", contactInputs}, // case_contact.go
}

// editCase saves one of the detail forms. Like a move, it carries the version the
// user saw: if the case changed since, nothing is saved and the page says what
// changed, with the typed values kept.
func (h *handlers) editCase(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	part := c.FormValue("part")
	form, ok := editForms[part]
	if !ok {
		return errs.NotFound("Formulier")
	}
	key := part + "."
	posted := map[string]string{}
	for _, name := range append(form.inputs, "note") {
		posted[key+name] = c.FormValue(name)
	}
	patch, p := editPatch(c, form.inputs)
	version := formVersion(c)
	if len(p) == 0 {
		k, err := h.Cases.Update(c.Request().Context(), h.guard.Actor(c), id, version, patch)
		if err == nil {
			notice := "case-updated"
			if k.Version == version {
				notice = "case-unchanged"
			}
			return h.redirect(c, "/dossiers/"+id.String()+"?deel="+form.anchor+"#"+form.anchor, notice)
		}
		if errs.Is(err, errs.KindPrecondition) {
			return h.staleCase(c, id, posted, editText(form, key, posted))
		}
		if p, err = formProblems(err); err != nil {
			return err
		}
	}
	return h.formFailed(c, id, key, posted, p)
}

// formVersion is the version of the case the form was shown with; a form
// without one is treated as stale rather than saved blindly.
func formVersion(c echo.Context) int {
	v, err := strconv.Atoi(c.FormValue("version"))
	if err != nil {
		return -1
	}
	return v
}

// editPatch sets every input of the form: an empty input clears the field.
// Fields whose value does not change are left alone by the service.
func editPatch(c echo.Context, inputs []string) (cases.Patch, errs.Problems) {
	var p errs.Problems
	out := cases.Patch{Values: cases.Values{}, Note: strings.TrimSpace(c.FormValue("note"))}
	for _, name := range inputs {
		if f, ok := cases.FieldNamed(name); ok {
			out.Values[name] = fieldValue(&p, f, c.FormValue(name))
		}
	}
	return out, p
}

// fieldValue reads an input as its field's kind; empty is nil, which clears it.
func fieldValue(p *errs.Problems, f cases.Field, s string) any {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	switch f.Kind {
	case cases.KindDate:
		if d := formDate(p, f.Name, s); d != nil {
			return *d
		}
		return nil
	case cases.KindID:
		id, err := uuid.Parse(s)
		if err != nil {
			p.Add(f.Name, "Kies een "+strings.ToLower(f.Label)+".")
			return nil
		}
		return id
	default:
		return s
	}
}

// editText says what the user tried to save, for the stale-edit warning.
func editText(form editForm, key string, posted map[string]string) string {
	var parts []string
	for _, name := range form.inputs {
		v := strings.TrimSpace(posted[key+name])
		parts = append(parts, cases.FieldLabel(name)+" "+valueText(name, &v, nil))
	}
	return "U wilde " + form.what + " opslaan: " + strings.Join(parts, ", ") +
		". Uw invoer staat nog in het formulier."
}

// addResult records a PVT, MAP, KNM or exam result, or an exemption.
func (h *handlers) addResult(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	posted := map[string]string{"result.kind": c.FormValue("kind"),
		"result.outcome": c.FormValue("outcome"),
		"result.onDate":  c.FormValue("onDate")}
	var p errs.Problems
	in := cases.NewResult{Kind: c.FormValue("kind"), Outcome: c.FormValue("outcome"),
		OnDate: formDate(&p, "onDate", c.FormValue("onDate"))}
	if in.Kind == "" {
		p.Add("kind", "Kies de soort resultaat.")
	}
	if in.Outcome == "" {
		p.Add("outcome", "Kies de uitkomst.")
	}
	if len(p) == 0 {
		_, err = h.Cases.AddResult(c.Request().Context(), h.guard.Actor(c), id, in)
		if err == nil {
			return h.redirect(c, "/dossiers/"+id.String()+"?deel=inburgering#inburgering", "result-added")
		}
		if p, err = formProblems(err); err != nil {
			return err
		}
	}
	return h.formFailed(c, id, "result.", posted, p)
}

// assignCase gives the case to another client manager of its municipality; only a
// team lead may (the route and the service both check). Version-checked like a move.
func (h *handlers) assignCase(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	posted := map[string]string{
		"assign.clientManagerId": c.FormValue("clientManagerId"),
		"assign.note":            c.FormValue("note"),
	}
	var p errs.Problems
	patch := cases.Patch{Note: strings.TrimSpace(c.FormValue("note"))}
	if m, err := uuid.Parse(c.FormValue("clientManagerId")); err == nil {
		patch.Values = cases.Values{"clientManagerId": m}
	} else {
		p.Add("clientManagerId", "Kies een klantmanager.")
	}
	if len(p) == 0 {
		_, err = h.Cases.Update(c.Request().Context(), h.guard.Actor(c), id, formVersion(c), patch)
		if err == nil {
			return h.redirect(c, "/dossiers/"+id.String(), "case-assigned")
		}
		if errs.Is(err, errs.KindPrecondition) {
			return h.staleCase(
				c,
				id,
				posted,
				"U wilde het dossier aan een andere klantmanager toewijzen; uw keuze staat nog in het formulier.",
			)
		}
		if p, err = formProblems(err); err != nil {
			return err
		}
	}
	return h.formFailed(c, id, "assign.", posted, p)
}
