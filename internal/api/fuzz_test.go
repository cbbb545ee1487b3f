package api

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/server"
	"github.com/startbaan/startbaan/internal/users"
)

// The fuzz targets of this file feed arbitrary bytes through the path a handler takes
// with a request body: decode, then the conversion to the domain's input (and the
// domain's own checks where they need no database). The property is the same for
// every request type: no panic, and either a client error (a 4xx problem in Dutch,
// never an internal error) or an input the database can store.

// nastyBodies are tried against every request type.
var nastyBodies = []string{
	``, `null`, `[]`, `"x"`, `12`, `{`, `{}`, `{}{}`, `{} x`, `{"a":1}`, "\xef\xbb\xbf{}", "{\"name\":\"\xff\xfe\"}",
	`{"name":"\u0000"}`, `{"name":"\\u0000"}`, `{"name":"\\\u0000"}`, `{"\u0000":1}`, `{"name":"\ud800"}`,
	`{"name":1e308}`, `{"name":-0}`, `{"name":1e999}`, `{"name":true}`, `{"name":{}}`, `{"name":[]}`,
	`{"name":` + strings.Repeat(`[`, 20000) + `}`, `{"name":"` + strings.Repeat("é", 40000) + `"}`,
	`{"name":"a","name":"b"}`, `{"NAME":"x"}`,
}

func addSeeds(f *testing.F, seeds ...string) {
	for _, s := range append(seeds, nastyBodies...) {
		f.Add([]byte(s))
	}
}

// decodeBody runs decode on body as a handler receives it.
func decodeBody(body []byte, dst any) error {
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set(echo.HeaderContentType, echo.MIMEApplicationJSON)
	return decode(echo.New().NewContext(req, httptest.NewRecorder()), dst)
}

// fuzzBody is the harness of one request type: decode into T, then check.
func fuzzBody[T any](f *testing.F, check func(t *testing.T, req T)) {
	f.Fuzz(func(t *testing.T, body []byte) {
		var req T
		if err := decodeBody(body, &req); err != nil {
			requireClientError(t, err)
			return
		}
		check(t, req)
	})
}

// goErrorText finds Go's own (English) error text in what a client would read.
var goErrorText = []string{
	"json:",
	"strconv",
	"parsing",
	"cannot",
	"invalid",
	"unexpected",
	"error",
	"panic",
}

// requireClientError fails unless err is what a client is told about bad input: a
// 4xx problem that explains itself in Dutch, never an internal error.
func requireClientError(t *testing.T, err error) {
	t.Helper()
	p, internal := server.ProblemFor(err)
	if internal || p.Status < 400 || p.Status >= 500 {
		t.Fatalf("not a client error: %d %v", p.Status, err)
	}
	if p.Detail == "" && len(p.InvalidParams) == 0 {
		t.Fatalf("a problem that explains nothing: %+v", p)
	}
	texts := []string{p.Detail}
	for _, ip := range p.InvalidParams {
		if ip.Name == "" || ip.Reason == "" {
			t.Fatalf("invalid param without name or reason: %+v", ip)
		}
		texts = append(texts, ip.Reason)
	}
	for _, s := range texts {
		for _, w := range goErrorText {
			if strings.Contains(s, w) {
				t.Fatalf("Go's error text reaches the client: %q", s)
			}
		}
	}
}

// requireText fails for text the database cannot store.
func requireText(t *testing.T, field, s string) {
	t.Helper()
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		t.Fatalf("%s: accepted text the database cannot store: %q", field, s)
	}
}

func requireTexts(t *testing.T, fields map[string]*string) {
	t.Helper()
	for name, s := range fields {
		if s != nil {
			requireText(t, name, *s)
		}
	}
}

// fuzzToday is the date the domain checks against.
var fuzzToday = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

func FuzzCreateCaseRequest(f *testing.F) {
	addSeeds(f, `{"municipality":"GM0363","bsn":"111222333","name":"Amira Haddad","birthDate":"1990-05-17","gender":"vrouw",
		"countryOfBirth":"SY","residencePermitDate":"2025-11-03","householdType":"alleenstaand","languageLevelIntake":"A1",
		"registeredOn":"2026-01-12","pilot":"amsterdam-combi","clientManagerId":"0b8f3f5e-6c36-4a0b-a7f7-2f1c7d3a9e11","note":"x"}`,
		`{"municipality":"GM0363","bsn":" 111222333 ","name":" x ","birthDate":"0000-01-01","gender":"x","countryOfBirth":"12",
		"residencePermitDate":"2025-02-29","householdType":"anders","languageLevelIntake":"C1","registeredOn":"9999-12-31"}`,
		`{"bsn":"000000000","countryOfBirth":"sy","birthDate":"2026-W05","clientManagerId":"nope"}`,
		`{"municipality":"GM0363","bsn":"111222333","name":"A","birthDate":"1990-05-17","gender":"man","countryOfBirth":"Ä",
		"residencePermitDate":"2025-11-03","householdType":"alleenstaand","languageLevelIntake":"A1","registeredOn":"2026-01-12"}`)
	validator := cases.NewService(&database.DB{}, nil, func() time.Time { return fuzzToday })
	fuzzBody(f, func(t *testing.T, req createCaseRequest) {
		in, p := req.toDomain()
		p.Merge(validator.Validate(in))
		if err := p.Err(); err != nil {
			requireClientError(t, err)
			return
		}
		requireStorableCase(t, in)
	})
}

