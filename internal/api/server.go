// Package api is the JSON transport of Startbaan under /api/v1, following the NL API
// Design Rules: it binds requests into types of its own, converts them to domain input,
// calls the domain services and maps their errors to problem+json in one place.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/idempotency"
	"github.com/startbaan/startbaan/internal/lessons"
	"github.com/startbaan/startbaan/internal/placements"
	"github.com/startbaan/startbaan/internal/users"
)

// Version is the full API version, sent in the API-Version header of every response.
const Version = "1.0.0"

// BasePath is where the API lives; the major version is part of it.
const BasePath = "/api/v1"

// Deps are the services the API calls.
type Deps struct {
	DB         *gorm.DB
	Cases      *cases.Service
	Hours      *hours.Service
	Placements *placements.Service
	Users      *users.Service
	Lessons    *lessons.Service
	// Auth resolves session cookies and tokens; nil: straight from Users, remembering nothing.
	Auth *users.Authenticator
	// Enforcer decides every route's permission; its rules follow the database.
	Enforcer *access.Enforcer
	Ready    func(context.Context) error
	Logger   *slog.Logger
	// SecureCookies marks the session cookie Secure (and __Host-); off only for
	// local development over plain http.
	SecureCookies bool
	// OpenAPI is the JSON form of docs/openapi.yaml.
	OpenAPI []byte
	// Clock is time.Now outside tests.
	Clock func() time.Time
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is believed;
	// none: the peer address is the client's.
	TrustedProxies []*net.IPNet
	// Metrics counts requests and failed logins; nil: nothing is counted.
	Metrics Metrics

	// Faults (issue 10). Reports runs reports and exports (a pool with a longer
	// statement timeout; nil: DB). Timeouts are the request deadlines (zero: none).
	// Ping probes the database while it is down (nil: Ready).
	Reports  *gorm.DB
	Timeouts Timeouts
	Ping     func(context.Context) error
	// Idempotency keeps the answers of POSTs sent with an Idempotency-Key (nil: the
	// header is ignored).
	Idempotency *idempotency.Store
}

type handlers struct {
	db            *gorm.DB
	cases         *cases.Service
	hours         *hours.Service
	placements    *placements.Service
	users         *users.Service
	lessons       *lessons.Service
	auth          *users.Authenticator
	enforcer      *access.Enforcer
	log           *slog.Logger
	secureCookies bool
	openapi       []byte
	clock         func() time.Time
	perms         map[string]Permission
	pageError     PageError
	metrics       Metrics
	faults
}

// Server is the HTTP handler of Startbaan with the permission of every route.
type Server struct {
	*echo.Echo
	h *handlers
}

// Permissions lists the permission declared for every API route, keyed by
// "METHOD /api/v1/path".
func (s *Server) Permissions() map[string]Permission { return s.h.perms }

// New builds the Echo server with every route of the API, the health checks and
// the middleware they share.
func New(d Deps) *Server {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.Logger.SetOutput(echoLog{d.Logger})
	e.IPExtractor = clientAddress(d.TrustedProxies)
	if d.Metrics != nil {
		e.Use(observe(d.Metrics))
	}
	// The access log wraps the recoverer, so that a request that panicked gets its line too.
	e.Use(requestID, accessLog(d.Logger), recoverer(d.Logger), securityHeaders)
	// Security probe (issue 10): every body bounded, every path, query and form
	// value UTF-8 without NUL, for the pages and the static files as for the API.
	e.Use(limitBody, validInput)
	if d.Clock == nil {
		d.Clock = time.Now
	}
	// Faults (issue 10): every request has a deadline.
	f := newFaults(d)
	e.Use(f.deadline)
	if d.Auth == nil {
		d.Auth = users.NewAuthenticator(d.Users, 0)
	}
	h := &handlers{db: d.DB, cases: d.Cases, hours: d.Hours, placements: d.Placements, users: d.Users, lessons: d.Lessons, auth: d.Auth,
		enforcer: d.Enforcer, log: d.Logger, secureCookies: d.SecureCookies, openapi: d.OpenAPI, clock: d.Clock,
		perms: map[string]Permission{}, metrics: d.Metrics, faults: f}
	api := ErrorHandler(d.Logger)
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		h.noteOutage(err, c)
		if !c.Response().Committed && !h.pageErrorFor(err, c) {
			api(err, c)
		}
	}
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	e.GET("/readyz", readiness(d.Ready))
	h.routes(e.Group(BasePath, apiHeaders, h.authenticate, h.undeclared))
	return &Server{Echo: e, h: h}
}

