package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/placements"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// caseView is everything the case page shows and the forms on it.
type caseView struct {
	Case        cases.Case
	Stages      []stageStep
	Events      []eventView
	LastEventID int64
	CanWrite    bool
	Moves       []moveForm
	Grid        hoursGrid
	Offers      []offerView
	Employers   []option
	Stale       *staleView
	// Posted holds what the user typed in the form that failed, by the same
	// prefixed keys as the page's Fields ("pip.route", "move-gevestigd.date").
	Posted       map[string]string
	Today        string
	OfferOverdue bool
	// Municipality and Pilot name them as people know them, not by their codes.
	Municipality, Pilot string
	CloseNote           string // the note typed when the case was closed
	CanAssign           bool   // a team lead: may give the case to another client manager
	Managers            []option
	ManagerID           string // the assigned client manager, "" when none
	Corrections         correctionsView

	// Journal is the journal section (case_journal.go, templates/case_journal.html).
	Journal journalView
	// Contact is the contact block (case_contact.go, templates/case_contact.html).
	Contact contactView
	// The summary: the werklijst's signals of this case and the next step.
	Signals []string
	Next    nextStep
	Story   []storyView // the Geschiedenis, newest first
	opened  map[string]bool
}

// Val is a typed value of a form that failed, or def when there is none.
func (v *caseView) Val(key, def string) string {
	if s, ok := v.Posted[key]; ok {
		return s
	}
	return def
}

// stageStep is one stage of the trajectory with the date the case reached it.
type stageStep struct {
	Stage   string
	On      *time.Time
	Current bool
}

type eventView struct {
	ID     int64
	On     time.Time
	Text   string
	Actor  string
	Note   string
	Logged time.Time
}

func (h *handlers) casePage(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	v, err := h.loadCase(c, id)
	if err != nil {
		return err
	}
	return h.renderCase(c, http.StatusOK, v)
}

func (h *handlers) renderCase(c echo.Context, status int, v *caseView, mods ...func(*page)) error {
	v.openSections(c)
	return h.render(
		c,
		status,
		"case",
		"Dossier "+v.Case.Client.Name,
		v,
		append([]func(*page){inNav("dossiers")}, mods...)...,
	)
}