// requireStorableCase checks an accepted new case against the CHECK constraints of
// the clients and cases tables.
func requireStorableCase(t *testing.T, in cases.NewCase) {
	t.Helper()
	if !bsn.Valid(strings.TrimSpace(in.BSN)) {
		t.Fatalf("accepted BSN %q", in.BSN)
	}
	name := strings.TrimSpace(in.Name)
	if n := utf8.RuneCountInString(name); n < 1 || n > 200 {
		t.Fatalf("accepted a name of %d characters", n)
	}
	if c := in.CountryOfBirth; len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		t.Fatalf("accepted country of birth %q, which the database refuses (^[A-Z]{2}$)", c)
	}
	for field, d := range map[string]*time.Time{"birthDate": in.BirthDate,
		"residencePermitDate": in.ResidencePermitDate,
		"registeredOn":        in.RegisteredOn} {
		if d == nil || d.After(fuzzToday) {
			t.Fatalf("%s: accepted %v", field, d)
		}
	}
	requireTexts(t, map[string]*string{"municipality": &in.MunicipalityCode, "name": &in.Name,
		"pilot": in.PilotCode,
		"note":  &in.Note})
}

func FuzzPatchCaseRequest(f *testing.F) {
	addSeeds(f,
		`{"settledOn":"2026-01-20","benefitKind":"volledig","integrationRoute":"b1","note":"x"}`,
		`{"settledOn":null,"name":"Nieuwe Naam","clientManagerId":null,"pilot":"p"}`,
		`{"clientManagerId":"0b8f3f5e-6c36-4a0b-a7f7-2f1c7d3a9e11","closedOn":"2026-02-30","gender":7,"note":null}`,
		`{"birthDate":{"a":1},"registeredOn":["2026-01-01"],"name":"\u0000"}`)
	fuzzBody(f, func(t *testing.T, req patchCaseRequest) {
		patch, err := req.toDomain()
		if err != nil {
			requireClientError(t, err)
			return
		}
		requireText(t, "note", patch.Note)
		for name, v := range patch.Values {
			f, ok := cases.FieldNamed(name)
			if !ok {
				t.Fatalf("%s: not a field of the table", name)
			}
			if s, isText := v.(string); isText {
				if f.Kind == cases.KindDate || f.Kind == cases.KindID {
					t.Fatalf("%s: a %v field holds text %q", name, f.Kind, s)
				}
				requireTexts(t, map[string]*string{name: &s})
			}
		}
	})
}

func FuzzTransitionRequest(f *testing.F) {
	addSeeds(f, `{"toStage":"gevestigd","date":"2026-02-01","note":"verhuisd naar Zuid"}`,
		`{"toStage":"afgesloten","date":"2026-02-01","closeReason":"verhuisd"}`, `{"toStage":"gevestigd"}`,
		`{"toStage":"gevestigd","date":"2026-1-1"}`, `{"toStage":"gevestigd","date":"+2026-01-01"}`)
	fuzzBody(f, func(t *testing.T, req transitionRequest) {
		in, err := req.toDomain(nil)
		if err != nil {
			requireClientError(t, err)
			return
		}
		if in.On == nil {
			t.Fatal("a transition without a date")
		}
		requireTexts(t, map[string]*string{"note": &in.Note, "closeReason": in.CloseReason})
	})
}

func FuzzPIPRequest(f *testing.F) {
	addSeeds(
		f,
		`{"drawnUpOn":"2026-02-01","route":"b1"}`,
		`{"drawnUpOn":"2026-02-01T00:00:00Z","route":"z"}`,
		`{"route":"onderwijs"}`,
	)
	fuzzBody(f, func(t *testing.T, req pipRequest) {
		if in, err := req.toDomain(); err != nil {
			requireClientError(t, err)
		} else {
			requireText(t, "route", in.Route)
		}
	})
}

