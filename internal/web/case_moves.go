package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// moveForm is the form of one transition open from the current stage.
type moveForm struct {
	To, Button, DateLabel string
	Close                 bool
	Reasons               []option
}

// Key prefixes the form's fields and values on the page ("move-gevestigd.date").
func (m moveForm) Key() string { return "move-" + m.To }

// moveForms offers the transitions of Case.NextStages; closing only to who may.
func moveForms(k cases.Case, mayClose bool) []moveForm {
	var out []moveForm
	for _, to := range k.NextStages {
		if (to == cases.StageAfgesloten && !mayClose) || offerDriven(k.Stage, to) {
			continue
		}
		m := moveForm{To: string(to), Button: moveButton(k.Stage, to), DateLabel: moveDateLabels[to]}
		if to == cases.StageAfgesloten {
			m.Close, m.Reasons = true, optionsOf(cases.CloseReasons, closeReasonLabels)
		}
		out = append(out, m)
	}
	return out
}

var moveDateLabels = map[cases.Stage]string{cases.StageGevestigd: "Vestigingsdatum",
	cases.StageUitkeringAangevraagd: "Aanvraagdatum uitkering", cases.StageBaanAangeboden: "Datum baanaanbod",
	cases.StageAanHetWerk: "Startdatum werk", cases.StageUitgestroomd: "Einddatum uitkering",
	cases.StageAfgesloten: "Datum afsluiting"}

// moveButton names what the move means from where the case stands: the same stage
// can be a first offer, a new offer after a decline, or a placement that ended.
func moveButton(from, to cases.Stage) string {
	switch {
	case from == cases.StageBaanAangeboden && to == cases.StageBaanAangeboden:
		return "Nieuw baanaanbod (vorige afgewezen)"
	case from == cases.StageAanHetWerk && to == cases.StageBaanAangeboden:
		return "Plaatsing beëindigd, nieuw baanaanbod"
	case from == cases.StageUitgestroomd && to == cases.StageUitkeringAangevraagd:
		return "Herinstroom: opnieuw uitkering aangevraagd"
	case to == cases.StageUitgestroomd:
		return "Uitgestroomd naar werk"
	case to == cases.StageAfgesloten:
		return "Dossier afsluiten"
	}
	return "Naar fase " + dutch.Stage(to)
}

// staleView tells the user that someone else changed the case after they opened
// it, what changed, and what they tried to do.
type staleView struct {
	Changes []string
	Yours   string
}

// moveCase records a transition. The form carries the version the user saw; if the
// case changed since, nothing is saved and the page says what changed.
func (h *handlers) moveCase(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	to := c.FormValue("toStage")
	key := "move-" + to + "."
	posted := map[string]string{key + "date": c.FormValue("date"), key + "note": c.FormValue("note"),
		key + "closeReason": c.FormValue("closeReason")}
	in, p := transitionInput(c, cases.Stage(to))
	if len(p) == 0 {
		_, err = h.Cases.Transition(c.Request().Context(), h.guard.Actor(c), id, in)
		if err == nil && in.To == cases.StageAfgesloten {
			return h.redirect(c, "/dossiers/"+id.String()+"?deel=geschiedenis#geschiedenis", "case-closed")
		}
		if err == nil {
			return h.redirect(c, "/dossiers/"+id.String(), "moved")
		}
		if errs.Is(err, errs.KindPrecondition) {
			return h.staleCase(c, id, posted, movedText(in))
		}
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.KindInvalid {
			return err
		}
		p = e.Fields
	}
	v, err := h.loadCase(c, id)
	if err != nil {
		return err
	}
	v.Posted = posted
	return h.renderCase(c, http.StatusBadRequest, v, withFields(prefixed(key, p)))
}

func transitionInput(c echo.Context, to cases.Stage) (cases.TransitionInput, errs.Problems) {
	var p errs.Problems
	in := cases.TransitionInput{
		To:   to,
		On:   formDate(&p, "date", c.FormValue("date")),
		Note: strings.TrimSpace(c.FormValue("note")),
	}
	if in.On == nil && len(p) == 0 {
		p.Add("date", "Vul een datum in.")
	}
	if r := c.FormValue("closeReason"); r != "" || to == cases.StageAfgesloten {
		in.CloseReason = &r
	}
	if v, err := strconv.Atoi(c.FormValue("version")); err == nil {
		in.IfVersion = &v
	}
	return in, p
}

func movedText(in cases.TransitionInput) string {
	t := "naar fase " + dutch.Stage(in.To)
	if in.On != nil {
		t += " op " + dutch.Date(*in.On)
	}
	if in.CloseReason != nil && *in.CloseReason != "" {
		t += ", reden: " + labelOr(closeReasonLabels, *in.CloseReason)
	}
	if in.Note != "" {
		t += ", notitie: “" + in.Note + "”"
	}
	return "U wilde het dossier " + t + "."
}

func prefixed(key string, p []errs.FieldProblem) map[string]string {
	out := map[string]string{}
	for name, reason := range fieldProblems(p) {
		out[key+name] = reason
	}
	return out
}

// staleCase shows the case as it is now with what changed since the user's view:
// the history recorded after the last event they saw, and a stage that moved. The
// user's input stays in the form, which now carries the current version.
func (h *handlers) staleCase(
	c echo.Context,
	id uuid.UUID,
	posted map[string]string,
	yours string,
) error {
	v, err := h.loadCase(c, id)
	if err != nil {
		return err
	}
	v.Posted = posted
	v.Stale = &staleView{Yours: yours, Changes: h.changesSince(c, v)}
	return h.renderCase(c, http.StatusConflict, v, problemNote(
		"Iemand anders heeft dit dossier gewijzigd nadat u het opende. Uw wijziging is niet opgeslagen. Bekijk wat er veranderd is en probeer het zo nodig opnieuw."))
}

func (h *handlers) changesSince(c echo.Context, v *caseView) []string {
	var out []string
	if seen := c.FormValue("seenStage"); seen != "" && seen != string(v.Case.Stage) {
		out = append(out, "De fase is nu "+dutch.Stage(v.Case.Stage)+" (u zag "+dutch.Stage(seen)+").")
	}
	seenEvent, _ := strconv.ParseInt(c.FormValue("seenEvent"), 10, 64)
	for _, e := range v.Events {
		if e.ID > seenEvent {
			out = append(out, e.Text+" — door "+e.Actor+", "+dutch.Date(e.On)+".")
		}
	}
	if len(out) == 0 {
		out = append(out, "Er is een gegeven van het dossier gewijzigd.")
	}
	return out
}

// problemNote sets the message above the page.
func problemNote(msg string) func(*page) { return func(p *page) { p.Problem = msg } }
