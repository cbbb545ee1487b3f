package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/placements"
	"github.com/startbaan/startbaan/internal/web/dutch"
	"github.com/startbaan/startbaan/internal/worklist"
)

type worklistData struct {
	Attention, Calm []worklistRow
	Team            bool // the user sees the team's cases: show the manager, offer "only mine"
	OnlyMine        bool
	// The filters: stage and signal travel in the URL (bookmarkable, no personal data);
	// the name searched for only in a POST body, like the case list's search.
	Stage, Kind, Search string
	Stages, Kinds       []option
	Filtered            bool // a filter or search is active: offer to clear it
}

type worklistRow struct {
	ID, Name, Stage, Manager string
	Number                   string // the case number, said aloud on the phone
	// Whom tells apart clients of the same name: the birth year, and the date of
	// registration where name and year are the same too. Never the BSN.
	Whom     string
	Since    time.Time
	Signals  []worklistSignal
	daysLate int
}

// worklistSignal is a signal's text with a link to where it is resolved.
type worklistSignal struct{ Text, Href string }

// worklistPage is the client manager's start page: the caseload, the cases that ask for
// action first. GET /werklijst?fase=&signaal=&alleen=mijn filters it.
func (h *handlers) worklistPage(c echo.Context) error {
	q := c.QueryParams()
	return h.worklist(c, q.Get("fase"), q.Get("signaal"), q.Get("alleen") == "mijn", "")
}

// worklistSearch searches the caseload by name: a POST, so that the name never appears
// in a URL, a browser history or an access log; the filters come along as fields.
func (h *handlers) worklistSearch(c echo.Context) error {
	return h.worklist(c, c.FormValue("fase"), c.FormValue("signaal"),
		c.FormValue("alleen") == "mijn", strings.TrimSpace(c.FormValue("zoek")))
}

func (h *handlers) worklist(c echo.Context, stage, kind string, onlyMine bool, search string) error {
	data := worklistData{Team: h.guard.May(c, "cases", "assign"), OnlyMine: onlyMine,
		Stage: stage, Kind: kind, Search: search, Filtered: stage != "" || kind != "" || search != ""}
	data.options()
	items, err := h.Worklist.Caseload(
		c.Request().Context(),
		h.guard.Actor(c),
		worklist.Filter{OnlyMine: onlyMine, Stage: cases.Stage(stage), Kind: worklist.Kind(kind),
			Query: search},
	)
	if e, ok := errs.As(err); ok && e.Kind == errs.KindInvalid {
		return h.render(c, http.StatusBadRequest, "werklijst", "Werklijst", data,
			withFields(fieldProblems(e.Fields)))
	}
	if err != nil {
		return err
	}
	same := map[string]int{}
	for _, it := range items {
		same[worklistNameKey(it)]++
	}
	for _, it := range items {
		row := worklistRow{ID: it.CaseID.String(), Name: it.ClientName, Stage: string(it.Stage),
			Since: it.StageEnteredOn, Number: it.CaseNumber,
			Whom: fmt.Sprintf("geboren %d", it.BirthDate.Year()), daysLate: it.DaysLate()}
		if same[worklistNameKey(it)] > 1 {
			row.Whom += ", aangemeld " + dutch.Date(it.RegisteredOn)
		}
		if it.ClientManagerName != nil {
			row.Manager = *it.ClientManagerName
		}
		for _, s := range it.Signals {
			href := signalHref(it.CaseID.String(), s)
			if data.Team && it.ClientManagerID != nil && strings.HasPrefix(href, weekClosePath) {
				// a team's week goes over pages: the manager's caseload shows the row
				href = strings.Replace(href, "#", "&klantmanager="+it.ClientManagerID.String()+"#", 1)
			}
			row.Signals = append(row.Signals, worklistSignal{Text: signalLabel(s), Href: href})
			if s.Kind == worklist.FollowUpDue { // journal follow-ups: case_journal.go
				row.Signals[len(row.Signals)-1] = followUpSignal(it, s, h.guard.Actor(c).UserID)
			}
		}
		if len(row.Signals) > 0 {
			data.Attention = append(data.Attention, row)
		} else {
			data.Calm = append(data.Calm, row)
		}
	}
	// Most days late first; the other signals after them, by name as the list came. A
	// name search keeps the best matches first instead.
	if search == "" {
		sort.SliceStable(
			data.Attention,
			func(i, j int) bool { return data.Attention[i].daysLate > data.Attention[j].daysLate },
		)
	}
	return h.render(c, http.StatusOK, "werklijst", "Werklijst", data)
}

// options fills the choices of the filter form.
func (d *worklistData) options() {
	for _, s := range cases.Stages {
		d.Stages = append(d.Stages, option{string(s), dutch.Stage(s)})
	}
	for _, k := range worklist.Kinds {
		d.Kinds = append(d.Kinds, option{string(k), signalKindLabels[k]})
	}
}

// signalKindLabels name the kinds in the filter.
var signalKindLabels = map[worklist.Kind]string{
	worklist.OfferOverdue:      "Baanaanbod te laat",
	worklist.NoHoursLastWeek:   "Geen uren vorige week",
	worklist.WeekBelowTarget:   "Week onder het doel",
	worklist.PlacementBelowBar: "Onder de lat van 20 uur en 12 maanden",
	worklist.NoFirstPIP:        "Nog geen PIP",
	worklist.TermEnding:        "Inburgeringstermijn loopt af",
	worklist.OfferOpenLong:     "Aanbod langer dan 30 dagen open",
	worklist.RegisteredLong:    "Langer dan 8 weken aangemeld",
	worklist.ContractEnding:    "Contract eindigt binnen 6 weken",
	worklist.NoActiveManager:   "Geen actieve klantmanager",
}

