package api_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/api"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/guard"
	"github.com/startbaan/startbaan/internal/users"
)

// The authorization matrix: every route the router serves × every role × a record
// of the role's own municipality versus one of another municipality × anonymous,
// with the exact status expected. A route without an entry here fails the test.

const (
	own   = "GM0363" // every municipal role of the matrix works here
	other = "GM0772"
)

// caller is one principal of the matrix, logged in with a cookie session.
type caller struct {
	role          string // "" for anonymous
	id            uuid.UUID
	cookie, csrf  string
	seesPersonal  bool // may receive personal data
	national      bool
	municipalRole bool
}

// call is one concrete request.
type call struct {
	method, path, body string
	header             []string
}

// routeCase says how to build a request for a route and what it must answer.
type routeCase struct {
	allowed    []string // roles that hold the route's permission
	ok         int      // status for an allowed role on its own municipality's record
	otherCode  int      // status for an allowed municipal role on another municipality's record
	nationalOK bool     // national roles (platformbeheer) reach every municipality: ok there too
	build      func(m *matrix, who *caller, municipality string) call
}

type matrix struct {
	*server
	t   *testing.T
	seq atomic.Int64
	// personal data of the fixture's clients, which analysts and the ministry never see
	secret           []string
	otherBSN, ownBSN string
}

var (
	everyRole = []string{
		"klantmanager",
		"teamleider",
		"analist",
		"beheerder",
		"ministerie",
		"platformbeheer",
	}
	caseWorkers    = []string{"klantmanager", "teamleider"}
	userManagers   = []string{"beheerder", "platformbeheer"}
	outcomeReaders = []string{"klantmanager", "teamleider", "analist", "ministerie"}
	lessonReaders  = outcomeReaders
	releaseReaders = []string{"klantmanager", "teamleider", "analist", "ministerie", "platformbeheer"}
)

