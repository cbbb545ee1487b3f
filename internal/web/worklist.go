package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/placements"
	"github.com/startbaan/startbaan/internal/web/dutch"
	"github.com/startbaan/startbaan/internal/worklist"
)

type worklistData struct {
	Attention, Calm []worklistRow
	Team            bool // the user sees the team's cases: show the manager, offer "only mine"
	OnlyMine        bool
}

type worklistRow struct {
	ID, Name, Stage, Manager string
	// Whom tells apart clients of the same name: the birth year, and the date of
	// registration where name and year are the same too. Never the BSN.
	Whom     string
	Since    time.Time
	Signals  []worklistSignal
	daysLate int
}

// worklistSignal is a signal's sentence and, where the signal is resolved on another
// page than the case (the hours signals: the week screen), a link there.
type worklistSignal struct {
	Text, Href string
}

// worklistPage is the client manager's start page: the caseload, the cases that ask for
// action first.
func (h *handlers) worklistPage(c echo.Context) error {
	onlyMine := c.QueryParam("alleen") == "mijn"
	items, err := h.Worklist.Caseload(
		c.Request().Context(),
		h.guard.Actor(c),
		worklist.Filter{OnlyMine: onlyMine},
	)
	if err != nil {
		return err
	}
	data := worklistData{Team: h.guard.May(c, "cases", "assign"), OnlyMine: onlyMine}
	same := map[string]int{}
	for _, it := range items {
		same[worklistNameKey(it)]++
	}
	for _, it := range items {
		row := worklistRow{ID: it.CaseID.String(), Name: it.ClientName, Stage: string(it.Stage),
			Since: it.StageEnteredOn,
			Whom:  fmt.Sprintf("geboren %d", it.BirthDate.Year()), daysLate: it.DaysLate()}
		if same[worklistNameKey(it)] > 1 {
			row.Whom += ", aangemeld " + dutch.Date(it.RegisteredOn)
		}
		if it.ClientManagerName != nil {
			row.Manager = *it.ClientManagerName
		}
		for _, s := range it.Signals {
			href := signalHref(s, row.ID)
			if href != "" && data.Team && it.ClientManagerID != nil {
				// a team's week goes over pages: the manager's caseload shows the row
				href = strings.Replace(href, "#", "&klantmanager="+it.ClientManagerID.String()+"#", 1)
			}
			row.Signals = append(row.Signals, worklistSignal{signalLabel(s), href})
		}
		if len(row.Signals) > 0 {
			data.Attention = append(data.Attention, row)
		} else {
			data.Calm = append(data.Calm, row)
		}
	}
	// Most days late first; the other signals after them, by name as the list came.
	sort.SliceStable(
		data.Attention,
		func(i, j int) bool { return data.Attention[i].daysLate > data.Attention[j].daysLate },
	)
	return h.render(c, http.StatusOK, "werklijst", "Werklijst", data)
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
	return string(s.Kind)
}

// signalHref links an hours signal to the case's row on the week screen of its week.
func signalHref(s worklist.Signal, caseID string) string {
	switch s.Kind {
	case worklist.NoHoursLastWeek, worklist.WeekBelowTarget:
		return weekCloseHref(s.Week) + "#rij-" + caseID
	}
	return ""
}

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
