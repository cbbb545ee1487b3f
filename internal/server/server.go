// Package server is Startbaan's HTTP server: the Echo instance, the middleware every
// request passes (request id, access log, recoverer, security headers, body limit,
// input check, deadline, metrics), the one error handler (problem+json for the API,
// the page error renderer for pages) and the health checks. It knows no route of its
// own beyond /healthz and /readyz: internal/api and internal/web mount theirs on it,
// side by side, with internal/guard deciding access.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/database"
)

// Config is what the server needs; only Logger is required.
type Config struct {
	Logger *slog.Logger
	// Ready answers /readyz; nil: always ready.
	Ready func(context.Context) error
	// Ping probes the database while it is down, for the outage log (nil: Ready).
	Ping func(context.Context) error
	// Metrics counts requests; nil: nothing is counted.
	Metrics Metrics
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is believed;
	// none: the peer address is the client's.
	TrustedProxies []*net.IPNet
	// Timeouts are the request deadlines (zero: none).
	Timeouts Timeouts
	// APIPath is where the JSON API lives: errors there are always problem+json.
	// APIVersion is sent in the API-Version header of every problem+json answer.
	APIPath, APIVersion string
}

// KeyActor is the request value under which internal/guard keeps the acting
// access.Actor; the access log names its ids.
const KeyActor = "startbaan.actor"

// Server is the Echo instance with the shared middleware and error handling.
type Server struct {
	*echo.Echo
	log         *slog.Logger
	timeouts    Timeouts
	reportPaths map[string]bool
	outage      *database.OutageLog
	apiPath     string
	apiVersion  string
	pageError   PageError
}

// New builds the Echo server with the health checks and the middleware every route
// shares. Routes are mounted afterwards (api.Mount, web.Mount).
func New(cfg Config) *Server {
	if cfg.Ready == nil {
		cfg.Ready = func(context.Context) error { return nil }
	}
	if cfg.Ping == nil {
		cfg.Ping = cfg.Ready
	}
	if cfg.Timeouts.Report == 0 {
		cfg.Timeouts.Report = cfg.Timeouts.Request
	}
	s := &Server{Echo: echo.New(), log: cfg.Logger, timeouts: cfg.Timeouts,
		reportPaths: map[string]bool{},
		outage: database.NewOutageLog(
			cfg.Logger,
			cfg.Ping,
			10*time.Second,
		), apiPath: cfg.APIPath, apiVersion: cfg.APIVersion}
	e := s.Echo
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(echoLog{cfg.Logger})
	e.IPExtractor = clientAddress(cfg.TrustedProxies)
	if cfg.Metrics != nil {
		e.Use(observe(cfg.Metrics))
	}
	// The access log wraps the recoverer, so that a request that panicked gets its line too.
	e.Use(requestID, accessLog(cfg.Logger), recoverer(cfg.Logger), securityHeaders)
	// Security probe (issue 10): every body bounded, every path, query and form
	// value UTF-8 without NUL, for the pages and the static files as for the API.
	e.Use(limitBody, validInput)
	// Faults (issue 10): every request has a deadline.
	e.Use(s.deadline)
	e.HTTPErrorHandler = s.handleError
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	e.GET("/readyz", readiness(cfg.Ready))
	return s
}

func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
		if c.Scheme() == "https" {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		return next(c)
	}
}

// clientAddress finds the client's address (for login throttling and the audit log):
// the peer's, or, behind configured proxies only, the nearest address in
// X-Forwarded-For that is not one of them. Loopback and private peers are not
// trusted by themselves: a client on the same network would set its own address.
func clientAddress(proxies []*net.IPNet) echo.IPExtractor {
	if len(proxies) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{
		echo.TrustLoopback(false),
		echo.TrustLinkLocal(false),
		echo.TrustPrivateNet(false),
	}
	for _, p := range proxies {
		opts = append(opts, echo.TrustIPRange(p))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// readinessReason is an error of the Ready check with a short text safe to show.
type readinessReason interface {
	error
	Reason() string
}

func readiness(ready func(context.Context) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		if err := ready(ctx); err != nil {
			// A reason safe to show (a schema behind the release); anything else, which
			// may name hosts, stays a plain "database unavailable".
			reason := "database unavailable"
			if r, ok := errors.AsType[readinessReason](err); ok {
				reason = r.Reason()
			}
			return c.String(http.StatusServiceUnavailable, reason+"\n")
		}
		return c.String(http.StatusOK, "ok\n")
	}
}

// accessLog logs one line per request with the route template, never the URL with
// its query: a search term may be a person's name.
func accessLog(log *slog.Logger) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			start := time.Now()
			err := next(c)
			if err != nil {
				c.Error(err)
			}
			trace, client := TraceIDs(c)
			attrs := []any{"request_id", trace, "method", KnownMethod(c.Request().Method),
				"route", c.Path(), "status", c.Response().Status, "duration_ms", time.Since(start).Milliseconds()}
			if client != "" {
				attrs = append(attrs, "client_request_id", client)
			}
			if a, ok := c.Get(KeyActor).(access.Actor); ok && a.UserID != nil {
				// Ids only: a name or BSN never reaches a log line.
				attrs = append(attrs, "user", a.UserID.String(), "municipalities", a.Municipalities)
			}
			log.InfoContext(c.Request().Context(), "request", attrs...)
			return nil
		}
	}
}

// recoverer turns a panic into a 500 problem and logs it once.
func recoverer(log *slog.Logger) echo.MiddlewareFunc {
	return middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisablePrintStack: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			log.ErrorContext(c.Request().Context(), "panic", "error", err, "request_id",
				c.Response().Header().Get(echo.HeaderXRequestID), "route", c.Path())
			return err
		},
	})
}

// isAPI tells whether the request is for the JSON API.
func (s *Server) isAPI(c echo.Context) bool {
	p := c.Request().URL.Path
	return s.apiPath != "" && (p == s.apiPath || strings.HasPrefix(p, s.apiPath+"/"))
}