func TestAuthorizationMatrix(t *testing.T) {
	m := newMatrix(t)
	table := m.routes()
	callers := m.callers()
	for _, r := range m.srv.Routes() {
		if !strings.HasPrefix(r.Path, api.BasePath+"/") || strings.HasSuffix(r.Path, "/*") {
			continue
		}
		key := r.Method + " " + strings.TrimPrefix(r.Path, api.BasePath)
		rc, ok := table[key]
		if !ok {
			t.Errorf("%s has no entry in the authorization matrix", key)
			continue
		}
		if _, declared := m.guard.Permissions()[r.Method+" "+r.Path]; !declared {
			t.Errorf("%s declares no permission", key)
		}
		delete(table, key)
		for _, who := range callers {
			for _, municipality := range []string{own, other} {
				name := fmt.Sprintf("%s/%s/%s", key, or(who.role, "anonymous"), municipality)
				t.Run(name, func(t *testing.T) {
					parent := m.t
					m.t = t // fixture helpers fail the subtest, not the parent
					defer func() { m.t = parent }()
					want := rc.expect(who, municipality)
					c := rc.build(m, who, municipality)
					status, body := m.send(who, c)
					if status != want {
						t.Fatalf("%s %s: %d, want %d: %s", c.method, c.path, status, want, body)
					}
					if !who.seesPersonal {
						for _, s := range m.secret {
							if strings.Contains(body, s) {
								t.Errorf("%s received personal data %q", or(who.role, "anonymous"), s)
							}
						}
					}
				})
			}
		}
	}
	for key := range table {
		t.Errorf("matrix entry %s matches no served route", key)
	}
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// expect derives the status: 401 without login, 403 without a permitting role, the
// route's own status for an allowed role, and for another municipality's record the
// route's "other" status (404 for a record, an empty 200 for a filtered list).
func (rc routeCase) expect(who *caller, municipality string) int {
	if rc.allowed == nil { // public
		return rc.ok
	}
	if who.role == "" {
		return http.StatusUnauthorized
	}
	allowed := false
	for _, r := range rc.allowed {
		allowed = allowed || r == who.role
	}
	switch {
	case !allowed:
		return http.StatusForbidden
	case municipality == own || (who.national && rc.nationalOK):
		return rc.ok
	default:
		return rc.otherCode
	}
}

func newMatrix(t *testing.T) *matrix {
	s := newServer(t)
	s.token = ""
	m := &matrix{server: s, t: t, ownBSN: validBSN(48_291_830), otherBSN: "123456782"}
	_, err := s.cases.Create(t.Context(), access.System("matrix"), cases.NewCase{MunicipalityCode: own,
		BSN:  m.ownBSN,
		Name: "Amina Haddad", BirthDate: day("1995-03-02"), Gender: "vrouw", CountryOfBirth: "SY",
		ResidencePermitDate: day("2025-11-01"), HouseholdType: "alleenstaand", LanguageLevelIntake: "A0", RegisteredOn: day("2026-01-05")})
	if err != nil {
		t.Fatal(err)
	}
	// Every name, BSN and birth date of the fixture (newServer made "Other Person").
	m.secret = []string{
		"Amina Haddad",
		"Other Person",
		"Matrix Client",
		m.ownBSN,
		m.otherBSN,
		"1995-03-02",
		"1990-01-01",
		"1991-04-04",
	}
	return m
}

// callers logs in one user per role (and keeps one anonymous caller). Municipal roles
// hold their role in GM0363 only; national roles hold it in NL.
func (m *matrix) callers() []*caller {
	out := []*caller{{role: ""}}
	for _, role := range everyRole {
		national := role == "ministerie" || role == "platformbeheer"
		domain := own
		if national {
			domain = access.NationalDomain
		}
		id := m.newUser(role+"@matrix.example", users.Grant{Role: role, Domain: domain})
		c := &caller{role: role, id: id, national: national, municipalRole: !national,
			seesPersonal: role == "klantmanager" || role == "teamleider"}
		c.cookie, c.csrf = m.session(id)
		out = append(out, c)
	}
	return out
}

func (m *matrix) newUser(email string, grants ...users.Grant) uuid.UUID {
	m.t.Helper()
	u, err := m.users.Add(m.t.Context(), users.NewUser{Email: email, Name: "Matrix " + email,
		Password: "matrix-wachtwoord-12", Grants: grants})
	if err != nil {
		m.t.Fatalf("user %s: %v", email, err)
	}
	m.reload()
	return u.ID
}

func (m *matrix) reload() {
	if err := m.enforcer().Reload(m.t.Context()); err != nil {
		m.t.Fatal(err)
	}
}

func (m *matrix) enforcer() *access.Enforcer { return m.server.enforcer }

// session starts a cookie session for the user directly (no password hashing).
func (m *matrix) session(id uuid.UUID) (cookie, csrf string) {
	m.t.Helper()
	token, err := m.users.StartSession(m.t.Context(), id, "")
	if err != nil {
		m.t.Fatal(err)
	}
	cookie = "startbaan_session=" + token
	status, body := m.send(
		&caller{role: "x", cookie: cookie},
		call{method: "GET", path: "/api/v1/sessions/current"},
	)
	var out struct{ CSRFToken string }
	if err := json.Unmarshal([]byte(body), &out); err != nil || status != http.StatusOK ||
		out.CSRFToken == "" {
		m.t.Fatalf("current session: %d %s", status, body)
	}
	return cookie, out.CSRFToken
}

func (m *matrix) next() int64 { return m.seq.Add(1) }

// newCase creates a case in the municipality, moved on by moved stages: 2 to
// uitkering_aangevraagd (job offers need it), 4 to aan_het_werk (hours need it); it
// returns its id.
func (m *matrix) newCase(municipality string, moved int) uuid.UUID {
	m.t.Helper()
	number := validBSN(900_000_000 + 20*int(m.next()))
	in := cases.NewCase{MunicipalityCode: municipality, BSN: number, Name: "Matrix Client",
		BirthDate: day("1991-04-04"),
		Gender:    "vrouw", CountryOfBirth: "SY", ResidencePermitDate: day("2025-12-01"), HouseholdType: "alleenstaand",
		LanguageLevelIntake: "A0", RegisteredOn: day("2026-01-05")}
	c, err := m.cases.Create(m.t.Context(), access.System("matrix"), in)
	if err != nil {
		m.t.Fatalf("case: %v", err)
	}
	steps := []struct {
		to cases.Stage
		on string
	}{{"gevestigd", "2026-01-10"}, {"uitkering_aangevraagd", "2026-01-12"}, {"baan_aangeboden", "2026-01-14"},
		{"aan_het_werk", "2026-01-15"}}
	for _, st := range steps[:moved] {
		if _, err := m.cases.Transition(
			m.t.Context(),
			access.System("matrix"),
			c.ID,
			cases.TransitionInput{To: st.to, On: day(st.on)},
		); err != nil {
			m.t.Fatalf("move: %v", err)
		}
	}
	return c.ID
}

// validBSN returns the first number from n on that passes the 11-proef.
func validBSN(n int) string {
	for ; ; n++ {
		s := fmt.Sprintf("%09d", n)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += int(s[i]-'0') * (9 - i)
		}
		sum -= int(s[8] - '0')
		if sum%11 == 0 {
			return s
		}
	}
}