// signalHref links a signal to the section of the case page where it is resolved.
func signalHref(caseID string, s worklist.Signal) string {
	base := "/dossiers/" + caseID
	switch s.Kind {
	case worklist.NoHoursLastWeek, worklist.WeekBelowTarget:
		// the week is closed on the week screen, at the client's row
		return weekCloseHref(s.Week) + "#rij-" + caseID
	case worklist.OfferOverdue, worklist.PlacementBelowBar, worklist.OfferOpenLong,
		worklist.ContractEnding:
		return base + "?deel=werk#werk"
	case worklist.NoFirstPIP, worklist.TermEnding:
		return base + "?deel=inburgering#inburgering"
	}
	return base + "?deel=overzicht#overzicht" // the stage and the client manager are changed there
}

func worklistNameKey(it worklist.Item) string {
	return strings.ToLower(strings.TrimSpace(it.ClientName)) + "|" + strconv.Itoa(it.BirthDate.Year())
}

// signalLabel says in Dutch what is wrong and since when, so the manager knows
// what to do without opening the case first.
func signalLabel(s worklist.Signal) string {
	switch s.Kind {
	case worklist.OfferOverdue:
		return fmt.Sprintf(
			"Nog geen baanaanbod: dat had uiterlijk %s gedaan moeten zijn (%s te laat).",
			dutch.Date(s.Due),
			daysText(s.DaysLate),
		)
	case worklist.NoHoursLastWeek:
		return fmt.Sprintf(
			"Geen uren vastgelegd voor vorige week (week %d, vanaf %s).",
			s.Week.Num,
			dutch.Date(s.Week.Monday()),
		)
	case worklist.WeekBelowTarget:
		return fmt.Sprintf("Week %d: %s.", s.Week.Num, shortfallsText(s.Missed, s.Entry))
	case worklist.PlacementBelowBar:
		what := "Het baanaanbod"
		if s.OfferAccepted {
			what = "De plaatsing"
		}
		return fmt.Sprintf(
			"%s haalt de lat van 20 uur per week voor 12 maanden niet: %s.",
			what,
			issuesText(s.Issues, s.HoursPerWeek),
		)
	case worklist.NoFirstPIP:
		return fmt.Sprintf(
			"Nog geen PIP: dat was nodig uiterlijk %s, 10 weken na vestiging (%s te laat).",
			dutch.Date(s.Due),
			daysText(s.DaysLate),
		)
	case worklist.TermEnding:
		if s.DaysLate > 0 {
			return fmt.Sprintf("De inburgeringstermijn is verlopen op %s.", dutch.Date(s.Due))
		}
		return fmt.Sprintf("De inburgeringstermijn loopt af op %s.", dutch.Date(s.Due))
	}
	return issue12Label(s)
}

// issue12Label says what the signals of issue 12 ask for.
func issue12Label(s worklist.Signal) string {
	switch s.Kind {
	case worklist.OfferOpenLong:
		return fmt.Sprintf("Aanbod bij %s staat %s open zonder uitkomst.", s.Employer,
			daysText(s.Days))
	case worklist.RegisteredLong:
		return fmt.Sprintf("Al %s aangemeld en nog niet gevestigd.", daysText(s.Days))
	case worklist.ContractEnding:
		return fmt.Sprintf("Contract bij %s eindigt %s.", s.Employer, dutch.Date(s.Due))
	case worklist.NoActiveManager:
		return "Geen actieve klantmanager: wijs het dossier toe."
	}
	return string(s.Kind)
}

// signalHref links an hours signal to the case's row on the week screen of its week.
// shortfallsText says what a week missed: "inburgering 7 uur, minimaal 8", with the
// authorised absence that lowered the minimums.
func shortfallsText(missed []hours.Shortfall, e hours.Entry) string {
	parts := make([]string, len(missed))
	for i, m := range missed {
		side := m.Side
		if side == hours.SideCombined {
			side = "werk en inburgering samen"
		}
		parts[i] = fmt.Sprintf("%s %s uur, minimaal %s", side, hoursText(m.Actual), hoursText(m.Owed))
	}
	out := strings.Join(parts, "; ")
	if a := e.AuthorisedAbsence(); a > 0 {
		out += fmt.Sprintf(" (na %s uur %s)", hoursText(a), e.AbsenceReason)
	}
	return out
}

func daysText(n int) string {
	if n == 1 {
		return "1 dag"
	}
	return fmt.Sprintf("%d dagen", n)
}

// hoursText writes hours the Dutch way, without a needless ",0".
func hoursText(v float64) string {
	return strings.Replace(strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0"), ".", ",", 1)
}

func issuesText(issues []string, hoursPerWeek float64) string {
	var parts []string
	for _, i := range issues {
		switch i {
		case placements.IssueTooFewHours:
			parts = append(parts, hoursText(hoursPerWeek)+" uur per week")
		case placements.IssueTooShort:
			parts = append(parts, "korter dan 12 maanden")
		case placements.IssueEndUnknown:
			parts = append(parts, "de duur is onbekend")
		default:
			parts = append(parts, i)
		}
	}
	return strings.Join(parts, ", ")
}

// worklistTable is what the shared table of both sections needs.
type worklistTable struct {
	Caption       string
	Rows          []worklistRow
	Team, Signals bool
}
