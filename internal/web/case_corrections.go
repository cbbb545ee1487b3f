package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/placements"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// correctionsView is what the correction forms of the case page need
// (templates/case_corrections.html): whether the case is closed and who may reopen
// it, and the last stage move that can be undone.
type correctionsView struct {
	Closed, CanReopen bool
	Undo              *undoView
}

// undoView is the last stage move that still stands: undoing it returns the case
// from To to From.
type undoView struct{ From, To string }

// lastStandingMove finds the last move of the history that no correction undid; nil
// when the case has made no move since its creation.
func lastStandingMove(events []cases.Event) *undoView {
	undone := map[int64]bool{}
	for _, e := range events {
		if e.UndoesEventID != nil {
			undone[*e.UndoesEventID] = true
		}
	}
	for i := len(events) - 1; i >= 0; i-- {
		e := events[i]
		switch {
		case undone[e.ID] || (e.Kind != "overgang" && e.Kind != "aangemaakt"):
			continue
		case e.Kind == "aangemaakt":
			return nil
		}
		return &undoView{From: textOf(e.FromStage), To: textOf(e.ToStage)}
	}
	return nil
}

// offerDriven reports whether a move is made by recording an offer or its outcome,
// not by a stage button (docs/domain.md, "Stages and their rules"): every move to
// baan_aangeboden except after a placement ended, and every move to aan_het_werk.
func offerDriven(from, to cases.Stage) bool {
	return to == cases.StageAanHetWerk || (to == cases.StageBaanAangeboden && from != cases.StageAanHetWerk)
}

// Typed reports whether the user typed in a form whose keys start with prefix: its
// folded-in details open again to show the problems.
func (v *caseView) Typed(prefix string) bool {
	for k := range v.Posted {
		if strings.HasPrefix(k, prefix) {
			return true
		}
	}
	return false
}

// correctionForm runs one correction form: read the reason and what else the form
// asks (read), call the service (save), then redirect with notice; invalid input
// shows the page again with the typed values, a conflict with its message.
func (h *handlers) correctionForm(
	c echo.Context,
	key string,
	fields []string,
	anchor, notice string,
	save func(id uuid.UUID, p *errs.Problems) error,
) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	posted := map[string]string{}
	for _, name := range fields {
		posted[key+name] = c.FormValue(name)
	}
	var p errs.Problems
	err = save(id, &p)
	switch {
	case err == nil && len(p) == 0:
		return h.redirect(c, "/dossiers/"+id.String()+anchor, notice)
	case errs.Is(err, errs.KindPrecondition):
		return h.staleCase(c, id, posted, "U wilde een correctie vastleggen.")
	case errs.Is(err, errs.KindConflict):
		e, _ := errs.As(err)
		v, lerr := h.loadCase(c, id)
		if lerr != nil {
			return lerr
		}
		v.Posted = posted
		return h.renderCase(c, http.StatusConflict, v, problemNote(e.Detail))
	case err != nil:
		if p, err = formProblems(err); err != nil {
			return err
		}
	}
	return h.formFailed(c, id, key, posted, p)
}

// correction reads the reason and the version the user saw.
func correction(c echo.Context) cases.CorrectionInput {
	in := cases.CorrectionInput{Reason: c.FormValue("reason")}
	if v, err := strconv.Atoi(c.FormValue("version")); err == nil {
		in.IfVersion = &v
	}
	return in
}

// undoMove takes back the last stage move, with a reason.
func (h *handlers) undoMove(c echo.Context) error {
	return h.correctionForm(c, "undo.", []string{"reason"}, "?deel=overzicht#overzicht", "move-undone",
		func(id uuid.UUID, _ *errs.Problems) error {
			_, err := h.Cases.UndoLastMove(c.Request().Context(), h.guard.Actor(c), id, correction(c))
			return err
		})
}

// reopenCase reopens a closed case (a team lead), with a reason.
func (h *handlers) reopenCase(c echo.Context) error {
	return h.correctionForm(c, "reopen.", []string{"reason"}, "?deel=overzicht#overzicht", "case-reopened",
		func(id uuid.UUID, _ *errs.Problems) error {
			_, err := h.Cases.Reopen(c.Request().Context(), h.guard.Actor(c), id, correction(c))
			return err
		})
}

// withdrawOffer withdraws an offer registered by mistake, and the moves it caused
// while they are the case's last.
func (h *handlers) withdrawOffer(c echo.Context) error {
	offerID, err := jobOfferID(c)
	if err != nil {
		return err
	}
	return h.correctionForm(c, "offer-withdraw-"+offerID.String()+".", []string{"reason"}, "?deel=werk#werk",
		"offer-withdrawn", func(id uuid.UUID, _ *errs.Problems) error {
			_, err := h.Placements.WithdrawJobOffer(c.Request().Context(), h.guard.Actor(c), id, offerID,
				c.FormValue("reason"))
			return err
		})
}