func (m *matrix) newEmployer(municipality string) string {
	m.t.Helper()
	var id string
	err := m.db.Raw(`INSERT INTO employers (municipality_id, name, kvk_number, sector)
		VALUES ((SELECT id FROM municipalities WHERE code = ?), ?, ?, 'zorg') RETURNING id`,
		municipality, fmt.Sprintf("Werkgever %d", m.next()), fmt.Sprintf(
			"%08d",
			20_000_000+m.next(),
		)).Scan(&id).Error
	if err != nil {
		m.t.Fatal(err)
	}
	return id
}

func (m *matrix) newOffer(municipality string, caseID uuid.UUID) string {
	m.t.Helper()
	var id string
	err := m.db.Raw(`INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, contract_type,
			hours_per_week, hourly_wage_cents, sector)
		VALUES ((SELECT id FROM municipalities WHERE code = ?), ?, ?, '2026-02-01', 'open', 'bepaalde_tijd', 24, 1500, 'zorg')
		RETURNING id`,
		municipality, caseID, m.newEmployer(municipality)).Scan(&id).Error
	if err != nil {
		m.t.Fatal(err)
	}
	return id
}

// closedCase makes a case and closes it, for the reopen route.
func (m *matrix) closedCase(municipality string) uuid.UUID {
	m.t.Helper()
	id := m.newCase(municipality, 1)
	_, err := m.cases.Transition(m.t.Context(), access.System("matrix"), id,
		cases.TransitionInput{To: cases.StageAfgesloten, On: day("2026-01-20"), CloseReason: ptr("verhuisd")})
	if err != nil {
		m.t.Fatalf("close: %v", err)
	}
	return id
}

// newResult records an integration result on the case and returns its id.
func (m *matrix) newResult(municipality string, caseID uuid.UUID) int64 {
	m.t.Helper()
	var id int64
	err := m.db.Raw(`INSERT INTO case_integration_results (municipality_id, case_id, kind, outcome, on_date)
		VALUES ((SELECT id FROM municipalities WHERE code = ?), ?, 'knm', 'niet_behaald', '2026-03-10') RETURNING id`,
		municipality, caseID).Scan(&id).Error
	if err != nil {
		m.t.Fatal(err)
	}
	return id
}

// newNote makes a journal note of the case with a follow-up that is open.
func (m *matrix) newNote(municipality string, caseID uuid.UUID) int64 {
	m.t.Helper()
	var id int64
	err := m.db.Raw(`INSERT INTO case_notes (municipality_id, case_id, contact_on, kind, body, follow_up_on,
			author_name)
		VALUES ((SELECT id FROM municipalities WHERE code = ?), ?, '2026-02-01', 'telefoon', 'Gebeld.', '2026-02-03',
			'matrix') RETURNING id`, municipality, caseID).Scan(&id).Error
	if err != nil {
		m.t.Fatal(err)
	}
	return id
}

func (m *matrix) exec(sql string, args ...any) {
	m.t.Helper()
	if err := m.db.Exec(sql, args...).Error; err != nil {
		m.t.Fatal(err)
	}
}

// newLesson makes a lesson of the municipality, published or a draft.
func (m *matrix) newLesson(municipality string, published bool) string {
	m.t.Helper()
	var id string
	err := m.db.Raw(`INSERT INTO lessons (municipality_id, theme, title, status, published_at)
		VALUES ((SELECT id FROM municipalities WHERE code = ?), 'werkgevers', 'Een les', ?, ?) RETURNING id`,
		municipality, map[bool]string{true: "gepubliceerd", false: "concept"}[published],
		map[bool]any{true: "2026-06-01", false: nil}[published]).Scan(&id).Error
	if err != nil {
		m.t.Fatal(err)
	}
	return id
}

func (m *matrix) newToken(user uuid.UUID) string {
	m.t.Helper()
	_, t, err := m.users.CreateToken(m.t.Context(), user, "matrix", 24*3600*1e9)
	if err != nil {
		m.t.Fatal(err)
	}
	return t.ID.String()
}

func (m *matrix) send(who *caller, c call) (int, string) {
	m.t.Helper()
	req, _ := http.NewRequest(c.method, m.url+c.path, strings.NewReader(c.body))
	if c.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if who.role != "" {
		req.Header.Set("Cookie", who.cookie)
		req.Header.Set(guard.CSRFHeader, who.csrf)
	}
	for i := 0; i+1 < len(c.header); i += 2 {
		req.Header.Set(c.header[i], c.header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		m.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}
