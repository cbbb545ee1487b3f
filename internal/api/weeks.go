package api

import (
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/server"
)

// weekRequest is one week's hours. An actual left out or null stays blank (not yet
// entered), which is not 0.
type weekRequest struct {
	PlannedWorkHours        float64  `json:"plannedWorkHours"`
	ActualWorkHours         *float64 `json:"actualWorkHours"`
	PlannedIntegrationHours float64  `json:"plannedIntegrationHours"`
	ActualIntegrationHours  *float64 `json:"actualIntegrationHours"`
	AbsenceHours            float64  `json:"absenceHours"`
	AbsenceReason           string   `json:"absenceReason"`
}

func (r weekRequest) entry() hours.Entry {
	return hours.Entry{PlannedWork: r.PlannedWorkHours, ActualWork: r.ActualWorkHours,
		PlannedIntegration: r.PlannedIntegrationHours, ActualIntegration: r.ActualIntegrationHours,
		Absence: r.AbsenceHours, AbsenceReason: r.AbsenceReason}
}

type targetsJSON struct {
	CombinedHoursPerWeek       float64 `json:"combinedHoursPerWeek"`
	MinWorkHoursPerWeek        float64 `json:"minWorkHoursPerWeek"`
	MinIntegrationHoursPerWeek float64 `json:"minIntegrationHoursPerWeek"`
}

type weekJSON struct {
	Week                    string       `json:"week"`
	WeekStartDate           Date         `json:"weekStartDate"`
	PlannedWorkHours        float64      `json:"plannedWorkHours"`
	ActualWorkHours         *float64     `json:"actualWorkHours"` // null until entered
	PlannedIntegrationHours float64      `json:"plannedIntegrationHours"`
	ActualIntegrationHours  *float64     `json:"actualIntegrationHours"`
	AbsenceHours            float64      `json:"absenceHours"`
	AbsenceReason           *string      `json:"absenceReason"`
	ActualCombinedHours     *float64     `json:"actualCombinedHours"` // null while both are
	Targets                 *targetsJSON `json:"targets"`
	MeetsTarget             *bool        `json:"meetsTarget"`
	Warnings                []string     `json:"warnings"`
	UpdatedAt               time.Time    `json:"updatedAt"`
}

func toWeekJSON(r hours.Record) weekJSON {
	e := r.Entry
	out := weekJSON{Week: r.Week.String(), WeekStartDate: date(r.Week.Monday()),
		PlannedWorkHours: e.PlannedWork,
		ActualWorkHours:  e.ActualWork, PlannedIntegrationHours: e.PlannedIntegration,
		ActualIntegrationHours: e.ActualIntegration, AbsenceHours: e.Absence,
		MeetsTarget: r.Judgement.MeetsTarget,
		Warnings:    append([]string{}, r.Judgement.Warnings...), UpdatedAt: r.UpdatedAt}
	if e.ActualWork != nil || e.ActualIntegration != nil {
		out.ActualCombinedHours = hours.H(e.Work() + e.Integration())
	}
	if e.AbsenceReason != "" {
		out.AbsenceReason = &e.AbsenceReason
	}
	if t := r.Targets; t != nil {
		out.Targets = &targetsJSON{
			CombinedHoursPerWeek:       t.Combined,
			MinWorkHoursPerWeek:        t.MinWork,
			MinIntegrationHoursPerWeek: t.MinIntegration,
		}
	}
	return out
}

func parseWeek(p *errs.Problems, name, s string) *hours.Week {
	if s == "" {
		return nil
	}
	w, err := hours.ParseWeek(s)
	if err != nil {
		p.Add(name, "Geef een ISO-week als JJJJ-Www, bijvoorbeeld 2026-W05.")
		return nil
	}
	return &w
}

// putWeek stores one week; sending the same week again replaces it.
func (h *handlers) putWeek(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	var p errs.Problems
	w := parseWeek(&p, "week", c.Param("week"))
	if err := p.Err(); err != nil {
		return err
	}
	var req weekRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	rec, created, err := h.Hours.Put(c.Request().Context(), h.guard.Actor(c), id, *w, req.entry())
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	return h.json(c, status, toWeekJSON(rec))
}

func (h *handlers) listWeeks(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	var p errs.Problems
	from, to := parseWeek(&p, "from", c.QueryParam("from")), parseWeek(&p, "to", c.QueryParam("to"))
	if err := p.Err(); err != nil {
		return err
	}
	recs, err := h.Hours.List(c.Request().Context(), h.guard.Actor(c), id, from, to)
	if err != nil {
		return err
	}
	out := make([]weekJSON, len(recs))
	for i, r := range recs {
		out[i] = toWeekJSON(r)
	}
	return h.json(c, http.StatusOK, map[string]any{"weeks": out})
}

// The week of a whole caseload (GET and PUT /weeks/{week}): the week screen's data and
// its row-by-row save, for clients that close a week in one request.

// maxWeekRows bounds one PUT of a caseload's week: above a client manager's caseload
// (a team's week goes in parts), and within the 64 KiB a request body may have.
const maxWeekRows = 200

