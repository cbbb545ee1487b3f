package api

import (
	"context"
	"errors"
	"time"

	"github.com/labstack/echo/v4"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/idempotency"
)

// Timeouts are the deadlines of requests: a stalled database makes a request answer
// 503 when its deadline passes instead of hanging until the client gives up.
type Timeouts struct {
	Request time.Duration // every request (zero: no deadline)
	Report  time.Duration // reports and exports (zero: Request)
}

// faults is what the server needs to answer well when the database fails.
type faults struct {
	timeouts    Timeouts
	reportPaths map[string]bool
	reportsDB   *gorm.DB
	outage      *database.OutageLog
	idem        *idempotency.Store
}

func newFaults(d Deps) faults {
	ping := d.Ping
	if ping == nil {
		ping = d.Ready
	}
	f := faults{timeouts: d.Timeouts, reportPaths: map[string]bool{}, reportsDB: d.Reports, idem: d.Idempotency,
		outage: database.NewOutageLog(d.Logger, ping, 10*time.Second)}
	if f.reportsDB == nil {
		f.reportsDB = d.DB
	}
	if f.timeouts.Report == 0 {
		f.timeouts.Report = f.timeouts.Request
	}
	return f
}

// deadline runs the request under its deadline and answers its error while the
// deadline's context is still alive, so the error handler can tell a request that ran
// out of time from one whose client went away.
func (f faults) deadline(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		d := f.timeouts.Request
		if f.reportPaths[c.Path()] {
			d = f.timeouts.Report
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

// noteOutage counts a request that failed on an unavailable database for the outage
// log; a request whose client went away (or that a stopping server cut) tells nothing
// about the database.
func (h *handlers) noteOutage(err error, c echo.Context) {
	if database.IsUnavailable(err) && !errors.Is(c.Request().Context().Err(), context.Canceled) {
		h.outage.Failed(err)
	}
}
