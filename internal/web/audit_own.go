package web

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/errs"
)

// errNoPrincipal cannot happen behind a route with a permission; it guards the
// lookup all the same.
var errNoPrincipal = errs.Forbidden("Niet ingelogd.")

// ownAccessLimit is how many of the reader's own access events the log page shows.
const ownAccessLimit = 10

// ownAccessEvents reads the reader's own latest logins, logouts and refusals, which
// the municipality's log does not hold (see audit.OwnAccess).
func (h *handlers) ownAccessEvents(ctx context.Context, c echo.Context) ([]audit.Entry, error) {
	p, ok := h.guard.Principal(c)
	if !ok {
		return nil, errNoPrincipal
	}
	return h.Audit.OwnAccess(ctx, p.UserID, ownAccessLimit)
}
