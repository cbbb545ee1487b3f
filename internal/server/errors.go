package server

import (
	"github.com/labstack/echo/v4"
)

// PageError renders an error of a page (any path outside the API) for the user; an
// error it returns (the error page itself failed) is logged.
type PageError func(
	c echo.Context,
	status int,
	detail string,
	fields map[string]string,
	internal bool,
) error

// HandlePageErrors sends the errors of every path outside the API to fn; without it,
// every error is answered as problem+json.
func (s *Server) HandlePageErrors(fn PageError) { s.pageError = fn }

// handleError is the one error handler of every route: it notes database outages,
// then answers a page's error with the page error renderer and any other as
// problem+json.
func (s *Server) handleError(err error, c echo.Context) {
	s.noteOutage(err, c)
	if c.Response().Committed {
		return
	}
	if s.pageError == nil || s.isAPI(c) {
		s.writeProblem(err, c)
		return
	}
	s.renderPageError(err, c)
}

// renderPageError hands an error of a page to the page error renderer.
func (s *Server) renderPageError(err error, c echo.Context) {
	p, internal := ProblemFor(err)
	fields := map[string]string{}
	for _, f := range p.InvalidParams {
		fields[f.Name] = f.Reason
	}
	if internal {
		s.log.ErrorContext(c.Request().Context(), "page failed", "error", err,
			"request_id", c.Response().Header().Get(
				echo.HeaderXRequestID,
			), "method", KnownMethod(c.Request().Method), "route", c.Path())
	}
	retryAfter(c, p.Status)
	if perr := s.pageError(c, p.Status, p.Detail, fields, internal); perr != nil {
		s.log.ErrorContext(c.Request().Context(), "error page failed", "error", perr, "status", p.Status,
			"request_id", c.Response().Header().Get(
				echo.HeaderXRequestID,
			), "method", KnownMethod(c.Request().Method), "route", c.Path())
	}
}
