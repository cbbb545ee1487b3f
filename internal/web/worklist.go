package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

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
	Number                   string // the case number, said aloud on the phone
	// Whom tells apart clients of the same name: the birth year, and the date of
	// registration where name and year are the same too. Never the BSN.
	Whom     string
	Since    time.Time
	Signals  []string
	daysLate int
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
			Since: it.StageEnteredOn, Number: it.CaseNumber,
			Whom: fmt.Sprintf("geboren %d", it.BirthDate.Year()), daysLate: it.DaysLate()}
		if same[worklistNameKey(it)] > 1 {
			row.Whom += ", aangemeld " + dutch.Date(it.RegisteredOn)
		}
		if it.ClientManagerName != nil {
			row.Manager = *it.ClientManagerName
		}
		for _, s := range it.Signals {
			row.Signals = append(row.Signals, signalLabel(s))
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
		e := s.Entry
		return fmt.Sprintf("Week %d onder het doel: %s van %s uur werk en inburgering samen (werk %s, inburgering %s).",
			s.Week.Num, hoursText(
				e.ActualWork+e.ActualIntegration,
			), hoursText(s.Targets.Combined), hoursText(e.ActualWork), hoursText(e.ActualIntegration))
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
