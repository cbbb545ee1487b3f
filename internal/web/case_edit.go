package web

import (
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

// caseEditForm is a form on the case page that changes details through
// cases.Update. Its inputs are named as the service names its fields, so that the
// service's problems land beside the right input.
type caseEditForm struct {
	anchor, what string
	inputs       []string
}

var caseEditForms = map[string]caseEditForm{
	"uitkering": {"client", "de gegevens van de uitkering", []string{"benefitGrantedOn", "benefitKind"}},
	"inburgering": {"inburgering", "de gegevens van de inburgering", []string{"brpRegisteredOn", "ontzorgenStartedOn",
		"bredeIntakeStartedOn", "bredeIntakeCompletedOn", "integrationRoute"}},
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
	form, ok := caseEditForms[part]
	if !ok {
		return errs.NotFound("Formulier")
	}
	key := part + "."
	posted := map[string]string{}
	for _, name := range append(form.inputs, "note") {
		posted[key+name] = c.FormValue(name)
	}
	patch, p := caseEditPatch(c, form.inputs)
	version := caseFormVersion(c)
	if len(p) == 0 {
		k, err := h.Cases.Update(c.Request().Context(), h.guard.Actor(c), id, version, patch)
		if err == nil {
			notice := "case-updated"
			if k.Version == version {
				notice = "case-unchanged"
			}
			return h.redirect(c, "/dossiers/"+id.String()+"#"+form.anchor, notice)
		}
		if errs.Is(err, errs.KindPrecondition) {
			return h.staleCase(c, id, posted, caseEditText(form, key, posted))
		}
		if p, err = caseFormProblems(err); err != nil {
			return err
		}
	}
	return h.caseFormFailed(c, id, key, posted, p)
}

// caseFormVersion is the version of the case the form was shown with; a form
// without one is treated as stale rather than saved blindly.
func caseFormVersion(c echo.Context) int {
	v, err := strconv.Atoi(c.FormValue("version"))
	if err != nil {
		return -1
	}
	return v
}

// caseEditPatch sets every input of the form: an empty input clears the field.
// Fields whose value does not change are left alone by the service.
func caseEditPatch(c echo.Context, inputs []string) (cases.Patch, errs.Problems) {
	var p errs.Problems
	out := cases.Patch{Values: cases.Values{}, Note: strings.TrimSpace(c.FormValue("note"))}
	for _, name := range inputs {
		if f, ok := cases.FieldNamed(name); ok {
			out.Values[name] = caseFormValue(&p, f, c.FormValue(name))
		}
	}
	return out, p
}

// caseFormValue reads an input as its field's kind; empty is nil, which clears it.
func caseFormValue(p *errs.Problems, f cases.Field, s string) any {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	switch f.Kind {
	case cases.KindDate:
		if d := caseFormDate(p, f.Name, s); d != nil {
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

// caseEditText says what the user tried to save, for the stale-edit warning.
func caseEditText(form caseEditForm, key string, posted map[string]string) string {
	var parts []string
	for _, name := range form.inputs {
		v := strings.TrimSpace(posted[key+name])
		parts = append(parts, cases.FieldLabel(name)+" "+caseValueText(name, &v, nil))
	}
	return "U wilde " + form.what + " opslaan: " + strings.Join(parts, ", ") + ". Uw invoer staat nog in het formulier."
}

// addResult records a PVT, MAP, KNM or exam result, or an exemption.
func (h *handlers) addResult(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	posted := map[string]string{"result.kind": c.FormValue("kind"), "result.outcome": c.FormValue("outcome"),
		"result.onDate": c.FormValue("onDate")}
	var p errs.Problems
	in := cases.NewResult{Kind: c.FormValue("kind"), Outcome: c.FormValue("outcome"),
		OnDate: caseFormDate(&p, "onDate", c.FormValue("onDate"))}
	if in.Kind == "" {
		p.Add("kind", "Kies de soort resultaat.")
	}
	if in.Outcome == "" {
		p.Add("outcome", "Kies de uitkomst.")
	}
	if len(p) == 0 {
		_, err = h.Cases.AddResult(c.Request().Context(), h.guard.Actor(c), id, in)
		if err == nil {
			return h.redirect(c, "/dossiers/"+id.String()+"#inburgering", "result-added")
		}
		if p, err = caseFormProblems(err); err != nil {
			return err
		}
	}
	return h.caseFormFailed(c, id, "result.", posted, p)
}

// assignCase gives the case to another client manager of its municipality; only a
// team lead may (the route and the service both check). Version-checked like a move.
func (h *handlers) assignCase(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	posted := map[string]string{"assign.clientManagerId": c.FormValue("clientManagerId"), "assign.note": c.FormValue("note")}
	var p errs.Problems
	patch := cases.Patch{Note: strings.TrimSpace(c.FormValue("note"))}
	if m, err := uuid.Parse(c.FormValue("clientManagerId")); err == nil {
		patch.Values = cases.Values{"clientManagerId": m}
	} else {
		p.Add("clientManagerId", "Kies een klantmanager.")
	}
	if len(p) == 0 {
		_, err = h.Cases.Update(c.Request().Context(), h.guard.Actor(c), id, caseFormVersion(c), patch)
		if err == nil {
			return h.redirect(c, "/dossiers/"+id.String(), "case-assigned")
		}
		if errs.Is(err, errs.KindPrecondition) {
			return h.staleCase(c, id, posted, "U wilde het dossier aan een andere klantmanager toewijzen; uw keuze staat nog in het formulier.")
		}
		if p, err = caseFormProblems(err); err != nil {
			return err
		}
	}
	return h.caseFormFailed(c, id, "assign.", posted, p)
}
