// Package api is the JSON transport of Startbaan under /api/v1, following the NL API
// Design Rules: it binds requests into types of its own, converts them to domain input,
// calls the domain services and maps their errors to problem+json in one place.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/placements"
)

// Version is the full API version, sent in the API-Version header of every response.
const Version = "1.0.0"

// BasePath is where the API lives; the major version is part of it.
const BasePath = "/api/v1"

// ActorFunc tells who makes a request and which municipalities they may touch.
type ActorFunc func(echo.Context) access.Actor

// Deps are the services the API calls.
type Deps struct {
	DB         *gorm.DB
	Cases      *cases.Service
	Hours      *hours.Service
	Placements *placements.Service
	Ready      func(context.Context) error
	Logger     *slog.Logger
	// Actor resolves the acting user. Until accounts and login exist it is one
	// configured actor for every request.
	Actor ActorFunc
	// OpenAPI is the JSON form of docs/openapi.yaml.
	OpenAPI []byte
	// Clock is time.Now outside tests.
	Clock func() time.Time
}

type handlers struct {
	db         *gorm.DB
	cases      *cases.Service
	hours      *hours.Service
	placements *placements.Service
	actor      ActorFunc
	openapi    []byte
	clock      func() time.Time
}

// New builds the Echo server with every route of the API, the health checks and
// the middleware they share.
func New(d Deps) *echo.Echo {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = ErrorHandler(d.Logger)
	e.Use(middleware.RequestID(), recoverer(d.Logger), accessLog(d.Logger), securityHeaders)
	if d.Clock == nil {
		d.Clock = time.Now
	}
	h := &handlers{db: d.DB, cases: d.Cases, hours: d.Hours, placements: d.Placements, actor: d.Actor,
		openapi: d.OpenAPI, clock: d.Clock}
	e.GET("/healthz", func(c echo.Context) error { return c.String(http.StatusOK, "ok\n") })
	e.GET("/readyz", readiness(d.Ready))
	h.routes(e.Group(BasePath, apiHeaders, rejectNUL))
	return e
}

// routes is the API's route table, read top to bottom.
func (h *handlers) routes(g *echo.Group) {
	g.GET("/openapi.json", h.openAPI)
	g.GET("/municipalities", h.listMunicipalities)
	g.GET("/pilots", h.listPilots)
	g.GET("/pilots/:pilotCode", h.getPilot)
	g.GET("/employers", h.listEmployers)
	g.POST("/employers", h.createEmployer)
	g.GET("/cases", h.listCases)
	g.POST("/cases", h.createCase)
	g.POST("/case-searches", h.searchCases)
	g.GET("/cases/:caseId", h.getCase)
	g.PATCH("/cases/:caseId", h.patchCase)
	g.POST("/cases/:caseId/transitions", h.createTransition)
	g.GET("/cases/:caseId/events", h.listEvents)
	g.POST("/cases/:caseId/pips", h.createPIP)
	g.POST("/cases/:caseId/integration-results", h.createResult)
	g.GET("/cases/:caseId/weeks", h.listWeeks)
	g.PUT("/cases/:caseId/weeks/:week", h.putWeek)
	g.GET("/cases/:caseId/job-offers", h.listJobOffers)
	g.POST("/cases/:caseId/job-offers", h.createJobOffer)
	g.PATCH("/cases/:caseId/job-offers/:jobOfferId", h.patchJobOffer)
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
		return next(c)
	}
}

func readiness(ready func(context.Context) error) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx, cancel := context.WithTimeout(c.Request().Context(), 2*time.Second)
		defer cancel()
		if err := ready(ctx); err != nil {
			return c.String(http.StatusServiceUnavailable, "database unavailable\n")
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
			log.InfoContext(c.Request().Context(), "request",
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID), "method", c.Request().Method,
				"route", c.Path(), "status", c.Response().Status, "duration_ms", time.Since(start).Milliseconds())
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