// correctOffer corrects the recorded fields of an offer, with a reason.
func (h *handlers) correctOffer(c echo.Context) error {
	offerID, err := jobOfferID(c)
	if err != nil {
		return err
	}
	fields := []string{"offeredOn", "contractType", "hoursPerWeek", "hourlyWage", "startDate", "endDate",
		"reason"}
	return h.correctionForm(c, "offer-correct-"+offerID.String()+".", fields, "?deel=werk#werk", "offer-corrected",
		func(id uuid.UUID, p *errs.Problems) error {
			in := placements.OfferCorrection{OfferedOn: formDate(p, "offeredOn", c.FormValue("offeredOn")),
				ContractType: c.FormValue("contractType"),
				HoursPerWeek: formHours(p, "hoursPerWeek", c.FormValue("hoursPerWeek")),
				StartDate:    formDate(p, "startDate", c.FormValue("startDate")),
				EndDate:      formDate(p, "endDate", c.FormValue("endDate")), Reason: c.FormValue("reason")}
			in.HourlyWageCents = formMoney(p, "hourlyWage", c.FormValue("hourlyWage"))
			if len(*p) > 0 {
				return nil
			}
			_, err := h.Placements.CorrectJobOffer(c.Request().Context(), h.guard.Actor(c), id, offerID, in)
			if e, ok := errs.As(err); ok && e.Kind == errs.KindInvalid {
				for i := range e.Fields { // the form asks for euros, the service for cents
					if e.Fields[i].Name == "hourlyWageCents" {
						e.Fields[i] = errs.Field("hourlyWage", "Vul een uurloon in tussen €\u00a01 en €\u00a0200.")
					}
				}
			}
			return err
		})
}

// withdrawPIP withdraws a PIP version entered by mistake.
func (h *handlers) withdrawPIP(c echo.Context) error {
	version, err := strconv.Atoi(c.FormValue("pipVersion"))
	if err != nil {
		return errs.NotFound("PIP-versie")
	}
	return h.correctionForm(c, "pip-withdraw-"+strconv.Itoa(version)+".", []string{"reason"},
		"?deel=inburgering#inburgering", "pip-withdrawn", func(id uuid.UUID, _ *errs.Problems) error {
			_, err := h.Cases.WithdrawPIP(c.Request().Context(), h.guard.Actor(c), id, version, correction(c))
			return err
		})
}

func resultID(c echo.Context) (int64, error) {
	id, err := strconv.ParseInt(c.FormValue("resultId"), 10, 64)
	if err != nil {
		return 0, errs.NotFound("Resultaat")
	}
	return id, nil
}

// correctResult corrects a wrong outcome or date of an integration result.
func (h *handlers) correctResult(c echo.Context) error {
	rid, err := resultID(c)
	if err != nil {
		return err
	}
	key := "result-correct-" + strconv.FormatInt(rid, 10) + "."
	return h.correctionForm(c, key, []string{"outcome", "onDate", "reason"}, "?deel=inburgering#inburgering",
		"result-corrected", func(id uuid.UUID, p *errs.Problems) error {
			in := cases.ResultCorrection{Outcome: c.FormValue("outcome"),
				OnDate: formDate(p, "onDate", c.FormValue("onDate")), CorrectionInput: correction(c)}
			if len(*p) > 0 {
				return nil
			}
			_, err := h.Cases.CorrectResult(c.Request().Context(), h.guard.Actor(c), id, rid, in)
			return err
		})
}

// withdrawResult withdraws an integration result entered by mistake.
func (h *handlers) withdrawResult(c echo.Context) error {
	rid, err := resultID(c)
	if err != nil {
		return err
	}
	return h.correctionForm(c, "result-withdraw-"+strconv.FormatInt(rid, 10)+".", []string{"reason"},
		"?deel=inburgering#inburgering", "result-withdrawn", func(id uuid.UUID, _ *errs.Problems) error {
			_, err := h.Cases.WithdrawResult(c.Request().Context(), h.guard.Actor(c), id, rid, correction(c))
			return err
		})
}

// correctionText says what a correctie, intrekking or heropend event did, in Dutch.
func correctionText(e cases.Event) string {
	switch {
	case e.Kind == "heropend":
		return "Dossier heropend: terug naar fase " + dutch.Stage(textOf(e.ToStage))
	case textOf(e.Field) == "stage":
		return "Faseovergang ongedaan gemaakt: van " + dutch.Stage(textOf(e.FromStage)) + " terug naar " +
			dutch.Stage(textOf(e.ToStage))
	}
	what := map[string]string{"jobOffer": "Baanaanbod", "pip": "PIP-versie",
		"integrationResult": "Resultaat"}[textOf(e.Field)]
	if what == "" {
		what = cases.FieldLabel(textOf(e.Field))
	}
	if e.Kind == "intrekking" {
		return what + " ingetrokken: " + textOf(e.OldValue)
	}
	return what + " gecorrigeerd: " + textOf(e.OldValue) + " → " + textOf(e.NewValue)
}

// corrItem hands a correction form the page and the record it corrects.
type corrItem struct {
	P    *page
	Item any
}

// HoursInput and WageInput are the offer's hours and wage as its correction form
// shows them for editing (24,5 and 14,50).
func (o offerView) HoursInput() string {
	return strings.Replace(strconv.FormatFloat(o.Offer.HoursPerWeek, 'f', -1, 64), ".", ",", 1)
}

// WageInput is the hourly wage in euros with a decimal comma.
func (o offerView) WageInput() string {
	return strconv.Itoa(o.Offer.HourlyWageCents/100) + "," + twoDigits(o.Offer.HourlyWageCents%100)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
