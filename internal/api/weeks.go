package api

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
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