// loadCase reads the case and what belongs to it: history, offers and the weeks
// of the grid. Each read is recorded in the audit log by its service.
func (h *handlers) loadCase(c echo.Context, id uuid.UUID) (*caseView, error) {
	ctx, actor := c.Request().Context(), h.guard.Actor(c)
	k, err := h.Cases.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	events, err := h.Cases.Events(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	offers, err := h.Placements.ListJobOffers(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	closed := k.Stage == cases.StageAfgesloten // read-only: no forms but Heropenen
	v := &caseView{Case: k, CanWrite: actor.May(k.MunicipalityID, "cases", "write") && !closed,
		Corrections: correctionsView{Closed: closed,
			CanReopen: closed && actor.May(k.MunicipalityID, "cases", "reopen")},
		Posted: map[string]string{},
		Today:  h.today().Format(time.DateOnly), OfferOverdue: k.OfferOverdue(h.today())}
	v.Stages = stageSteps(k)
	v.CloseNote = closeNote(k, events)
	for _, o := range offers {
		v.Offers = append(v.Offers, newOfferView(o, h.today()))
	}
	if v.Municipality, v.Pilot, err = h.caseNames(c, k); err != nil {
		return nil, err
	}
	if v.Grid, err = h.loadGrid(c, k); err != nil {
		return nil, err
	}
	if v.CanWrite {
		v.Corrections.Undo = lastStandingMove(events)
		v.Moves = moveForms(k, actor.May(k.MunicipalityID, "cases", "close"))
		if v.Employers, err = h.employerChoices(c, k.MunicipalityCode); err != nil {
			return nil, err
		}
	}
	if k.ClientManagerID != nil {
		v.ManagerID = k.ClientManagerID.String()
	}
	if v.CanAssign = v.CanWrite && actor.May(k.MunicipalityID, "cases", "assign"); v.CanAssign {
		managers, err := h.Cases.Managers(ctx, actor, id)
		if err != nil {
			return nil, err
		}
		for _, m := range managers {
			v.Managers = append(v.Managers, option{m.ID.String(), m.Name})
		}
	}
	names := managerNames(k, v.Managers)
	v.Events, v.LastEventID = eventViews(events, names)
	story, err := h.Cases.Story(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	v.Story = storyViews(story, h.today(), names)
	signals, err := h.Worklist.Case(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	for _, s := range signals {
		v.Signals = append(v.Signals, signalLabel(s))
	}
	v.Next = nextStepOf(v, h.today())
	v.Contact = newContactView(k.Contact)
	if v.Journal, err = h.loadJournal(c, k, v.CanWrite); err != nil {
		return nil, err
	}
	return v, nil
}

// managerNames are the names a reassignment in the history can be shown with: the
// current client manager, and for a team lead everyone the case may go to.
func managerNames(k cases.Case, managers []option) map[string]string {
	names := map[string]string{}
	for _, m := range managers {
		names[m.Value] = m.Label
	}
	if k.ClientManagerID != nil && k.ClientManagerName != nil {
		names[k.ClientManagerID.String()] = *k.ClientManagerName
	}
	return names
}

// caseNames reads the names of the case's municipality and pilot.
func (h *handlers) caseNames(c echo.Context, k cases.Case) (municipality, pilot string, err error) {
	return h.Pilots.Names(c.Request().Context(), k.MunicipalityID, k.PilotID)
}

// closeNote is the note of the move that closed the case, if it is closed.
func closeNote(k cases.Case, events []cases.Event) string {
	if k.Stage != cases.StageAfgesloten {
		return ""
	}
	for i := len(events) - 1; i >= 0; i-- {
		if e := events[i]; e.Kind == "overgang" && textOf(e.ToStage) == string(cases.StageAfgesloten) {
			return e.Note
		}
	}
	return ""
}

// stageSteps lists the trajectory up to leaving it: each stage with its first date.
func stageSteps(k cases.Case) []stageStep {
	d := k.Dates
	dates := map[cases.Stage]*time.Time{cases.StageAangemeld: &d.RegisteredOn,
		cases.StageGevestigd:            d.SettledOn,
		cases.StageUitkeringAangevraagd: d.BenefitAppliedOn, cases.StageBaanAangeboden: d.JobOfferedOn,
		cases.StageAanHetWerk: d.WorkStartedOn, cases.StageUitgestroomd: d.LeftBenefitOn, cases.StageAfgesloten: d.ClosedOn}
	var out []stageStep
	for _, s := range cases.Stages {
		if s == cases.StageAfgesloten && d.ClosedOn == nil {
			continue
		}
		out = append(out, stageStep{Stage: string(s), On: dates[s], Current: s == k.Stage})
	}
	return out
}

func eventViews(events []cases.Event, managers map[string]string) ([]eventView, int64) {
	out := make([]eventView, len(events))
	var last int64
	for i, e := range events {
		on := e.RecordedAt
		if e.OccurredOn != nil {
			on = *e.OccurredOn
		}
		out[i] = eventView{
			ID:     e.ID,
			On:     on,
			Text:   eventText(e, managers),
			Actor:  e.ActorName,
			Note:   e.Note,
			Logged: e.RecordedAt,
		}
		last = max(last, e.ID)
	}
	return out, last
}

// eventText says what an event did, in Dutch.
func eventText(e cases.Event, managers map[string]string) string {
	switch e.Kind {
	case "aangemaakt":
		return "Dossier aangemaakt in fase " + dutch.Stage(textOf(e.ToStage))
	case "overgang":
		t := "Van fase " + dutch.Stage(textOf(e.FromStage)) + " naar " + dutch.Stage(textOf(e.ToStage))
		if e.Reentry {
			t += " (herinstroom: opnieuw een uitkering aangevraagd)"
		}
		if e.JobOfferID != nil {
			t += " (via baanaanbod)"
		}
		return t
	case "correctie", "intrekking", "heropend":
		return correctionText(e)
	}
	what := cases.FieldLabel(textOf(e.Field))
	verb := " gewijzigd"
	if e.Kind == "datumcorrectie" {
		verb = " gecorrigeerd"
	}
	if e.OldValue == nil && e.NewValue == nil {
		return what + verb
	}
	field := textOf(e.Field)
	return what + verb + ": " + valueText(field, e.OldValue, managers) + " → " +
		valueText(field, e.NewValue, managers)
}

// valueText shows a changed value in Dutch: dates written out, codes as their
// labels, a client manager by name (never an account id).
func valueText(field string, s *string, managers map[string]string) string {
	if s == nil || *s == "" {
		return "(leeg)"
	}
	if d, err := time.Parse(time.DateOnly, *s); err == nil {
		return dutch.Date(d)
	}
	switch field {
	case "integrationRoute":
		return labelOr(routeLabels, *s)
	case "benefitKind":
		return labelOr(benefitKindLabels, *s)
	case "clientManagerId":
		if name, ok := managers[*s]; ok {
			return name
		}
		return "een andere medewerker"
	case "integrationResult": // "kind: outcome"
		if kind, outcome, ok := strings.Cut(*s, ": "); ok {
			return labelOr(resultLabels, kind) + ": " + strings.ToLower(labelOr(outcomeLabels, outcome))
		}
	}
	return *s
}

func textOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// offerView is one job offer or placement as the page lists it.
type offerView struct {
	ID string
	// undecided; accepted and not ended
	Open, Running                                                   bool
	Employer, Status, Contract, Sector, Wage, Hours, Quality, SOWIS string
	OfferedOn                                                       time.Time
	Start, End                                                      *time.Time
	// Undecided: only the end date is missing
	MeetsBar, Undecided bool
	DeclineReason       string
	Warnings            []string // e.g. a wage below the statutory minimum
	// Withdrawn: registered by mistake and withdrawn; it counts for nothing.
	Withdrawn       bool
	WithdrawnReason string
	Offer           placements.JobOffer // as recorded, for the correction form
}

func newOfferView(o placements.JobOffer, today time.Time) offerView {
	v := offerView{ID: o.ID.String(), Open: o.Status == "open",
		Running: o.Status == "geaccepteerd" &&
			(o.EndDate == nil || !o.EndDate.Before(today)), Employer: o.EmployerName, Status: labelOr(
			offerStatusLabels,
			o.Status,
		), Contract: labelOr(
			contractLabels,
			o.ContractType,
		),
		Sector: o.Sector, Wage: euroText(o.HourlyWageCents), Hours: hoursText(o.HoursPerWeek), OfferedOn: o.OfferedOn,
		Start: o.StartDate, End: o.EndDate, MeetsBar: o.MeetsQualityBar, DeclineReason: textOf(o.DeclineReason),
		Warnings:  o.Warnings,
		Withdrawn: o.WithdrawnAt != nil, WithdrawnReason: textOf(o.WithdrawnReason), Offer: o}
	if v.Withdrawn {
		v.Open, v.Running, v.Status = false, false, "Ingetrokken"
	}
	v.Quality = "Voldoet aan 20 uur per week voor 12 maanden"
	switch {
	case o.MeetsQualityBar:
	case len(o.QualityIssues) == 1 && o.QualityIssues[0] == placements.IssueEndUnknown:
		// Not known to fall short: the contract may well run 12 months (as on the werklijst).
		v.Undecided, v.Quality = true, "Nog niet te beoordelen: er is geen einddatum vastgelegd"
	default:
		v.Quality = "Voldoet niet: " + issuesText(o.QualityIssues, o.HoursPerWeek)
	}
	switch {
	case o.SOWISGranted:
		v.SOWIS = "aangevraagd en toegekend"
	case o.SOWISRequested:
		v.SOWIS = "aangevraagd"
	default:
		v.SOWIS = "niet aangevraagd"
	}
	return v
}

func euroText(cents int) string {
	s := strings.Replace(hoursText(float64(cents)/100), ",", ".", 1)
	whole, frac, _ := strings.Cut(s, ".")
	for len(frac) < 2 {
		frac += "0"
	}
	return "€ " + whole + "," + frac
}

// employerChoices lists the employers of the case's municipality for the offer form.
func (h *handlers) employerChoices(c echo.Context, municipality string) ([]option, error) {
	list, err := h.Placements.ListEmployers(c.Request().Context(),
		h.guard.ActorFor(c, "employers", "read"),
		placements.EmployerFilter{MunicipalityCode: municipality})
	if err != nil {
		return nil, err
	}
	return employerOptions(list), nil
}

// employerOptions names each employer with its KvK number, which tells apart
// employers of the same name (and branches of one chain); without one, its sector.
func employerOptions(list []placements.Employer) []option {
	out := make([]option, len(list))
	for i, e := range list {
		label := e.Name
		switch {
		case e.KvKNumber != "":
			label += " (KvK " + e.KvKNumber + ")"
		case e.Sector != "":
			label += " (" + e.Sector + ")"
		}
		out[i] = option{e.ID.String(), label}
	}
	return out
}
