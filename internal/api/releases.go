package api

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
)

type releaseJSON struct {
	ID                 int                    `json:"id"`
	ReferenceDate      Date                   `json:"referenceDate"`
	Status             string                 `json:"status"`
	BuiltAt            time.Time              `json:"builtAt"`
	FinalisedAt        *time.Time             `json:"finalisedAt"`
	WithdrawnAt        *time.Time             `json:"withdrawnAt"`
	WithdrawnReason    *string                `json:"withdrawnReason"`
	DefinitionsVersion string                 `json:"definitionsVersion"`
	Method             string                 `json:"method"`
	Parameters         json.RawMessage        `json:"parameters"`
	RevisionNote       *releases.RevisionNote `json:"revisionNote,omitempty"`
}

func toReleaseJSON(r releases.Release, withNote bool) releaseJSON {
	out := releaseJSON{ID: r.ID, ReferenceDate: date(r.ReferenceDate), Status: r.Status,
		BuiltAt: r.BuiltAt, FinalisedAt: r.FinalisedAt,
		WithdrawnAt: r.WithdrawnAt, DefinitionsVersion: r.DefinitionsVersion, Method: r.Method, Parameters: r.Parameters}
	if r.WithdrawnReason != "" {
		out.WithdrawnReason = &r.WithdrawnReason
	}
	if len(out.Parameters) == 0 {
		out.Parameters = json.RawMessage("{}")
	}
	if withNote {
		out.RevisionNote = r.RevisionNote
	}
	return out
}

type releaseCellJSON struct {
	Population     string   `json:"population"`
	PopulationCode string   `json:"populationCode"`
	CohortKey      string   `json:"cohortKey"`
	CohortWidth    string   `json:"cohortWidth"`
	Cohort         string   `json:"cohort"`
	Split          *string  `json:"split"`
	Group          *string  `json:"group"`
	Figure         string   `json:"figure"`
	Value          *float64 `json:"value"`
	Lower          *float64 `json:"lower"`
	Upper          *float64 `json:"upper"`
	Denominator    *int     `json:"denominator"`
	Status         string   `json:"status"`
}

func toCellJSON(c releases.Cell) releaseCellJSON {
	out := releaseCellJSON{Population: c.Population, PopulationCode: c.PopulationCode,
		CohortKey: c.CohortKey, CohortWidth: c.CohortWidth,
		Cohort: c.Cohort, Figure: c.Figure, Value: c.Value, Lower: c.Lower, Upper: c.Upper, Denominator: c.Denominator, Status: c.Status}
	if c.Split != "" {
		out.Split, out.Group = &c.Split, &c.SplitValue
	}
	return out
}

func (h *handlers) listReleases(c echo.Context) error {
	list, err := h.Releases.List(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]releaseJSON, len(list))
	for i, r := range list {
		out[i] = toReleaseJSON(r, false)
	}
	return h.json(c, http.StatusOK, map[string]any{"releases": out})
}

func pathReleaseID(c echo.Context) (int, error) {
	id, err := strconv.Atoi(c.Param("releaseId"))
	if err != nil || id < 1 {
		return 0, errs.NotFound("De publicatie")
	}
	return id, nil
}

func (h *handlers) getRelease(c echo.Context) error {
	id, err := pathReleaseID(c)
	if err != nil {
		return err
	}
	r, err := h.Releases.Get(c.Request().Context(), id)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, toReleaseJSON(r, true))
}

// Cells are paged: a release holds every municipality's tables.
const (
	defaultCellPage = 1000
	maxCellPage     = 10000
)

// cellFilter reads the cell filters of the query: municipality (CBS codes), pilot or
// population; cohortKey, cohortWidth, cohort (labels), split and group; figure (names,
// or a prefix ending in "."), page and pageSize.
func cellFilter(c echo.Context) (releases.CellFilter, int, error) {
	q := c.QueryParams()
	var p errs.Problems
	list := func(name string) []string {
		var out []string
		for v := range strings.SplitSeq(q.Get(name), ",") {
			if v = strings.TrimSpace(v); v != "" {
				out = append(out, v)
			}
		}
		return out
	}
	f := releases.CellFilter{
		Population:  q.Get("population"),
		CohortKey:   q.Get("cohortKey"),
		CohortWidth: q.Get("cohortWidth"),
		Cohorts:     list("cohort"),
	}
	switch {
	case q.Get("municipality") != "":
		f.Population, f.Codes = releases.PopulationMunicipality, list("municipality")
		for i := range f.Codes {
			f.Codes[i] = strings.ToUpper(f.Codes[i])
		}
	case q.Get("pilot") != "":
		f.Population, f.Codes = releases.PopulationPilot, list("pilot")
	}
	if f.Population == releases.PopulationNational {
		f.Codes = []string{releases.NationalCode}
	}
	if q.Has("split") {
		s := q.Get("split")
		f.Split = &s
	}
	if q.Has("group") {
		g := q.Get("group")
		f.SplitValue = &g
	}
	for _, fig := range list("figure") {
		if strings.HasSuffix(fig, ".") && f.FigurePrefix == "" {
			f.FigurePrefix = fig
		} else {
			f.Figures = append(f.Figures, fig)
		}
	}
	page, size := queryInt(&p, q.Get("page"), "page"), queryInt(&p, q.Get("pageSize"), "pageSize")
	if page == 0 {
		page = 1
	}
	if size == 0 {
		size = defaultCellPage
	}
	if size < 1 || size > maxCellPage {
		p.Add("pageSize", "Kies een paginagrootte van 1 tot en met 10000.")
	}
	if page < 1 || page > 100_000 {
		p.Add("page", "Kies een pagina van 1 tot en met 100000.")
	}
	f.Limit, f.Offset = size, (page-1)*size
	return f, page, p.Err()
}

