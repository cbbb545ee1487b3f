// Package api is the JSON transport of Startbaan under /api/v1, following the NL API
// Design Rules: it binds requests into types of its own, converts them to domain input
// and calls the services of app.Services. It is mounted on internal/server beside the
// pages (internal/web); internal/guard decides access to every route, and the server's
// error handler turns every error into problem+json in one place.
package api

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/app"
	"github.com/startbaan/startbaan/internal/guard"
	"github.com/startbaan/startbaan/internal/server"
)

// Version is the full API version, sent in the API-Version header of every response
// (by apiHeaders, and by the server's error handler on every problem).
const Version = "1.0.0"

// BasePath is where the API lives; the major version is part of it.
const BasePath = "/api/v1"

// Options are the API's own settings beside the services.
type Options struct {
	// OpenAPI is the JSON form of docs/openapi.yaml.
	OpenAPI []byte
	Logger  *slog.Logger
}

type handlers struct {
	*app.Services
	guard   *guard.Guard
	server  *server.Server
	openapi []byte
	log     *slog.Logger
}

// Mount adds every route of the API under BasePath to the server; the guard decides
// access to each (deny by default). svc are the services the handlers call.
func Mount(s *server.Server, g *guard.Guard, svc *app.Services, o Options) {
	h := &handlers{Services: svc, guard: g, server: s, openapi: o.OpenAPI, log: o.Logger}
	h.routes(s.Group(BasePath, apiHeaders, g.AuthenticateAPI, g.Undeclared))
}

// route registers a handler with its permission. All API routes go through here. A
// route about one case also records an answer "not found" in the audit log.
func (h *handlers) route(
	g *echo.Group,
	method,
	path string,
	p guard.Permission,
	fn echo.HandlerFunc,
) {
	mw := []echo.MiddlewareFunc{h.guard.Require(method, BasePath+path, p)}
	if strings.Contains(path, "/:caseId") {
		mw = append(mw, h.guard.RecordMissingCase("caseId"))
	}
	g.Add(method, path, fn, mw...)
}

// routes is the API's route table, read top to bottom: method, path, the permission
// the route needs, handler.
func (h *handlers) routes(g *echo.Group) {
	const get, post, put, patch, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete
	var (
		public, self, ownSession, perm = guard.Public, guard.Self, guard.OwnSession, guard.Perm
		reference                      = perm("reference", "read")
		readCases                      = perm("cases", "read")
		writeCases                     = perm("cases", "write")
		reopenCases                    = perm("cases", "reopen")
		readEmployer                   = perm("employers", "read")
		addEmployer                    = perm("employers", "write")
		manageUsers                    = perm("users", "manage")
		readAudit                      = perm("audit", "read")
		readOutcomes                   = perm("outcomes", "read")
		readLessons                    = perm("lessons", "read")
		writeLessons                   = perm("lessons", "write")
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
	h.route(g, get, "/weeks/:week", writeCases, h.getCaseloadWeek)
	h.route(g, put, "/weeks/:week", writeCases, h.putCaseloadWeek)
	h.route(g, get, "/cases/:caseId/job-offers", readCases, h.listJobOffers)
	h.route(g, post, "/cases/:caseId/job-offers", writeCases, h.idempotent(h.createJobOffer))
	h.route(g, patch, "/cases/:caseId/job-offers/:jobOfferId", writeCases, h.patchJobOffer)
	// Corrections, each with a reason (docs/domain.md, "Corrections").
	h.route(g, post, "/cases/:caseId/undo-transition", writeCases, h.undoTransition)
	h.route(g, post, "/cases/:caseId/reopen", reopenCases, h.reopenCase)
	h.route(g, post, "/cases/:caseId/pips/:version/withdraw", writeCases, h.withdrawPIP)
	h.route(g, post, "/cases/:caseId/integration-results/:resultId/correct", writeCases, h.correctResult)
	h.route(g, post, "/cases/:caseId/integration-results/:resultId/withdraw", writeCases, h.withdrawResult)
	h.route(g, post, "/cases/:caseId/job-offers/:jobOfferId/correct", writeCases, h.correctJobOffer)
	h.route(g, post, "/cases/:caseId/job-offers/:jobOfferId/withdraw", writeCases, h.withdrawJobOffer)
	// the journal of a case (notes.go)
	h.route(g, get, "/cases/:caseId/notes", readCases, h.listNotes)
	h.route(g, post, "/cases/:caseId/notes", writeCases, h.createNote)
	h.route(g, post, "/cases/:caseId/notes/:noteId/follow-up-done", writeCases, h.completeFollowUp)
	h.route(g, post, "/cases/:caseId/notes/:noteId/withdraw", writeCases, h.withdrawNote)

	h.route(g, get, "/users", manageUsers, h.listUsers)
	h.route(g, post, "/users", manageUsers, h.createUser)
	h.route(g, get, "/users/:userId", manageUsers, h.getUser)
	h.route(g, patch, "/users/:userId", manageUsers, h.patchUser)
	h.route(g, post, "/users/:userId/roles", manageUsers, h.grantRole)
	h.route(g, del, "/users/:userId/roles/:municipality/:role", manageUsers, h.revokeRole)

	h.route(g, get, "/audit-events", readAudit, h.listAuditEvents)

	h.route(g, get, "/outcomes", readOutcomes, h.getOutcomes)
	h.route(g, get, "/outcome-exports", readOutcomes, h.exportOutcomes)
	h.server.Report(BasePath + "/outcomes")
	h.server.Report(BasePath + "/outcome-exports")

	// Releases (issue 11): every outcome reader and platformbeheer reads them; the
	// ministry and platformbeheer withdraw one, with a reason.
	readReleases := perm("releases", "read")
	h.route(g, get, "/releases", readReleases, h.listReleases)
	h.route(g, get, "/releases/:releaseId", readReleases, h.getRelease)
	h.route(g, get, "/releases/:releaseId/cells", readReleases, h.listReleaseCells)
	h.route(g, get, "/releases/:releaseId/exports", readReleases, h.exportRelease)
	h.route(
		g,
		post,
		"/releases/:releaseId/withdrawal",
		perm("releases", "withdraw"),
		h.withdrawRelease,
	)
	h.server.Report(BasePath + "/releases/:releaseId/exports")

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
	return server.WriteJSON(c.Response(), v)
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
