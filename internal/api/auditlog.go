package api

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
)

type auditEntryJSON struct {
	ID                 int64       `json:"id"`
	OccurredAt         time.Time   `json:"occurredAt"`
	TraceID            string      `json:"traceId"`
	UserID             *uuid.UUID  `json:"userId"`
	UserName           *string     `json:"userName"`
	Role               *string     `json:"role"`
	MunicipalityCode   *string     `json:"municipality"`
	Action             string      `json:"action"`
	ObjectType         string      `json:"objectType"`
	ObjectID           *string     `json:"objectId"`
	CaseID             *uuid.UUID  `json:"caseId"`
	CaseIDs            []uuid.UUID `json:"caseIds"`
	ProcessingActivity string      `json:"processingActivity"`
	Outcome            string      `json:"outcome"`
	ClientAddress      *string     `json:"clientAddress"`
	ClientRequestID    *string     `json:"clientRequestId"`
}

// listAuditEvents lets a team lead read their municipality's audit log, filtered by
// user, case and period (from inclusive, to exclusive; dates or RFC 3339 times).
func (h *handlers) listAuditEvents(c echo.Context) error {
	q := c.QueryParams()
	var p errs.Problems
	f := audit.Filter{From: queryTime(&p, q.Get("from"), "from"), To: queryTime(&p, q.Get("to"), "to"),
		Page: queryInt(&p, q.Get("page"), "page"), PageSize: queryInt(&p, q.Get("pageSize"), "pageSize")}
	if v := q.Get("user"); v != "" {
		f.UserID = parseUUID(&p, "user", &v)
	}
	if v := q.Get("case"); v != "" {
		f.CaseID = parseUUID(&p, "case", &v)
	}
	if err := p.Err(); err != nil {
		return err
	}
	list, more, err := h.Audit.List(c.Request().Context(), h.guard.Actor(c), f)
	if err != nil {
		return err
	}
	out := make([]auditEntryJSON, len(list))
	for i, e := range list {
		out[i] = auditEntryJSON(e)
	}
	return h.json(c, http.StatusOK, map[string]any{"auditEvents": out, "hasMore": more})
}

// queryTime reads a date (the start of that day in Amsterdam) or an RFC 3339 time.
func queryTime(p *errs.Problems, s, name string) *time.Time {
	if s == "" {
		return nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return &t
	}
	if d, err := time.ParseInLocation(time.DateOnly, s, calendar.Zone()); err == nil {
		return &d
	}
	p.Add(name, "Verwacht een datum (JJJJ-MM-DD) of een tijdstip (RFC 3339).")
	return nil
}
