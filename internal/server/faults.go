package server

import (
	"context"
	"errors"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/database"
)

// Timeouts are the deadlines of requests: a stalled database makes a request answer
// 503 when its deadline passes instead of hanging until the client gives up.
type Timeouts struct {
	Request time.Duration // every request (zero: no deadline)
	Report  time.Duration // reports and exports (zero: Request)
}

// deadline runs the request under its deadline and answers its error while the
// deadline's context is still alive, so the error handler can tell a request that ran
// out of time from one whose client went away.
func (s *Server) deadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		d := s.timeouts.Request
		if s.reportPaths[c.Path()] {
			d = s.timeouts.Report
		}
		if d <= 0 {
			return next(c)
		}
		ctx, cancel := context.WithTimeout(c.Request().Context(), d)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		if err := next(c); err != nil {
			c.Error(err)
		}
		return nil
	}
}

// Report marks a route template (as registered, such as "/api/v1/outcomes") as a
// report: it gets the longer deadline of reports. Call it while mounting routes.
func (s *Server) Report(path string) { s.reportPaths[path] = true }

// noteOutage counts a request that failed on an unavailable database for the outage
// log; a request whose client went away (or that a stopping server cut) tells nothing
// about the database.
func (s *Server) noteOutage(err error, c echo.Context) {
	if database.IsUnavailable(err) && !errors.Is(c.Request().Context().Err(), context.Canceled) {
		s.outage.Failed(err)
	}
}