func FuzzResultRequest(f *testing.F) {
	addSeeds(
		f,
		`{"kind":"pvt","outcome":"afgerond","onDate":"2026-02-01"}`,
		`{"kind":"map","outcome":"afgerond","onDate":"2026-13-01"}`,
	)
	fuzzBody(f, func(t *testing.T, req resultRequest) {
		if in, err := req.toDomain(); err != nil {
			requireClientError(t, err)
		} else {
			requireTexts(t, map[string]*string{"kind": &in.Kind, "outcome": &in.Outcome})
		}
	})
}

func FuzzCaseSearchRequest(f *testing.F) {
	addSeeds(
		f,
		`{"bsn":"111222333"}`,
		`{"name":"Haddad","municipality":"GM0363"}`,
		`{"bsn":123456782}`,
		`{"name":"%_\\"}`,
	)
	fuzzBody(f, func(t *testing.T, req caseSearchRequest) {
		requireTexts(
			t,
			map[string]*string{"bsn": &req.BSN, "name": &req.Name, "municipality": &req.Municipality},
		)
	})
}

func FuzzWeekRequest(f *testing.F) {
	addSeeds(f,
		`{"plannedWorkHours":24,"actualWorkHours":22.5,"plannedIntegrationHours":8,"actualIntegrationHours":8,"absenceHours":0}`,
		`{"plannedWorkHours":59.995,"plannedIntegrationHours":108.005}`, `{"actualWorkHours":-0}`, `{"absenceHours":1e308}`,
		`{"plannedWorkHours":"8"}`, `{"plannedWorkHours":0.001}`, `{"plannedWorkHours":4.9e-324}`)
	fuzzBody(f, func(t *testing.T, req weekRequest) {
		e := req.entry()
		got := []float64{
			e.PlannedWork,
			e.Work(),
			e.PlannedIntegration,
			e.Integration(),
			e.Absence,
		}
		want := []float64{
			req.PlannedWorkHours,
			orZero(req.ActualWorkHours),
			req.PlannedIntegrationHours,
			orZero(req.ActualIntegrationHours),
			req.AbsenceHours,
		}
		if (e.ActualWork == nil) != (req.ActualWorkHours == nil) ||
			(e.ActualIntegration == nil) != (req.ActualIntegrationHours == nil) {
			t.Fatalf("blank and entered mixed up: %+v from %+v", e, req)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("field %d: %v became %v", i, want[i], got[i])
			}
		}
	})
}

func FuzzEmployerRequest(f *testing.F) {
	addSeeds(f,
		`{"municipality":"GM0363","name":"Bakkerij De Korst","kvkNumber":"12345678","sector":"horeca"}`,
		`{"kvkNumber":12345678}`, `{"kvkNumber":"1234567８"}`)
	fuzzBody(f, func(t *testing.T, req employerRequest) {
		in := req.toDomain()
		requireTexts(
			t,
			map[string]*string{
				"municipality": &in.MunicipalityCode,
				"name":         &in.Name,
				"kvkNumber":    &in.KvKNumber,
				"sector":       &in.Sector,
			},
		)
	})
}

func FuzzJobOfferRequest(f *testing.F) {
	addSeeds(f, `{"employerId":"0b8f3f5e-6c36-4a0b-a7f7-2f1c7d3a9e11","offeredOn":"2026-02-01","contractType":"bepaalde_tijd",
		"hoursPerWeek":24,"hourlyWageCents":1450,"sector":"zorg","startDate":"2026-03-01","endDate":"2026-09-01","sowisRequested":true}`,
		`{"hoursPerWeek":0.001,"hourlyWageCents":1e3}`, `{"hourlyWageCents":14.5}`, `{"hourlyWageCents":9223372036854775808}`,
		`{"hourlyWageCents":2147483648}`, `{"hoursPerWeek":-0,"employerId":"{0b8f3f5e-6c36-4a0b-a7f7-2f1c7d3a9e11}"}`)
	fuzzBody(f, func(t *testing.T, req jobOfferRequest) {
		in, err := req.toDomain()
		if err != nil {
			requireClientError(t, err)
			return
		}
		if in.HourlyWageCents != req.HourlyWageCents || in.HoursPerWeek != req.HoursPerWeek {
			t.Fatalf("numbers changed on the way: %+v from %+v", in, req)
		}
		requireTexts(t, map[string]*string{"contractType": &in.ContractType, "sector": &in.Sector})
	})
}

func FuzzJobOfferPatchRequest(f *testing.F) {
	addSeeds(f, `{"status":"geaccepteerd","startDate":"2026-03-01"}`,
		`{"status":"afgewezen","declineReason":"te ver reizen"}`,
		`{"sowisRequested":true,"sowisGranted":"ja"}`, `{"endDate":"2026-02-29"}`)
	fuzzBody(f, func(t *testing.T, req jobOfferPatchRequest) {
		if p, err := req.toDomain(); err != nil {
			requireClientError(t, err)
		} else {
			requireTexts(t, map[string]*string{"status": p.Status, "declineReason": p.DeclineReason})
		}
	})
}

