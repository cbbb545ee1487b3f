package server

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
)

// Metrics receives what the operator's metrics count (internal/metrics implements
// it); the server knows nothing of how they are kept or served.
type Metrics interface {
	// Request is one answered request; route is the route template (c.Path()),
	// never the URL, which holds ids and search terms.
	Request(method, route string, status int, elapsed time.Duration)
	// LoginFailed is a refused login, throttled or not.
	LoginFailed(throttled bool)
}

// observe measures every request. It runs outermost, so that it sees the status the
// error handler chose, a recovered panic's included.
func observe(m Metrics) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			if err := next(c); err != nil {
				c.Error(err)
			}
			m.Request(KnownMethod(c.Request().Method), c.Path(), c.Response().Status, time.Since(start))
			return nil
		}
	}
}

// KnownMethod is the request's method for a metric label or a log line: one of the
// methods HTTP defines, or OTHER, so that a client cannot add a series (or a long
// value) per made-up method.
func KnownMethod(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete,
		http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return m
	}
	return "OTHER"
}
