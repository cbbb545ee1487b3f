package guard

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/server"
)

// RecordMissingCase records a "not found" answer on a route about one case, whose id
// is the path parameter param: another municipality's case, one that does not exist,
// or a part of a case that does not. Each is an attempt on personal data, logged as
// such; the caller still gets only the 404. Use it after Require.
func (g *Guard) RecordMissingCase(param string) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			err := next(c)
			if !answeredNotFound(c, err) {
				return err
			}
			if aerr := g.audit.MissingCase(
				c.Request().Context(),
				g.Actor(c),
				c.Request().Method,
				c.Param(param),
			); aerr != nil {
				return aerr
			}
			return err
		}
	}
}

// answeredNotFound tells whether the request is, or is about to be, answered 404.
func answeredNotFound(c echo.Context, err error) bool {
	if err == nil {
		return c.Response().Committed && c.Response().Status == http.StatusNotFound
	}
	p, _ := server.ProblemFor(err)
	return p.Status == http.StatusNotFound
}