func (h *handlers) listReleaseCells(c echo.Context) error {
	id, err := pathReleaseID(c)
	if err != nil {
		return err
	}
	f, page, err := cellFilter(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	cells, err := h.Releases.Cells(ctx, id, f)
	if err != nil {
		return err
	}
	total, err := h.Releases.CountCells(ctx, id, f)
	if err != nil {
		return err
	}
	out := make([]releaseCellJSON, len(cells))
	for i, cl := range cells {
		out[i] = toCellJSON(cl)
	}
	return h.json(c, http.StatusOK, map[string]any{"release": id, "cells": out, "page": page,
		"pageSize": f.Limit,
		"total":    total, "hasMore": int64(f.Offset+len(cells)) < total})
}

type withdrawalJSON struct {
	Reason string `json:"reason"`
}

// withdrawRelease withdraws a release with a reason (ministerie, platformbeheer). The
// release and its cells stay; readers no longer get it by default.
func (h *handlers) withdrawRelease(c echo.Context) error {
	id, err := pathReleaseID(c)
	if err != nil {
		return err
	}
	var req withdrawalJSON
	if err := decode(c, &req); err != nil {
		return err
	}
	r, err := h.Releases.Withdraw(c.Request().Context(), h.guard.Actor(c), id, req.Reason)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusCreated, toReleaseJSON(r, false))
}

// releaseAnswer answers GET /outcomes about other municipalities, a pilot or the
// country from a release (the newest not withdrawn, or ?release=).
type releaseAnswerJSON struct {
	Source  sourceJSON          `json:"source"`
	Key     string              `json:"key"`
	Cohort  string              `json:"cohort"`
	Split   *string             `json:"split"`
	From    Date                `json:"from"`
	To      Date                `json:"to"`
	Columns []releaseColumnJSON `json:"columns"`
	Groups  []releaseGroupJSON  `json:"groups"`
}

type sourceJSON struct {
	Kind          string `json:"kind"` // live or release
	Release       *int   `json:"release,omitempty"`
	ReferenceDate *Date  `json:"referenceDate,omitempty"`
	Status        string `json:"status,omitempty"`
}

type releaseColumnJSON struct {
	Population string `json:"population"`
	Code       string `json:"code"`
	Name       string `json:"name"`
}

type releaseGroupJSON struct {
	Cohort  string                         `json:"cohort"`
	Group   *string                        `json:"group"`
	Figures map[string][]releaseFigureJSON `json:"figures"` // column code → its figures
}

type releaseFigureJSON struct {
	Figure      string   `json:"figure"`
	Value       *float64 `json:"value"`
	Lower       *float64 `json:"lower"`
	Upper       *float64 `json:"upper"`
	Denominator *int     `json:"denominator"`
	Status      string   `json:"status"`
}

func releaseSource(r releases.Release) sourceJSON {
	id, ref := r.ID, date(r.ReferenceDate)
	return sourceJSON{Kind: "release", Release: &id, ReferenceDate: &ref, Status: r.Status}
}

func toReleaseAnswerJSON(a releaseview.Answer) releaseAnswerJSON {
	q := a.Question
	out := releaseAnswerJSON{Source: releaseSource(a.Release), Key: q.Key, Cohort: q.Width,
		From: date(q.From), To: date(q.To),
		Columns: []releaseColumnJSON{}, Groups: []releaseGroupJSON{}}
	if q.Split != "" {
		out.Split = &q.Split
	}
	for _, col := range a.Columns {
		out.Columns = append(
			out.Columns,
			releaseColumnJSON{Population: col.Population, Code: col.Code, Name: col.Name},
		)
	}
	for _, g := range a.Groups {
		gj := releaseGroupJSON{Cohort: g.Cohort, Figures: map[string][]releaseFigureJSON{}}
		if q.Split != "" {
			v := g.SplitValue
			gj.Group = &v
		}
		for code, cells := range g.Cells {
			for _, cl := range cells {
				gj.Figures[code] = append(gj.Figures[code], releaseFigureJSON{Figure: cl.Figure,
					Value: cl.Value, Lower: cl.Lower,
					Upper: cl.Upper, Denominator: cl.Denominator, Status: cl.Status})
			}
		}
		out.Groups = append(out.Groups, gj)
	}
	return out
}
