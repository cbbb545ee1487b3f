package api_test

import (
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/users"
)

// routes is the matrix's table: for each route, who may call it, what it answers,
// and how to build a request on a fresh record of the given municipality, so that no
// call depends on what an earlier call changed.
func (m *matrix) routes() map[string]routeCase {
	get := func(path string) func(*matrix, *caller, string) call {
		return func(*matrix, *caller, string) call { return call{method: "GET", path: path} }
	}
	onCase := func(
		method,
		suffix,
		body string,
		moved int,
		header ...string,
	) func(*matrix, *caller, string) call {
		return func(m *matrix, _ *caller, mun string) call {
			return call{
				method: method,
				path:   fmt.Sprintf("/api/v1/cases/%s%s", m.newCase(mun, moved), suffix),
				body:   body,
				header: header,
			}
		}
	}
	// accountIn makes an account with a role in the municipality, for a user manager to act on.
	accountIn := func(m *matrix, mun string) uuid.UUID {
		return m.newUser(
			fmt.Sprintf("account%d@matrix.example", m.next()),
			users.Grant{Role: "analist", Domain: mun},
		)
	}
	const (
		ok, created, noContent = http.StatusOK, http.StatusCreated, http.StatusNoContent
		invalid, forbidden     = http.StatusBadRequest, http.StatusForbidden
		notFound               = http.StatusNotFound
	)
	return map[string]routeCase{
		"GET /openapi.json": {ok: ok, build: get("/api/v1/openapi.json")},
		"POST /sessions": {ok: created, build: func(m *matrix, _ *caller, _ string) call {
			email := fmt.Sprintf("login%d@matrix.example", m.next())
			m.newUser(email, users.Grant{Role: "analist", Domain: own})
			// Without the caller's cookie: a login ends the session it is sent with.
			return call{method: "POST", path: "/api/v1/sessions", body: `{"email":"` + email +
				`","password":"matrix-wachtwoord-12"}`,
				header: []string{"Cookie", ""}}
		}},
		"GET /sessions/current": {
			allowed:   everyRole,
			ok:        ok,
			otherCode: ok,
			build:     get("/api/v1/sessions/current"),
		},
		"DELETE /sessions/current": {allowed: everyRole, ok: noContent, otherCode: noContent,
			build: func(m *matrix, who *caller, _ string) call {
				if who.role == "" {
					return call{method: "DELETE", path: "/api/v1/sessions/current"}
				}
				cookie, csrf := m.session(who.id) // a session of its own: the caller's stays alive
				return call{
					method: "DELETE",
					path:   "/api/v1/sessions/current",
					header: []string{"Cookie", cookie, "X-CSRF-Token", csrf},
				}
			}},
		"GET /tokens": {allowed: everyRole, ok: ok, otherCode: ok, build: get("/api/v1/tokens")},
		"POST /tokens": {allowed: everyRole, ok: created, otherCode: created,
			build: func(*matrix, *caller, string) call {
				return call{
					method: "POST",
					path:   "/api/v1/tokens",
					body:   `{"name":"rapportage","expiresInDays":30}`,
				}
			}},
		// A token of somebody else is not found; the caller's own is revoked.
		"DELETE /tokens/:tokenId": {allowed: everyRole, ok: noContent, otherCode: notFound,
			build: func(m *matrix, who *caller, mun string) call {
				owner := who.id
				if mun == other || who.role == "" {
					owner = accountIn(m, other)
				}
				return call{method: "DELETE", path: "/api/v1/tokens/" + m.newToken(owner)}
			}},

		"GET /municipalities": {
			allowed:   everyRole,
			ok:        ok,
			otherCode: ok,
			build:     get("/api/v1/municipalities"),
		},
		"GET /pilots": {allowed: everyRole, ok: ok, otherCode: ok, build: get("/api/v1/pilots")},
		"GET /pilots/:pilotCode": {allowed: everyRole, ok: ok, otherCode: ok,
			build: func(_ *matrix, _ *caller, mun string) call {
				return call{
					method: "GET",
					path: map[string]string{
						own:   "/api/v1/pilots/amsterdam",
						other: "/api/v1/pilots/eindhoven",
					}[mun],
				}
			}},
		// Lists filtered on another municipality answer an empty 200: nothing leaks.
		"GET /employers": {allowed: caseWorkers, ok: ok, otherCode: ok,
			build: func(_ *matrix, _ *caller, mun string) call {
				return call{method: "GET", path: "/api/v1/employers?municipality=" + mun}
			}},
		"POST /employers": {allowed: caseWorkers, ok: created, otherCode: invalid,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{method: "POST", path: "/api/v1/employers",
					body: fmt.Sprintf(
						`{"municipality":"%s","name":"Bakkerij %d","kvkNumber":"%08d","sector":"horeca"}`,
						mun,
						m.next(),
						30_000_000+m.next(),
					)}
			}},

		"GET /cases": {allowed: caseWorkers, ok: ok, otherCode: ok,
			build: func(_ *matrix, _ *caller, mun string) call {
				return call{method: "GET", path: "/api/v1/cases?municipality=" + mun}
			}},
		"POST /cases": {allowed: caseWorkers, ok: created, otherCode: invalid,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{method: "POST", path: "/api/v1/cases", body: fmt.Sprintf(`{"municipality":"%s","bsn":"%s","name":"Nieuwe Cliënt",
				"birthDate":"1993-05-05","gender":"man","countryOfBirth":"AF","residencePermitDate":"2025-11-01",
				"householdType":"alleenstaand","languageLevelIntake":"A1","registeredOn":"2026-01-05"}`, mun, validBSN(950_000_000+20*int(m.next())))}
			}},
		// A search for a client of another municipality finds nothing.
		"POST /case-searches": {allowed: caseWorkers, ok: ok, otherCode: ok,
			build: func(m *matrix, _ *caller, mun string) call {
				bsn := map[string]string{own: m.ownBSN, other: m.otherBSN}[mun]
				return call{method: "POST", path: "/api/v1/case-searches", body: `{"bsn":"` + bsn + `"}`}
			}},
		"GET /cases/:caseId": {
			allowed:   caseWorkers,
			ok:        ok,
			otherCode: notFound,
			build:     onCase("GET", "", "", 0),
		},
		"PATCH /cases/:caseId": {
			allowed:   caseWorkers,
			ok:        ok,
			otherCode: notFound,
			build:     onCase("PATCH", "", `{"integrationRoute":"b1"}`, 0, "If-Match", `"1"`),
		},
		"POST /cases/:caseId/transitions": {allowed: caseWorkers, ok: created, otherCode: notFound,
			build: onCase("POST", "/transitions", `{"toStage":"gevestigd","date":"2026-01-20"}`, 0)},
		"GET /cases/:caseId/events": {
			allowed:   caseWorkers,
			ok:        ok,
			otherCode: notFound,
			build:     onCase("GET", "/events", "", 0),
		},
		"POST /cases/:caseId/pips": {allowed: caseWorkers, ok: created, otherCode: notFound,
			build: onCase("POST", "/pips", `{"drawnUpOn":"2026-03-01","route":"b1"}`, 0)},
		"POST /cases/:caseId/integration-results": {allowed: caseWorkers, ok: created,
			otherCode: notFound,
			build: onCase(
				"POST",
				"/integration-results",
				`{"kind":"pvt","outcome":"afgerond","onDate":"2026-03-10"}`,
				0,
			)},
		"GET /cases/:caseId/weeks": {
			allowed:   caseWorkers,
			ok:        ok,
			otherCode: notFound,
			build:     onCase("GET", "/weeks", "", 0),
		},
		"PUT /cases/:caseId/weeks/:week": {allowed: caseWorkers, ok: created, otherCode: notFound,
			build: onCase(
				"PUT",
				"/weeks/2026-W20",
				`{"plannedWorkHours":24,"actualWorkHours":24,"plannedIntegrationHours":8,"actualIntegrationHours":8}`,
				4,
			)},
		"GET /weeks/:week": {allowed: caseWorkers, ok: ok, otherCode: ok, build: get("/api/v1/weeks/2026-W20")},
		// Another municipality's case is a row refused as not found, in a 200.
		"PUT /weeks/:week": {allowed: caseWorkers, ok: ok, otherCode: ok,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{method: "PUT", path: "/api/v1/weeks/2026-W20",
					body: `{"rows":[{"caseId":"` + m.newCase(mun, 4).String() +
						`","plannedWorkHours":24,"actualWorkHours":24,"seenUpdatedAt":null}]}`}
			}},
		"GET /cases/:caseId/job-offers": {
			allowed:   caseWorkers,
			ok:        ok,
			otherCode: notFound,
			build:     onCase("GET", "/job-offers", "", 0),
		},
		"POST /cases/:caseId/job-offers": {allowed: caseWorkers, ok: created, otherCode: notFound,
			build: func(m *matrix, _ *caller, mun string) call {
				id := m.newCase(mun, 2)
				return call{method: "POST", path: fmt.Sprintf("/api/v1/cases/%s/job-offers", id),
					body: `{"employerId":"` + m.newEmployer(mun) +
						`","offeredOn":"2026-02-01","contractType":"bepaalde_tijd","hoursPerWeek":24,"hourlyWageCents":1500}`}
			}},
		"PATCH /cases/:caseId/job-offers/:jobOfferId": {allowed: caseWorkers, ok: ok, otherCode: notFound,
			build: func(m *matrix, _ *caller, mun string) call {
				id := m.newCase(mun, 2)
				return call{method: "PATCH",
					path: fmt.Sprintf("/api/v1/cases/%s/job-offers/%s", id, m.newOffer(mun, id)),
					body: `{"status":"geaccepteerd","startDate":"2026-02-16","endDate":"2027-02-15"}`}
			}},

		// Corrections, each with a reason; reopening is the team lead's.
		"POST /cases/:caseId/undo-transition": {allowed: caseWorkers, ok: ok, otherCode: notFound,
			build: onCase("POST", "/undo-transition", `{"reason":"verkeerde knop"}`, 1)},
		"POST /cases/:caseId/reopen": {allowed: []string{"teamleider"}, ok: ok, otherCode: notFound,
			build: func(m *matrix, _ *caller, mun string) call {
				id := m.closedCase(mun)
				return call{method: "POST", path: fmt.Sprintf("/api/v1/cases/%s/reopen", id),
					body: `{"reason":"ten onrechte gesloten"}`}
			}},
		"POST /cases/:caseId/pips/:version/withdraw": {allowed: caseWorkers, ok: ok, otherCode: notFound,
			build: func(m *matrix, _ *caller, mun string) call {
				id := m.newCase(mun, 0)
				m.exec(`INSERT INTO case_pips (municipality_id, case_id, version, drawn_up_on, route)
					VALUES ((SELECT id FROM municipalities WHERE code = ?), ?, 1, '2026-03-01', 'b1')`, mun, id)
				return call{method: "POST", path: fmt.Sprintf("/api/v1/cases/%s/pips/1/withdraw", id),
					body: `{"reason":"dubbel vastgelegd"}`}
			}},
		"POST /cases/:caseId/integration-results/:resultId/correct": {allowed: caseWorkers, ok: ok,
			otherCode: notFound, build: func(m *matrix, _ *caller, mun string) call {
				id := m.newCase(mun, 0)
				return call{method: "POST", path: fmt.Sprintf("/api/v1/cases/%s/integration-results/%d/correct",
					id, m.newResult(mun, id)),
					body: `{"outcome":"behaald","onDate":"2026-03-10","reason":"verkeerd aangeklikt"}`}
			}},
		"POST /cases/:caseId/integration-results/:resultId/withdraw": {allowed: caseWorkers, ok: ok,
			otherCode: notFound, build: func(m *matrix, _ *caller, mun string) call {
				id := m.newCase(mun, 0)
				return call{method: "POST", path: fmt.Sprintf("/api/v1/cases/%s/integration-results/%d/withdraw",
					id, m.newResult(mun, id)), body: `{"reason":"ander dossier"}`}
			}},
		"POST /cases/:caseId/job-offers/:jobOfferId/correct": {allowed: caseWorkers, ok: ok,
			otherCode: notFound, build: func(m *matrix, _ *caller, mun string) call {
				id := m.newCase(mun, 2)
				return call{method: "POST",
					path: fmt.Sprintf("/api/v1/cases/%s/job-offers/%s/correct", id, m.newOffer(mun, id)),
					body: `{"offeredOn":"2026-02-02","contractType":"onbepaalde_tijd","hoursPerWeek":24,` +
						`"hourlyWageCents":1500,"reason":"contractvorm verkeerd"}`}
			}},
		"POST /cases/:caseId/job-offers/:jobOfferId/withdraw": {allowed: caseWorkers, ok: ok,
			otherCode: notFound, build: func(m *matrix, _ *caller, mun string) call {
				id := m.newCase(mun, 2)
				return call{method: "POST",
					path: fmt.Sprintf("/api/v1/cases/%s/job-offers/%s/withdraw", id, m.newOffer(mun, id)),
					body: `{"reason":"ander dossier"}`}
			}},
		// The journal of a case (notes.go): case workers only, never analysts or the ministry.
		"GET /cases/:caseId/notes": {allowed: caseWorkers, ok: ok, otherCode: notFound,
			build: onCase("GET", "/notes", "", 0)},
		"POST /cases/:caseId/notes": {allowed: caseWorkers, ok: created, otherCode: notFound,
			build: onCase("POST", "/notes", `{"kind":"gesprek","body":"Kennismaking.","contactOn":"2026-02-01"}`, 0)},
		"POST /cases/:caseId/notes/:noteId/follow-up-done": {allowed: caseWorkers, ok: ok, otherCode: notFound,
			build: func(m *matrix, _ *caller, mun string) call {
				id := m.newCase(mun, 0)
				return call{method: "POST",
					path: fmt.Sprintf("/api/v1/cases/%s/notes/%d/follow-up-done", id, m.newNote(mun, id))}
			}},
		"POST /cases/:caseId/notes/:noteId/withdraw": {allowed: caseWorkers, ok: ok, otherCode: notFound,
			build: func(m *matrix, _ *caller, mun string) call {
				id := m.newCase(mun, 0)
				return call{method: "POST",
					path: fmt.Sprintf("/api/v1/cases/%s/notes/%d/withdraw", id, m.newNote(mun, id)),
					body: `{"reason":"Verkeerd dossier."}`}
			}},

		// A beheerder manages accounts of their own municipality only; platformbeheer all.
		"GET /users": {allowed: userManagers, ok: ok, otherCode: ok, build: get("/api/v1/users")},
		"POST /users": {allowed: userManagers, ok: created, otherCode: forbidden, nationalOK: true,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{method: "POST", path: "/api/v1/users", body: fmt.Sprintf(`{"email":"nieuw%d@matrix.example","name":"Nieuw",
				"password":"een-goed-wachtwoord","roles":[{"role":"klantmanager","municipality":"%s"}]}`, m.next(), mun)}
			}},
		"GET /users/:userId": {allowed: userManagers, ok: ok, otherCode: notFound, nationalOK: true,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{method: "GET", path: "/api/v1/users/" + accountIn(m, mun).String()}
			}},
		"PATCH /users/:userId": {allowed: userManagers, ok: ok, otherCode: notFound, nationalOK: true,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{
					method: "PATCH",
					path:   "/api/v1/users/" + accountIn(m, mun).String(),
					body:   `{"disabled":true}`,
				}
			}},
		"POST /users/:userId/roles": {allowed: userManagers, ok: created, otherCode: notFound,
			nationalOK: true, build: func(m *matrix, _ *caller, mun string) call {
				return call{method: "POST", path: "/api/v1/users/" + accountIn(m, mun).String() + "/roles",
					body: `{"role":"klantmanager","municipality":"` + mun + `"}`}
			}},
		"DELETE /users/:userId/roles/:municipality/:role": {allowed: userManagers, ok: noContent,
			otherCode: notFound, nationalOK: true,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{
					method: "DELETE",
					path:   "/api/v1/users/" + accountIn(m, mun).String() + "/roles/" + mun + "/analist",
				}
			}},

		// Aggregates: the own municipality live, any other from the newest release.
		"GET /outcomes": {allowed: outcomeReaders, ok: ok, otherCode: ok,
			build: func(m *matrix, _ *caller, mun string) call {
				m.someRelease()
				return call{method: "GET", path: "/api/v1/outcomes?municipalities=" + mun}
			}},
		"GET /outcome-exports": {allowed: outcomeReaders, ok: ok, otherCode: ok,
			build: func(m *matrix, _ *caller, mun string) call {
				m.someRelease()
				return call{method: "GET", path: "/api/v1/outcome-exports?format=csv&municipalities=" + mun}
			}},
		// Releases: read by every outcome reader and platformbeheer; withdrawn by the
		// ministry and platformbeheer.
		"GET /releases": {
			allowed:    releaseReaders,
			ok:         ok,
			otherCode:  ok,
			nationalOK: true,
			build:      get("/api/v1/releases"),
		},
		"GET /releases/:releaseId": {allowed: releaseReaders, ok: ok, otherCode: ok, nationalOK: true,
			build: func(m *matrix, _ *caller, _ string) call {
				return call{method: "GET", path: fmt.Sprintf("/api/v1/releases/%d", m.someRelease())}
			}},
		"GET /releases/:releaseId/cells": {allowed: releaseReaders, ok: ok, otherCode: ok,
			nationalOK: true, build: func(m *matrix, _ *caller, mun string) call {
				return call{
					method: "GET",
					path:   fmt.Sprintf("/api/v1/releases/%d/cells?municipality=%s", m.someRelease(), mun),
				}
			}},
		"GET /releases/:releaseId/exports": {allowed: releaseReaders, ok: ok, otherCode: ok,
			nationalOK: true, build: func(m *matrix, _ *caller, mun string) call {
				return call{
					method: "GET",
					path: fmt.Sprintf(
						"/api/v1/releases/%d/exports?format=tidy-csv&municipality=%s",
						m.someRelease(),
						mun,
					),
				}
			}},
		"POST /releases/:releaseId/withdrawal": {allowed: []string{"ministerie", "platformbeheer"},
			ok: created, otherCode: created, nationalOK: true,
			build: func(m *matrix, _ *caller, _ string) call {
				return call{
					method: "POST",
					path:   fmt.Sprintf("/api/v1/releases/%d/withdrawal", m.newRelease(int(m.next())+12)),
					body:   `{"reason":"Fout in de bron"}`,
				}
			}},
		// Lessons: published ones are read everywhere; drafts only by the municipality's writers.
		"GET /lessons": {allowed: lessonReaders, ok: ok, otherCode: ok,
			build: func(_ *matrix, _ *caller, mun string) call {
				return call{method: "GET", path: "/api/v1/lessons?municipality=" + mun}
			}},
		"POST /lessons": {allowed: caseWorkers, ok: created, otherCode: invalid,
			build: func(_ *matrix, _ *caller, mun string) call {
				return call{
					method: "POST",
					path:   "/api/v1/lessons",
					body:   `{"municipality":"` + mun + `","theme":"werkgevers","title":"Een les"}`,
				}
			}},
		"GET /lessons/:lessonId": {allowed: lessonReaders, ok: ok, otherCode: notFound,
			build: func(m *matrix, _ *caller, mun string) call {
				// own published, other a draft
				return call{method: "GET", path: "/api/v1/lessons/" + m.newLesson(mun, mun == own)}
			}},
		"PUT /lessons/:lessonId": {allowed: caseWorkers, ok: ok, otherCode: notFound,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{
					method: "PUT",
					path:   "/api/v1/lessons/" + m.newLesson(mun, false),
					body:   `{"theme":"taal","title":"Herschreven"}`,
				}
			}},
		"POST /lessons/:lessonId/publication": {allowed: []string{"teamleider"}, ok: created,
			otherCode: notFound,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{method: "POST", path: "/api/v1/lessons/" + m.newLesson(mun, false) + "/publication"}
			}},
		"PUT /lessons/:lessonId/assessment": {allowed: []string{"ministerie"}, ok: ok,
			otherCode: notFound, nationalOK: true,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{
					method: "PUT",
					path:   "/api/v1/lessons/" + m.newLesson(mun, true) + "/assessment",
					body:   `{"tags":["zorg"],"readyForScaleUp":true}`,
				}
			}},
		"GET /audit-events": {allowed: []string{"teamleider"}, ok: ok, otherCode: ok,
			build: func(m *matrix, _ *caller, mun string) call {
				return call{method: "GET", path: "/api/v1/audit-events?case=" + m.newCase(mun, 0).String()}
			}},
	}
}
