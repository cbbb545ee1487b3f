package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/server"
)

type caseListJSON struct {
	Cases    []caseSummaryJSON `json:"cases"`
	Page     int               `json:"page"`
	PageSize int               `json:"pageSize"`
	Total    int               `json:"total"`
}

func (h *handlers) listCases(c echo.Context) error {
	q := c.QueryParams()
	var p errs.Problems
	f := cases.Filter{MunicipalityCode: q.Get("municipality"), Stage: cases.Stage(q.Get("stage")),
		PilotCode: q.Get("pilot"), Query: q.Get("q"), Sort: q.Get("sort"),
		Page: queryInt(&p, q.Get("page"), "page"), PageSize: queryInt(&p, q.Get("pageSize"), "pageSize")}
	if m := q.Get("clientManager"); m != "" {
		f.ClientManagerID = parseUUID(&p, "clientManager", &m)
	}
	if err := p.Err(); err != nil {
		return err
	}
	page, err := h.Cases.List(c.Request().Context(), h.guard.Actor(c), f)
	if err != nil {
		return err
	}
	return h.json(
		c,
		http.StatusOK,
		caseListJSON{
			Cases:    toSummaries(page.Items),
			Page:     page.Page,
			PageSize: page.PageSize,
			Total:    page.Total,
		},
	)
}

func queryInt(p *errs.Problems, s, name string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.Add(name, "Verwacht een geheel getal.")
		return -1
	}
	return n
}

func (h *handlers) createCase(c echo.Context) error {
	var req createCaseRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	in, p := req.toDomain()
	if len(p) > 0 {
		p.Merge(h.Cases.Validate(in))
		return p.Err()
	}
	created, err := h.Cases.Create(c.Request().Context(), h.guard.Actor(c), in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/cases/"+created.ID.String())
	return h.caseResponse(c, http.StatusCreated, created)
}

func (h *handlers) getCase(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	found, err := h.Cases.Get(c.Request().Context(), h.guard.Actor(c), id)
	if err != nil {
		return err
	}
	return h.caseResponse(c, http.StatusOK, found)
}

// patchCase applies a merge patch. If-Match is required, so that nobody overwrites
// a change they have not seen.
func (h *handlers) patchCase(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	version, err := ifMatch(c, true)
	if err != nil {
		return err
	}
	var req patchCaseRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	patch, err := req.toDomain()
	if err != nil {
		return err
	}
	updated, err := h.Cases.Update(c.Request().Context(), h.guard.Actor(c), id, *version, patch)
	if err != nil {
		return err
	}
	return h.caseResponse(c, http.StatusOK, updated)
}

func (h *handlers) createTransition(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	version, err := ifMatch(c, false)
	if err != nil {
		return err
	}
	var req transitionRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	in, err := req.toDomain(version)
	if err != nil {
		return err
	}
	updated, err := h.Cases.Transition(c.Request().Context(), h.guard.Actor(c), id, in)
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, "/api/v1/cases/"+id.String()+"/events")
	return h.caseResponse(c, http.StatusCreated, updated)
}

func (h *handlers) listEvents(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	events, err := h.Cases.Events(c.Request().Context(), h.guard.Actor(c), id)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, map[string]any{"events": toEvents(events)})
}

func (h *handlers) createPIP(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	var req pipRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	in, err := req.toDomain()
	if err != nil {
		return err
	}
	updated, err := h.Cases.AddPIP(c.Request().Context(), h.guard.Actor(c), id, in)
	if err != nil {
		return err
	}
	return h.caseResponse(c, http.StatusCreated, updated)
}

func (h *handlers) createResult(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	var req resultRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	in, err := req.toDomain()
	if err != nil {
		return err
	}
	updated, err := h.Cases.AddResult(c.Request().Context(), h.guard.Actor(c), id, in)
	if err != nil {
		return err
	}
	return h.caseResponse(c, http.StatusCreated, updated)
}

// searchCases finds cases by BSN; the BSN travels in the body, never in a URL.
func (h *handlers) searchCases(c echo.Context) error {
	var req caseSearchRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	switch {
	case (req.BSN == "") == (strings.TrimSpace(req.Name) == ""):
		return errs.Invalid(errs.Field("bsn", "Zoek op een BSN of op een naam (niet op allebei)."))
	case req.Name != "":
		page, err := h.Cases.List(c.Request().Context(), h.guard.Actor(c),
			cases.Filter{MunicipalityCode: req.Municipality,
				Query: req.Name, PageSize: cases.MaxPageSize}) // the best matches first
		if err != nil {
			return err
		}
		return h.json(c, http.StatusOK, map[string]any{"cases": toSummaries(page.Items)})
	}
	found, err := h.Cases.FindByBSN(c.Request().Context(), h.guard.Actor(c), req.BSN)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, map[string]any{"cases": toSummaries(found)})
}

func (h *handlers) caseResponse(c echo.Context, status int, k cases.Case) error {
	c.Response().Header().Set("ETag", etag(k.Version))
	return h.json(c, status, toCaseJSON(k, calendar.Today(h.Clock())))
}

func etag(version int) string { return `"` + strconv.Itoa(version) + `"` }

// ifMatch reads the case version from If-Match. A missing header is 428 when
// required; a header that names no current version can only be stale: 412.
func ifMatch(c echo.Context, required bool) (*int, error) {
	h := strings.TrimSpace(c.Request().Header.Get("If-Match"))
	if h == "" {
		if required {
			return nil, server.NewProblem(
				http.StatusPreconditionRequired,
				"Stuur de versie die u wijzigt mee in de If-Match-header (de ETag van het dossier).",
			)
		}
		return nil, nil
	}
	v, err := strconv.Atoi(strings.Trim(strings.TrimPrefix(h, "W/"), `"`))
	if err != nil {
		return nil, errs.Stale()
	}
	return &v, nil
}

func pathUUID(c echo.Context, name string) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param(name))
	if err != nil {
		// An id that cannot exist is simply not found, like any unknown id.
		return uuid.Nil, errs.NotFound("Dit record")
	}
	return id, nil
}
