package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// The case page is a summary and six sections that open on demand (<details>), each
// with its forms behind a button of their own. Which of them are open is decided on
// the server: the section asked for (?deel=werk, the links of the section menu and
// the redirects after a save), or the section and form of a submit that failed, so
// that the user is back where they typed, with what they typed. Without either, the
// Overzicht is open. A plain link to #werk opens its section through startbaan.js.

// caseSections are the ids of the sections, in page order.
var caseSections = []string{"overzicht", "journaal", "werk", "inburgering", "uren", "geschiedenis"}

// formSections places each form of the case page (by the key its typed values and
// errors are filed under, up to the first "-" or ".") in its section.
var formSections = map[string]string{"move": "overzicht", "assign": "overzicht",
	"uitkering": "overzicht", "offer": "werk", "end": "werk", "pip": "inburgering",
	"result": "inburgering", "inburgering": "inburgering", "undo": "overzicht", "reopen": "overzicht",
	"contact": "overzicht", "note": "journaal", "withdraw": "journaal"}

// formActions names the disclosure of a form by its key; a key with an id in it
// ("offer-<id>.status") names the disclosure of that record.
var formActions = map[string]string{"move": "actie-fase", "assign": "actie-toewijzen",
	"uitkering": "actie-uitkering", "offer": "actie-baanaanbod", "pip": "actie-pip",
	"result": "actie-resultaat", "inburgering": "actie-inburgering"}

// IsOpen tells whether a section or a form's disclosure starts open.
func (v *caseView) IsOpen(id string) bool { return v.opened[id] }

// openSections decides what is open when the page is drawn.
func (v *caseView) openSections(c echo.Context) {
	v.opened = map[string]bool{}
	for key := range v.Posted {
		form, _, _ := strings.Cut(key, ".")
		kind, record, hasRecord := strings.Cut(form, "-")
		if s, ok := formSections[kind]; ok {
			v.opened[s] = true
		}
		switch {
		case kind == "offer" && hasRecord:
			v.opened["actie-uitkomst-"+record] = true
		case kind == "end" && hasRecord:
			v.opened["actie-einde-"+record] = true
		case formActions[kind] != "":
			v.opened[formActions[kind]] = true
		}
	}
	if v.Grid.failed() || c.QueryParam("vanaf") != "" {
		v.opened["uren"] = true
	}
	if deel := c.QueryParam("deel"); deel != "" {
		for _, s := range caseSections {
			if s == deel {
				v.opened[s] = true
			}
		}
	}
	if len(v.opened) == 0 {
		v.opened["overzicht"] = true
	}
}

// failed tells a grid that came back with an error or someone else's hours.
func (g hoursGrid) failed() bool {
	for _, r := range g.Rows {
		if r.Error != "" || r.Stale != "" {
			return true
		}
		for _, cell := range r.Cells {
			if cell.Error != "" {
				return true
			}
		}
	}
	return false
}

// nextStep is what the case asks for now, said as a task, with the place on the page
// where it is done.
type nextStep struct{ Text, Href string }

// nextStepOf derives the next step from the stage and what is recorded.
func nextStepOf(v *caseView, today time.Time) nextStep {
	k := v.Case
	at := func(section string) string { return "?deel=" + section + "#" + section }
	switch k.Stage {
	case cases.StageAangemeld:
		return nextStep{"Vestiging in de gemeente vastleggen", at("overzicht")}
	case cases.StageGevestigd:
		if len(k.Integration.PIPs) == 0 && k.Dates.SettledOn != nil {
			due := k.Dates.SettledOn.AddDate(0, 0, 7*10)
			return nextStep{"Eerste PIP opstellen vóór " + dutch.Date(due), at("inburgering")}
		}
		return nextStep{"Aanvraag van de uitkering vastleggen", at("overzicht")}
	case cases.StageUitkeringAangevraagd:
		if k.OfferDueOn != nil && v.OfferOverdue {
			return nextStep{"Baanaanbod doen: de termijn verliep op " + dutch.Date(*k.OfferDueOn),
				at("werk")}
		}
		if k.OfferDueOn != nil {
			return nextStep{"Baanaanbod doen vóór " + dutch.Date(*k.OfferDueOn), at("werk")}
		}
		return nextStep{"Baanaanbod doen", at("werk")}
	case cases.StageBaanAangeboden:
		for _, o := range v.Offers {
			if o.Open {
				return nextStep{"Uitkomst van het aanbod van " + o.Employer + " vastleggen", at("werk")}
			}
		}
		return nextStep{"Start van het werk vastleggen", at("overzicht")}
	case cases.StageAanHetWerk:
		week := today.AddDate(0, 0, -7)
		_, n := week.ISOWeek()
		return nextStep{"Uren van week " + strconv.Itoa(n) + " vastleggen", at("uren")}
	case cases.StageUitgestroomd:
		return nextStep{"Dossier afsluiten wanneer de begeleiding stopt", at("overzicht")}
	}
	return nextStep{Text: "Geen: het dossier is afgesloten"}
}