// routes is the API's route table, read top to bottom: method, path, the permission
// the route needs, handler.
func (h *handlers) routes(g *echo.Group) {
	const get, post, put, patch, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete
	var (
		reference    = perm("reference", "read")
		readCases    = perm("cases", "read")
		writeCases   = perm("cases", "write")
		readEmployer = perm("employers", "read")
		addEmployer  = perm("employers", "write")
		manageUsers  = perm("users", "manage")
		readAudit    = perm("audit", "read")
		readOutcomes = perm("outcomes", "read")
		readLessons  = perm("lessons", "read")
		writeLessons = perm("lessons", "write")
	)
	h.route(g, get, "/openapi.json", public, h.openAPI)
	h.route(g, post, "/sessions", public, h.login)
	h.route(g, get, "/sessions/current", self, h.currentSession)
	h.route(g, del, "/sessions/current", self, h.logout)
	h.route(g, get, "/tokens", self, h.listTokens)
	h.route(g, post, "/tokens", ownSession, h.createToken)
	h.route(g, del, "/tokens/:tokenId", ownSession, h.revokeToken)

	h.route(g, get, "/municipalities", reference, h.listMunicipalities)
	h.route(g, get, "/pilots", reference, h.listPilots)
	h.route(g, get, "/pilots/:pilotCode", reference, h.getPilot)
	h.route(g, get, "/employers", readEmployer, h.listEmployers)
	h.route(g, post, "/employers", addEmployer, h.idempotent(h.createEmployer))

	h.route(g, get, "/cases", readCases, h.listCases)
	h.route(g, post, "/cases", writeCases, h.idempotent(h.createCase))
	h.route(g, post, "/case-searches", readCases, h.searchCases)
	h.route(g, get, "/cases/:caseId", readCases, h.getCase)
	h.route(g, patch, "/cases/:caseId", writeCases, h.patchCase)
	h.route(g, post, "/cases/:caseId/transitions", writeCases, h.idempotent(h.createTransition))
	h.route(g, get, "/cases/:caseId/events", readCases, h.listEvents)
	h.route(g, post, "/cases/:caseId/pips", writeCases, h.idempotent(h.createPIP))
	h.route(g, post, "/cases/:caseId/integration-results", writeCases, h.idempotent(h.createResult))
	h.route(g, get, "/cases/:caseId/weeks", readCases, h.listWeeks)
	h.route(g, put, "/cases/:caseId/weeks/:week", writeCases, h.putWeek)
	h.route(g, get, "/cases/:caseId/job-offers", readCases, h.listJobOffers)
	h.route(g, post, "/cases/:caseId/job-offers", writeCases, h.idempotent(h.createJobOffer))
	h.route(g, patch, "/cases/:caseId/job-offers/:jobOfferId", writeCases, h.patchJobOffer)

	h.route(g, get, "/users", manageUsers, h.listUsers)
	h.route(g, post, "/users", manageUsers, h.createUser)
	h.route(g, get, "/users/:userId", manageUsers, h.getUser)
	h.route(g, patch, "/users/:userId", manageUsers, h.patchUser)
	h.route(g, post, "/users/:userId/roles", manageUsers, h.grantRole)
	h.route(g, del, "/users/:userId/roles/:municipality/:role", manageUsers, h.revokeRole)

	h.route(g, get, "/audit-events", readAudit, h.listAuditEvents)

	h.route(g, get, "/outcomes", readOutcomes, h.getOutcomes)
	h.route(g, get, "/outcome-exports", readOutcomes, h.exportOutcomes)
	h.reportPaths[BasePath+"/outcomes"], h.reportPaths[BasePath+"/outcome-exports"] = true, true

	// Releases (issue 11): every outcome reader and platformbeheer reads them; the
	// ministry and platformbeheer withdraw one, with a reason.
	readReleases := perm("releases", "read")
	h.route(g, get, "/releases", readReleases, h.listReleases)
	h.route(g, get, "/releases/:releaseId", readReleases, h.getRelease)
	h.route(g, get, "/releases/:releaseId/cells", readReleases, h.listReleaseCells)
	h.route(g, get, "/releases/:releaseId/exports", readReleases, h.exportRelease)
	h.route(g, post, "/releases/:releaseId/withdrawal", perm("releases", "withdraw"), h.withdrawRelease)
	h.reportPaths[BasePath+"/releases/:releaseId/exports"] = true

	h.route(g, get, "/lessons", readLessons, h.listLessons)
	h.route(g, post, "/lessons", writeLessons, h.idempotent(h.createLesson))
	h.route(g, get, "/lessons/:lessonId", readLessons, h.getLesson)
	h.route(g, put, "/lessons/:lessonId", writeLessons, h.putLesson)
	h.route(g, post, "/lessons/:lessonId/publication", perm("lessons", "publish"), h.publishLesson)
	h.route(g, put, "/lessons/:lessonId/assessment", perm("lessons", "tag"), h.assessLesson)
}

func (h *handlers) json(c echo.Context, status int, v any) error {
	c.Response().Header().Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	c.Response().WriteHeader(status)
	return jsonEncode(c.Response(), v)
}

func (h *handlers) openAPI(c echo.Context) error {
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, h.openapi)
}

// apiHeaders sets the headers every API response carries, errors included.
func apiHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("API-Version", Version)
		// Responses carry personal data: no shared or browser cache may keep them.
		h.Set("Cache-Control", "no-store")
		return next(c)
	}
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
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
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
			trace, client := traceIDs(c)
			attrs := []any{"request_id", trace, "method", knownMethod(c.Request().Method),
				"route", c.Path(), "status", c.Response().Status, "duration_ms", time.Since(start).Milliseconds()}
			if client != "" {
				attrs = append(attrs, "client_request_id", client)
			}
			if a, ok := c.Get(keyActor).(access.Actor); ok && a.UserID != nil {
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