type caseloadRowJSON struct {
	CaseID                        string       `json:"caseId"`
	ClientName                    string       `json:"clientName"`
	BirthYear                     int          `json:"birthYear"`
	ClientManagerID               *string      `json:"clientManagerId"`
	ClientManagerName             *string      `json:"clientManagerName"`
	Targets                       *targetsJSON `json:"targets"`
	PlannedWorkHours              float64      `json:"plannedWorkHours"`
	PlannedWorkHoursSource        *string      `json:"plannedWorkHoursSource"`
	PlannedIntegrationHours       float64      `json:"plannedIntegrationHours"`
	PlannedIntegrationHoursSource *string      `json:"plannedIntegrationHoursSource"`
	Stored                        *weekJSON    `json:"stored"`
}

func toTargetsJSON(t *hours.Targets) *targetsJSON {
	if t == nil {
		return nil
	}
	return &targetsJSON{CombinedHoursPerWeek: t.Combined, MinWorkHoursPerWeek: t.MinWork,
		MinIntegrationHoursPerWeek: t.MinIntegration}
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// getCaseloadWeek answers the week of the caller's caseload at work: their own cases,
// a team lead's municipality (optionally one manager's, ?clientManagerId=).
func (h *handlers) getCaseloadWeek(c echo.Context) error {
	var p errs.Problems
	w := parseWeek(&p, "week", c.Param("week"))
	var f hours.CaseloadFilter
	if s := c.QueryParam("clientManagerId"); s != "" {
		id, err := uuid.Parse(s)
		if err != nil {
			p.Add("clientManagerId", "Geef het id van een klantmanager.")
		}
		f.ManagerID = &id
	}
	if err := p.Err(); err != nil {
		return err
	}
	v, err := h.Hours.CaseloadWeek(c.Request().Context(), h.guard.Actor(c), f, *w)
	if err != nil {
		return err
	}
	rows := make([]caseloadRowJSON, len(v.Rows))
	for i, r := range v.Rows {
		row := caseloadRowJSON{CaseID: r.CaseID.String(), ClientName: r.ClientName, BirthYear: r.BirthYear,
			Targets: toTargetsJSON(r.Targets), PlannedWorkHours: r.PlannedWork,
			PlannedWorkHoursSource: nonEmpty(r.WorkFrom), PlannedIntegrationHours: r.PlannedIntegration,
			PlannedIntegrationHoursSource: nonEmpty(r.IntegrationFrom),
			ClientManagerName:             nonEmpty(r.ClientManagerName)}
		if r.ClientManagerID != nil {
			row.ClientManagerID = nonEmpty(r.ClientManagerID.String())
		}
		if r.Stored && r.UpdatedAt != nil {
			wj := toWeekJSON(hours.Record{Week: *w, Entry: r.Entry, Targets: r.Targets,
				Judgement: r.Judgement, UpdatedAt: *r.UpdatedAt})
			row.Stored = &wj
		}
		rows[i] = row
	}
	return h.json(c, http.StatusOK, map[string]any{"week": w.String(), "ended": v.Ended, "rows": rows})
}

type caseWeekRequest struct {
	CaseID string `json:"caseId"`
	weekRequest
	// SeenUpdatedAt is the week's updatedAt as the caller read it; null when it was
	// not stored then. A row changed since is reported, not overwritten.
	SeenUpdatedAt *time.Time `json:"seenUpdatedAt"`
}

type caseloadWeekRequest struct {
	Rows []caseWeekRequest `json:"rows"`
}

type rowResultJSON struct {
	CaseID        string                `json:"caseId"`
	Status        string                `json:"status"`
	InvalidParams []server.InvalidParam `json:"invalidParams"`
	Week          *weekJSON             `json:"week"`
}

// putCaseloadWeek stores a week for many cases, row by row (hours.CloseWeek): 200 with
// each row's outcome, also when some rows were refused or changed meanwhile.
func (h *handlers) putCaseloadWeek(c echo.Context) error {
	var p errs.Problems
	w := parseWeek(&p, "week", c.Param("week"))
	if err := p.Err(); err != nil {
		return err
	}
	var req caseloadWeekRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	if len(req.Rows) > maxWeekRows {
		return errs.Invalid(errs.Field("rows", fmt.Sprintf("Hoogstens %d rijen per keer.", maxWeekRows)))
	}
	in := make([]hours.CaseWeekInput, len(req.Rows))
	for i, r := range req.Rows {
		id, err := uuid.Parse(r.CaseID)
		if err != nil {
			p.Add(fmt.Sprintf("rows[%d].caseId", i), "Geef het id van een dossier.")
		}
		in[i] = hours.CaseWeekInput{CaseID: id, Entry: r.entry(), Seen: r.SeenUpdatedAt}
	}
	if err := p.Err(); err != nil {
		return err
	}
	res, err := h.Hours.CloseWeek(c.Request().Context(), h.guard.Actor(c), *w, in)
	if err != nil {
		return err
	}
	out := make([]rowResultJSON, len(res))
	for i, r := range res {
		row := rowResultJSON{CaseID: r.CaseID.String(), Status: string(r.Status),
			InvalidParams: []server.InvalidParam{}}
		for _, q := range r.Problems {
			row.InvalidParams = append(row.InvalidParams, server.InvalidParam{Name: q.Name, Reason: q.Reason})
		}
		if r.Current != nil {
			wj := toWeekJSON(*r.Current)
			row.Week = &wj
		}
		out[i] = row
	}
	return h.json(c, http.StatusOK, map[string]any{"week": w.String(), "rows": out})
}