func FuzzLessonRequest(f *testing.F) {
	addSeeds(f, `{"municipality":"GM0363","theme":"werkgevers","title":"Vaste contactpersoon","tried":"a","worked":"b",
		"didNotWork":"c","evidence":"d","linkedFigures":["offer_within_target"],"pilot":null}`,
		`{"linkedFigures":"x"}`, `{"linkedFigures":[1,2]}`, `{"linkedFigures":[null]}`)
	fuzzBody(f, func(t *testing.T, req lessonTextJSON) {
		l := req.text()
		requireTexts(t, map[string]*string{"title": &l.Title, "tried": &l.Tried, "worked": &l.Worked,
			"didNotWork": &l.DidNotWork, "evidence": &l.Evidence, "theme": &l.Theme, "pilot": l.PilotCode})
		for _, k := range l.LinkedFigures {
			requireText(t, "linkedFigures", k)
		}
	})
}

func FuzzAssessmentRequest(f *testing.F) {
	addSeeds(
		f,
		`{"tags":["werkgevers","taal"],"readyForScaleUp":true}`,
		`{"tags":null}`,
		`{"readyForScaleUp":"true"}`,
	)
	fuzzBody(f, func(t *testing.T, req assessmentJSON) {
		for _, k := range req.Tags {
			requireText(t, "tags", k)
		}
	})
}

func FuzzNewUserRequest(f *testing.F) {
	addSeeds(f,
		`{"email":"kim@example.nl","name":"Kim de Vries","password":"lang-genoeg-wachtwoord","roles":[{"role":"klantmanager","municipality":"GM0363"}]}`,
		`{"email":"\"a b\"@example.nl","name":" ","password":"kort","roles":[{"role":"ministerie","municipality":"GM0363"}]}`,
		`{"email":"KIM@EXAMPLE.NL ","roles":[{}]}`, `{"roles":{}}`)
	fuzzBody(f, func(t *testing.T, req newUserRequest) {
		in := req.toDomain()
		if err := in.Check(); err != nil {
			requireClientError(t, err)
			return
		}
		requireTexts(
			t,
			map[string]*string{"email": &in.Email, "name": &in.Name, "password": &in.Password},
		)
		for _, g := range in.Grants {
			requireTexts(t, map[string]*string{"role": &g.Role, "municipality": &g.Domain})
		}
	})
}

func FuzzRoleRequest(f *testing.F) {
	addSeeds(
		f,
		`{"role":"teamleider","municipality":"GM0363"}`,
		`{"role":"ministerie","municipality":"NL"}`,
	)
	fuzzBody(f, func(t *testing.T, req roleJSON) {
		g := req.grant()
		requireTexts(t, map[string]*string{"role": &g.Role, "municipality": &g.Domain})
	})
}

func FuzzUserPatchRequest(f *testing.F) {
	addSeeds(f, `{"disabled":true}`, `{"disabled":null}`, `{"disabled":1}`)
	fuzzBody(f, func(t *testing.T, req userPatch) {})
}

func FuzzLoginRequest(f *testing.F) {
	addSeeds(
		f,
		`{"email":"kim@example.nl","password":"lang-genoeg-wachtwoord"}`,
		`{"email":"","password":""}`,
		`{"email":["a"]}`,
	)
	fuzzBody(f, func(t *testing.T, req loginRequest) {
		requireTexts(t, map[string]*string{"email": &req.Email, "password": &req.Password})
	})
}

func FuzzTokenRequest(f *testing.F) {
	addSeeds(f, `{"name":"rapportage","expiresInDays":30}`, `{"name":"x"}`,
		`{"name":"x","expiresInDays":0}`,
		`{"name":"x","expiresInDays":-1}`, `{"name":"x","expiresInDays":366}`, `{"name":"x","expiresInDays":1e2}`,
		`{"name":"x","expiresInDays":9223372036854775807}`, `{"name":"x","expiresInDays":281474976710686}`)
	fuzzBody(f, func(t *testing.T, req tokenRequest) {
		ttl := req.lifetime()
		if ttl < 24*time.Hour || ttl > users.MaxTokenLifetime {
			return // the service refuses it with a field problem
		}
		days := 90
		if req.ExpiresInDays != nil {
			days = *req.ExpiresInDays
		}
		if days < 1 || days > 365 || ttl != time.Duration(days)*24*time.Hour {
			t.Fatalf("asked for %d days, got a token of %v", days, ttl)
		}
		requireText(t, "name", req.Name)
	})
}

func orZero(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}
