package web

import (
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/placements"
)

// jobOfferID reads the offer a form is about; an id that cannot exist is not found.
func jobOfferID(c echo.Context) (uuid.UUID, error) {
	id, err := uuid.Parse(c.FormValue("offerId"))
	if err != nil {
		return uuid.Nil, errs.NotFound("Baanaanbod")
	}
	return id, nil
}

// decideOffer records what became of an open offer: accepted, with its start date
// (and end date when known), or declined, with the reason. It does not move the
// case: the stage buttons do that, on the date the user picks.
func (h *handlers) decideOffer(c echo.Context) error {
	return h.offerForm(c, "offer-", []string{"status", "startDate", "endDate", "declineReason"},
		"offer-decided",
		decisionPatch, h.offerFormFailed)
}

// offerForm runs a form that changes one job offer of the case: the patch is built
// from the form and saved, then the page redirects with notice; problems (of the
// form or the service) show the page again through failed, with the typed values.
func (h *handlers) offerForm(c echo.Context, prefix string, fields []string, notice string,
	build func(echo.Context) (placements.JobOfferPatch, errs.Problems),
	failed func(
		c echo.Context,
		id,
		offerID uuid.UUID,
		key string,
		posted map[string]string,
		p errs.Problems,
	) error) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	offerID, err := jobOfferID(c)
	if err != nil {
		return err
	}
	key := prefix + offerID.String() + "."
	posted := map[string]string{}
	for _, name := range fields {
		posted[key+name] = c.FormValue(name)
	}
	patch, p := build(c)
	if len(p) == 0 {
		_, err = h.Placements.UpdateJobOffer(c.Request().Context(), h.guard.Actor(c), id, offerID, patch)
		if err == nil {
			return h.redirect(c, "/dossiers/"+id.String()+"?deel=werk#werk", notice)
		}
		if p, err = formProblems(err); err != nil {
			return err
		}
	}
	return failed(c, id, offerID, key, posted, p)
}

// offerFormFailed shows the case page with the offer form's problems. When the
// offer is no longer open (someone decided it meanwhile), its form is gone: the
// problem is then said above the page.
func (h *handlers) offerFormFailed(
	c echo.Context,
	id,
	offerID uuid.UUID,
	key string,
	posted map[string]string,
	p errs.Problems,
) error {
	v, err := h.loadCase(c, id)
	if err != nil {
		return err
	}
	v.Posted = posted
	mods := []func(*page){withFields(prefixed(key, p))}
	for _, o := range v.Offers {
		if o.ID == offerID.String() && !o.Open {
			mods = append(
				mods,
				problemNote(
					"Over dit aanbod van "+o.Employer+" is al beslist: het is "+strings.ToLower(o.Status)+".",
				),
			)
		}
	}
	return h.renderCase(c, http.StatusBadRequest, v, mods...)
}

func decisionPatch(c echo.Context) (placements.JobOfferPatch, errs.Problems) {
	var p errs.Problems
	var patch placements.JobOfferPatch
	status := c.FormValue("status")
	switch status {
	case "geaccepteerd":
		patch.Status = &status
		patch.StartDate = formDate(&p, "startDate", c.FormValue("startDate"))
		if patch.StartDate == nil && len(p) == 0 {
			p.Add("startDate", "Vul de startdatum in.")
		}
		patch.EndDate = formDate(&p, "endDate", c.FormValue("endDate"))
	case "afgewezen":
		reason := strings.TrimSpace(c.FormValue("declineReason"))
		patch.Status, patch.DeclineReason = &status, &reason
	default:
		p.Add("status", "Kies of de cliënt het aanbod heeft aangenomen of afgewezen.")
	}
	return patch, p
}

// endPlacement records the end date of an accepted placement (and its start date
// when that was never recorded).
func (h *handlers) endPlacement(c echo.Context) error {
	return h.offerForm(c, "end-", []string{"endDate", "startDate"}, "placement-ended", endPatch,
		func(
			c echo.Context,
			id,
			_ uuid.UUID,
			key string,
			posted map[string]string,
			p errs.Problems,
		) error {
			return h.formFailed(c, id, key, posted, p)
		})
}

func endPatch(c echo.Context) (placements.JobOfferPatch, errs.Problems) {
	var p errs.Problems
	patch := placements.JobOfferPatch{EndDate: formDate(&p, "endDate", c.FormValue("endDate")),
		StartDate: formDate(&p, "startDate", c.FormValue("startDate"))}
	if patch.EndDate == nil && len(p) == 0 {
		p.Add("endDate", "Vul de einddatum in.")
	}
	return patch, p
}
