package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/guard"
)

// The permissions of the pages. mine needs only a login: the page works on the
// user's own account.
var (
	mine       = guard.Self
	readCases  = guard.Perm("cases", "read")
	writeCases = guard.Perm("cases", "write")
	// a team lead gives a case to a client manager
	assignCases = guard.Perm("cases", "assign")
	// a team lead reopens a closed case
	reopenCases    = guard.Perm("cases", "reopen")
	readEmployer   = guard.Perm("employers", "read")
	writeEmployer  = guard.Perm("employers", "write")
	reference      = guard.Perm("reference", "read")
	readOutcomes   = guard.Perm("outcomes", "read")
	readMonitor    = guard.Perm("monitor", "read")
	readLessons    = guard.Perm("lessons", "read")
	writeLessons   = guard.Perm("lessons", "write")
	publishLessons = guard.Perm("lessons", "publish")
	tagLessons     = guard.Perm("lessons", "tag")
	manageUsers    = guard.Perm("users", "manage")
	// platformbeheer; alike pilots/manage over pilots
	manageMunicipalities = guard.Perm("municipalities", "manage")
	readAudit            = guard.Perm("audit", "read")
)

// routes is the page route table, read top to bottom: method, path, permission,
// handler. Every page is registered here and nowhere else; the guard checks
// the permission. A case page (h.addCase) also records an attempt on a case that
// is not found in the audit log; a report (h.addReport) gets the longer deadline of
// reports.
func (h *handlers) routes(e *echo.Echo) {
	const get, post = http.MethodGet, http.MethodPost
	e.GET("/static/*", staticFiles())
	g := e.Group("", pageHeaders, h.guard.AuthenticatePage)

	h.addPublic(g, get, "/inloggen", h.loginPage)
	h.addPublic(g, post, "/inloggen", h.login)
	h.add(g, post, "/uitloggen", mine, h.logout)
	h.add(g, get, "/", mine, h.home)

	// Mijn account: every handler takes the user from the session, never from the request.
	h.add(g, get, "/account", mine, h.accountPage)
	h.add(g, post, "/account/tokens", mine, h.createToken)
	h.add(g, post, "/account/tokens/:id/intrekken", mine, h.revokeToken)
	h.add(g, post, "/account/wachtwoord", mine, h.changePassword)

	// Case work: the worklist, the case list, a new case, one case and what can be done on it.
	h.add(g, get, "/werklijst", writeCases, h.worklistPage)
	h.add(g, post, "/werklijst", writeCases, h.worklistSearch)
	h.add(g, get, "/dossiers", readCases, h.caseList)
	h.add(g, post, "/dossiers/zoeken", readCases, h.caseSearch)
	h.add(g, get, "/dossiers/export", writeCases, h.exportCases) // one's caseload (case_export.go)
	h.add(g, get, "/dossiers/nieuw", writeCases, h.newCasePage)
	h.add(g, post, "/dossiers/nieuw", writeCases, h.createCase)
	h.add(g, post, "/dossiers/bsn-controle", writeCases, h.checkBSN)
	h.addCase(g, get, "/dossiers/:id", readCases, h.casePage)
	h.addCase(g, post, "/dossiers/:id/fase", writeCases, h.moveCase)
	h.addCase(g, post, "/dossiers/:id/uren", writeCases, h.saveHours)
	h.addCase(g, post, "/dossiers/:id/pip", writeCases, h.addPIP)
	h.addCase(g, post, "/dossiers/:id/baanaanbod", writeCases, h.addJobOffer)
	h.addCase(g, post, "/dossiers/:id/baanaanbod/uitkomst", writeCases, h.decideOffer)
	h.addCase(g, post, "/dossiers/:id/baanaanbod/einde", writeCases, h.endPlacement)
	h.addCase(g, post, "/dossiers/:id/gegevens", writeCases, h.editCase)
	h.addCase(g, post, "/dossiers/:id/resultaat", writeCases, h.addResult)
	h.addCase(g, post, "/dossiers/:id/klantmanager", assignCases, h.assignCase)
	// Week afsluiten: the hours of the whole caseload for one week (?week=2026-W49).
	h.add(g, get, weekClosePath, writeCases, h.weekPage)
	h.add(g, post, weekClosePath, writeCases, h.saveWeek)
	// Corrections: nothing is deleted; each is recorded with its reason.
	h.addCase(g, post, "/dossiers/:id/fase/terugzetten", writeCases, h.undoMove)
	h.addCase(g, post, "/dossiers/:id/heropenen", reopenCases, h.reopenCase)
	h.addCase(g, post, "/dossiers/:id/baanaanbod/intrekken", writeCases, h.withdrawOffer)
	h.addCase(g, post, "/dossiers/:id/baanaanbod/correctie", writeCases, h.correctOffer)
	h.addCase(g, post, "/dossiers/:id/pip/intrekken", writeCases, h.withdrawPIP)
	h.addCase(g, post, "/dossiers/:id/resultaat/correctie", writeCases, h.correctResult)
	h.addCase(g, post, "/dossiers/:id/resultaat/intrekken", writeCases, h.withdrawResult)
	// the journal of a case (case_journal.go)
	h.addCase(g, post, "/dossiers/:id/journaal", writeCases, h.addNote)
	h.addCase(g, post, "/dossiers/:id/journaal/:note/opvolging", writeCases, h.completeFollowUp)
	h.addCase(g, post, "/dossiers/:id/journaal/:note/intrekken", writeCases, h.withdrawNote)

	// Reference: the pilots (read from pilots/), the employers of the user's municipalities.
	h.add(g, get, "/pilots", reference, h.pilotList)
	h.add(g, get, "/pilots/:code", reference, h.pilotPage)
	h.add(g, get, "/werkgevers", readEmployer, h.employerList)
	h.add(g, post, "/werkgevers", writeEmployer, h.createEmployer)

	// Figures: the outcomes (live for the own municipality, else from a release) and
	// the ministry's scale-up monitor (from a release only).
	h.addReport(g, get, "/uitkomsten", readOutcomes, h.outcomesPage)
	h.addReport(g, get, "/monitor", readMonitor, h.monitorPage)

	// Lessons, with the API's lesson permissions.
	h.add(g, get, "/lessen", readLessons, h.lessonList)
	h.add(g, get, "/lessen/nieuw", writeLessons, h.newLessonPage)
	h.add(g, post, "/lessen/nieuw", writeLessons, h.createLesson)
	h.add(g, get, "/lessen/:id", readLessons, h.lessonPage)
	h.add(g, get, "/lessen/:id/bewerken", writeLessons, h.editLessonPage)
	h.add(g, post, "/lessen/:id/bewerken", writeLessons, h.updateLesson)
	h.add(g, post, "/lessen/:id/publiceren", publishLessons, h.publishLesson)
	h.add(g, post, "/lessen/:id/beoordeling", tagLessons, h.assessLesson)

	// Administration: accounts and roles, the municipalities (read-only), the audit log.
	h.add(g, get, "/beheer/gebruikers", manageUsers, h.userList)
	h.add(g, get, "/beheer/gebruikers/nieuw", manageUsers, h.newUserPage)
	h.add(g, post, "/beheer/gebruikers/nieuw", manageUsers, h.createUser)
	h.add(g, get, "/beheer/gebruikers/:id", manageUsers, h.userPage)
	h.add(g, post, "/beheer/gebruikers/:id/rollen", manageUsers, h.grantRole)
	h.add(g, post, "/beheer/gebruikers/:id/rollen/:gemeente/:rol/intrekken", manageUsers, h.revokeRole)
	h.add(g, post, "/beheer/gebruikers/:id/uitschakelen", manageUsers, h.disableUser)
	h.add(g, post, "/beheer/gebruikers/:id/inschakelen", manageUsers, h.enableUser)
	h.add(g, post, "/beheer/gebruikers/:id/wachtwoord", manageUsers, h.setPassword)
	h.add(g, get, "/beheer/gemeenten", manageMunicipalities, h.municipalityList)
	h.add(g, get, "/logboek", readAudit, h.auditLog)
}

