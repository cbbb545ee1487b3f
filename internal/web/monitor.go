package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/lessons"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/web/outcomepage"
)

// monitorPage is the scale-up monitor (issue 11, item 7): per release a printable
// report for the ministry — the national figures, the pilots side by side, the
// lessons marked ready for scale-up by theme with the figures they cite, the
// definitions and a quality declaration. Everything on it comes from the release;
// nothing is live. The layout is internal/web/outcomepage's.
func (h *handlers) monitorPage(c echo.Context) error {
	ctx := c.Request().Context()
	id, _ := strconv.Atoi(c.QueryParam("release"))
	rel, err := h.ReleaseView.Pick(ctx, id)
	if err != nil {
		if errs.Is(err, errs.KindConflict) { // no release yet: not the reader's mistake
			return h.render(
				c,
				http.StatusOK,
				"monitor",
				"Monitor opschaling",
				outcomepage.NoMonitorYet(),
				inNav("monitor"),
			)
		}
		return err
	}
	v := outcomepage.NewMonitor(rel)
	if err := h.monitorFigures(ctx, &v); err != nil {
		return err
	}
	if err := h.monitorLessons(c, &v); err != nil {
		return err
	}
	if err := h.monitorQuality(ctx, &v); err != nil {
		return err
	}
	return h.render(
		c,
		http.StatusOK,
		"monitor",
		fmt.Sprintf("Monitor opschaling, publicatie nr. %d", rel.ID),
		v,
		inNav("monitor"),
	)
}

// monitorFigures: the country by year of the residence permit (beside the baseline),
// and the pilots side by side for the newest whole year of benefit applications.
func (h *handlers) monitorFigures(ctx context.Context, v *outcomepage.Monitor) error {
	noSplit := ""
	nl, err := h.Releases.Cells(ctx, v.Release.ID,
		releases.CellFilter{Population: releases.PopulationNational,
			Codes: []string{
				releases.NationalCode,
			}, CohortKey: outcomepage.MonitorKey, CohortWidth: "year", Split: &noSplit})
	if err != nil {
		return err
	}
	v.SetNational(nl)
	pilotCells, err := h.Releases.Cells(ctx, v.Release.ID,
		releases.CellFilter{Population: releases.PopulationPilot,
			CohortKey: outcomepage.PilotKey, CohortWidth: "year", Split: &noSplit})
	if err != nil {
		return err
	}
	v.PilotCohort = outcomepage.NewestWholeYear(pilotCells, v.Release.ReferenceDate.Year())
	nlYear, err := h.Releases.Cells(ctx, v.Release.ID,
		releases.CellFilter{Population: releases.PopulationNational,
			Codes: []string{
				releases.NationalCode,
			}, CohortKey: outcomepage.PilotKey, CohortWidth: "year", Cohorts: []string{v.PilotCohort}, Split: &noSplit})
	if err != nil {
		return err
	}
	names, err := h.pilotNames(ctx)
	if err != nil {
		return err
	}
	v.SetPilots(pilotCells, nlYear, names)
	return nil
}

func (h *handlers) pilotNames(ctx context.Context) (map[string]string, error) {
	pl, err := h.places(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, p := range pl.Pilots {
		out[p.Code] = p.Name
	}
	return out, nil
}

// monitorLessons: the published lessons marked ready for scale-up, by theme, each
// with the figures it cites from this release: its municipality and the country, the
// pilots' cohort.
func (h *handlers) monitorLessons(c echo.Context, v *outcomepage.Monitor) error {
	ctx := c.Request().Context()
	list, _, err := h.Lessons.List(
		ctx,
		h.guard.Actor(c),
		lessons.Filter{ReadyOnly: true, Status: lessons.Published, PageSize: 100},
	)
	if err != nil {
		return err
	}
	pl, err := h.places(ctx)
	if err != nil {
		return err
	}
	byTheme := map[string][]outcomepage.MonitorLesson{}
	for i, l := range list {
		lv := newLessonView(l, pl, v.Release.ReferenceDate)
		ml := outcomepage.MonitorLesson{
			Title:  l.Title,
			Href:   "/lessen/" + l.ID.String(),
			Where:  lv.MunicipalityName,
			Worked: l.Worked,
		}
		if lv.PilotName != "" {
			ml.Where += " (pilot " + lv.PilotName + ")"
		}
		if ml.Figures, err = h.citedFigures(ctx, v, l, lv.MunicipalityName, i); err != nil {
			return err
		}
		byTheme[l.Theme] = append(byTheme[l.Theme], ml)
	}
	themes := make([]outcomepage.Option, len(themeOptions))
	for i, th := range themeOptions {
		themes[i] = outcomepage.Option(th)
	}
	v.AddLessons(byTheme, themes)
	return nil
}

// citedFigures is the table of the figures the n-th lesson cites, from its
// municipality and the country; nil when it cites none of the release's.
func (h *handlers) citedFigures(
	ctx context.Context,
	v *outcomepage.Monitor,
	l lessons.Lesson,
	name string,
	n int,
) (*outcomepage.Table, error) {
	exact, prefixes := outcomepage.CitedFigures(l)
	if len(exact)+len(prefixes) == 0 || v.PilotCohort == "" {
		return nil, nil
	}
	noSplit := ""
	var cells []releases.Cell
	for _, pop := range []struct{ population, code string }{{
		releases.PopulationMunicipality,
		l.MunicipalityCode,
	},
		{releases.PopulationNational, releases.NationalCode}} {
		all, err := h.Releases.Cells(ctx, v.Release.ID, releases.CellFilter{Population: pop.population,
			Codes: []string{pop.code}, CohortKey: outcomepage.PilotKey, CohortWidth: "year", Cohorts: []string{v.PilotCohort}, Split: &noSplit})
		if err != nil {
			return nil, err
		}
		cells = append(cells, all...)
	}
	return v.CitedTable(n, name, cells, exact, prefixes), nil
}

// monitorQuality: the other releases, the definitions and the quality declaration.
func (h *handlers) monitorQuality(ctx context.Context, v *outcomepage.Monitor) error {
	cov, err := h.ReleaseView.CoverageOf(ctx, v.Release.ID)
	if err != nil {
		return err
	}
	list, err := h.Releases.List(ctx)
	if err != nil {
		return err
	}
	v.SetQuality(list, cov)
	return nil
}
