package web

import (
	"context"
	"fmt"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/errs"
)

// errNoPrincipal cannot happen behind a route with a permission; it guards the
// lookup all the same.
var errNoPrincipal = errs.Forbidden("Niet ingelogd.")

// ownAccessLimit is how many of the reader's own access events the log page shows.
const ownAccessLimit = 10

// ownAccessEvents reads the reader's own latest logins, logouts and refusals.
//
// audit.List cannot show them: an access event belongs to no municipality (a login
// is not an act in one municipality), so it carries no municipality_id, and the
// team lead's log is scoped by municipality. A person's own rows need no scope:
// they show nothing of anybody else. This query belongs in internal/audit next to
// List (say audit.OwnAccess); it is here because the pages may not change that
// package in this change. The index (municipality_id, user_id, occurred_at DESC)
// serves it: PostgreSQL indexes NULLs, and IS NULL can use them.
func (h *handlers) ownAccessEvents(ctx context.Context, c echo.Context) ([]audit.Entry, error) {
	p, ok := h.guard.Principal(c)
	if !ok {
		return nil, errNoPrincipal
	}
	var out []audit.Entry
	err := h.DB.WithContext(ctx).Raw(`SELECT a.id, a.occurred_at, a.trace_id, a.user_id, u.name AS user_name, a.role,
			NULL AS municipality_code, a.action, a.object_type, a.object_id, a.case_id, '[]' AS case_ids,
			a.processing_activity, a.outcome, host(a.client_address) AS client_address
		FROM audit_events a JOIN users u ON u.id = a.user_id
		WHERE a.user_id = ? AND a.municipality_id IS NULL AND a.action IN (?, ?, ?)
		ORDER BY a.occurred_at DESC, a.id DESC LIMIT ?`,
		p.UserID, audit.ActionLogin, audit.ActionLogout, audit.ActionDenied, ownAccessLimit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("own access events: %w", err)
	}
	return out, nil
}
