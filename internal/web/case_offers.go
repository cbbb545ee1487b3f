package web

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/placements"
)

// addPIP records a version of the PIP; the first one starts the inburgeringstermijn.
func (h *handlers) addPIP(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	posted := map[string]string{
		"pip.drawnUpOn":               c.FormValue("drawnUpOn"),
		"pip.route":                   c.FormValue("route"),
		"pip.plannedIntegrationHours": c.FormValue("plannedIntegrationHours"),
	}
	var p errs.Problems
	in := cases.NewPIP{
		DrawnUpOn: formDate(&p, "drawnUpOn", c.FormValue("drawnUpOn")),
		Route:     c.FormValue("route"),
		PlannedIntegrationHours: formOptionalHours(&p, "plannedIntegrationHours",
			c.FormValue("plannedIntegrationHours")),
	}
	if len(p) == 0 {
		_, err = h.Cases.AddPIP(c.Request().Context(), h.guard.Actor(c), id, in)
		if err == nil {
			return h.redirect(c, "/dossiers/"+id.String()+"?deel=inburgering#inburgering", "pip-added")
		}
		if p, err = formProblems(err); err != nil {
			return err
		}
	}
	return h.formFailed(c, id, "pip.", posted, p)
}

// formProblems returns the field problems of an invalid input, or the error itself
// when it is something else (not found, forbidden, a failure).
func formProblems(err error) (errs.Problems, error) {
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid {
		return nil, err
	}
	return e.Fields, nil
}

// formFailed shows the case page again with the form's input and problems.
func (h *handlers) formFailed(
	c echo.Context,
	id uuid.UUID,
	key string,
	posted map[string]string,
	p errs.Problems,
) error {
	v, err := h.loadCase(c, id)
	if err != nil {
		return err
	}
	v.Posted = posted
	return h.renderCase(c, http.StatusBadRequest, v, withFields(prefixed(key, p)))
}

var offerInputs = []string{"employerId", "offeredOn", "contractType", "hoursPerWeek", "hourlyWage",
	"startDate", "endDate",
	"sowisRequested", "sowisGranted"}

// addJobOffer records a job offer with an employer of the case's municipality. It
// does not move the case: the stage buttons do that, on the date the user picks.
func (h *handlers) addJobOffer(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	posted := map[string]string{}
	for _, name := range offerInputs {
		posted["offer."+name] = c.FormValue(name)
	}
	in, p := offerInput(c)
	if len(p) == 0 {
		o, err := h.Placements.CreateJobOffer(c.Request().Context(), h.guard.Actor(c), id, in)
		if err == nil && len(o.Warnings) > 0 {
			return h.redirect(c, "/dossiers/"+id.String()+"?deel=werk#werk", "offer-added-below-minimum")
		}
		if err == nil {
			return h.redirect(c, "/dossiers/"+id.String()+"?deel=werk#werk", "offer-added")
		}
		if p, err = formProblems(err); err != nil {
			return err
		}
	}
	for i := range p {
		switch p[i].Name {
		case "hourlyWageCents": // the form asks for euros, the service for cents
			p[i] = errs.Field(
				"hourlyWage",
				"Vul een uurloon in tussen €\u00a01 en €\u00a0200, bijvoorbeeld 14,50.",
			)
		case "contractType": // the service lists its codes; the form offers their names
			p[i] = errs.Field("contractType", "Kies een contractvorm.")
		}
	}
	return h.formFailed(c, id, "offer.", posted, p)
}

func offerInput(c echo.Context) (placements.NewJobOffer, errs.Problems) {
	var p errs.Problems
	in := placements.NewJobOffer{OfferedOn: formDate(&p, "offeredOn", c.FormValue("offeredOn")),
		ContractType: c.FormValue("contractType"), HoursPerWeek: formHours(
			&p,
			"hoursPerWeek",
			c.FormValue("hoursPerWeek"),
		),
		StartDate: formDate(
			&p,
			"startDate",
			c.FormValue("startDate"),
		), EndDate: formDate(&p, "endDate", c.FormValue("endDate")),
		SOWISRequested: c.FormValue("sowisRequested") == "ja", SOWISGranted: c.FormValue("sowisGranted") == "ja"}
	if e, err := uuid.Parse(c.FormValue("employerId")); err == nil {
		in.EmployerID = &e
	}
	in.HourlyWageCents = formMoney(&p, "hourlyWage", c.FormValue("hourlyWage"))
	return in, p
}