// addPublic registers a page anyone may open, logged in or not (the login page only).
func (h *handlers) addPublic(g *echo.Group, method, path string, fn echo.HandlerFunc) {
	g.Add(method, path, fn, h.guard.Require(method, path, guard.Public))
}

// add registers a page with its permission (checked by the guard, as the API's routes).
func (h *handlers) add(
	g *echo.Group,
	method,
	path string,
	p guard.Permission,
	fn echo.HandlerFunc,
) {
	g.Add(method, path, fn, h.guard.Require(method, path, p))
}

// addCase registers a page about one case (its id the parameter "id"): an answer
// "not found" there is an attempt on a case, recorded in the audit log.
func (h *handlers) addCase(
	g *echo.Group,
	method,
	path string,
	p guard.Permission,
	fn echo.HandlerFunc,
) {
	g.Add(method, path, fn, h.guard.Require(method, path, p), h.guard.RecordMissingCase("id"))
}

// addReport registers a page of figures: it gets the longer deadline of reports.
func (h *handlers) addReport(
	g *echo.Group,
	method,
	path string,
	p guard.Permission,
	fn echo.HandlerFunc,
) {
	h.server.Report(path)
	h.add(g, method, path, p, fn)
}

// pageHeaders: pages may load their own scripts, styles, fonts and images, nothing else;
// no inline script or style can run.
func pageHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		hd := c.Response().Header()
		hd.Set("Content-Security-Policy",
			"default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self'; "+
				"img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
		hd.Set("Cache-Control", "no-store")
		return next(c)
	}
}
