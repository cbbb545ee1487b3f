package api_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/users"
)

// TestOutcomesWhoSeesWhat: twelve cases that applied in 2026 in each municipality, 3
// of them at work. A client manager sees their own municipality whole (the 3) and the
// other protected; an analyst sees even their own protected; the ministry sees every
// municipality and the total protected. The export carries the same suppression and is
// on record.
func TestOutcomesWhoSeesWhat(t *testing.T) {
	m := newMatrix(t)
	for _, mun := range []string{own, other} {
		for i := 0; i < 12; i++ {
			moved := 2
			id := m.newCase(mun, moved)
			if i < 3 {
				m.db.Exec(`UPDATE cases SET stage = 'aan_het_werk', job_offered_on = '2026-01-20', work_started_on = '2026-02-01' WHERE id = ?`, id)
			}
		}
	}
	km := m.with(m.session(m.newUser("km@matrix.example", users.Grant{Role: "klantmanager", Domain: own})))
	an := m.with(m.session(m.newUser("an@matrix.example", users.Grant{Role: "analist", Domain: own})))
	szw := m.with(m.session(m.newUser("szw@matrix.example", users.Grant{Role: "ministerie", Domain: "NL"})))
	path := "/api/v1/outcomes?municipalities=" + own + "," + other + "&from=2026-01-01&to=2026-06-01"
	type column struct {
		Municipality *string
		Detail       bool
		Shares       []struct{ Name string }
		AtWork       []struct{ Months int }
		Flow         []struct {
			Stage   string
			Reached struct{ Value *int }
			MovedOn *struct{ Value *int }
		}
		ByStage map[string]struct {
			Value      *int
			Suppressed bool
		}
	}
	read := func(who *caller) (cols []column, total column) {
		t.Helper()
		s, body := m.send(who, call{method: "GET", path: path})
		var r struct {
			Groups []struct {
				Municipalities []column
				Total          column
			}
		}
		if err := json.Unmarshal([]byte(body), &r); err != nil || s != 200 || len(r.Groups) != 1 || len(r.Groups[0].Municipalities) != 2 {
			t.Fatalf("%d %s", s, body)
		}
		return r.Groups[0].Municipalities, r.Groups[0].Total
	}
	atWork := func(c column) (int, bool) {
		v := c.ByStage["aan_het_werk"]
		if v.Value == nil {
			return -1, v.Suppressed
		}
		return *v.Value, v.Suppressed
	}
	cols, total := read(km)
	if len(cols[0].Shares) != 12 || len(total.Shares) != 12 || len(cols[0].AtWork) != 4 || len(cols[0].Flow) != 6 {
		t.Errorf("a column lacks its shares, curve or flow: %d shares, %d points, %d steps", len(cols[0].Shares), len(cols[0].AtWork), len(cols[0].Flow))
	}
	if f := cols[0].Flow; len(f) == 6 && (f[0].Stage != "aangemeld" || f[0].Reached.Value == nil || f[0].MovedOn == nil || f[5].MovedOn != nil) {
		t.Errorf("flow of the own municipality: %+v", f)
	}
	if n, _ := atWork(cols[0]); !cols[0].Detail || n != 3 {
		t.Errorf("own municipality for its client manager: detail %v, at work %d", cols[0].Detail, n)
	}
	if _, hidden := atWork(cols[1]); cols[1].Detail || !hidden {
		t.Errorf("another municipality shown unprotected to a client manager")
	}
	if total.Detail {
		t.Error("the total of two municipalities went out whole to a client manager of one")
	}
	cols, _ = read(an)
	if _, hidden := atWork(cols[0]); cols[0].Detail || !hidden {
		t.Error("an analyst sees small cells of their own municipality")
	}
	cols, total = read(szw)
	for _, c := range append(cols, total) {
		if _, hidden := atWork(c); c.Detail || !hidden {
			t.Errorf("the ministry sees small cells: %+v", c)
		}
	}
	s, body := m.send(an, call{method: "GET", path: strings.Replace(path, "/outcomes?", "/outcome-exports?format=csv&", 1)})
	if s != 200 || !strings.HasPrefix(body, "\ufeffcijfer;") || !strings.Contains(body, ";x;") || strings.Contains(body, ";3;") {
		t.Errorf("csv export: %d %q", s, body[:min(len(body), 300)])
	}
	var exports int64
	m.db.Raw(`SELECT count(*) FROM audit_events WHERE action = 'exporteren' AND object_type = 'outcomes' AND municipality_id IS NOT NULL`).Scan(&exports)
	if exports != 1 {
		t.Errorf("%d export rows in the audit log, want 1", exports)
	}
	if s, body := m.send(szw, call{method: "GET", path: strings.Replace(path, "/outcomes?", "/outcome-exports?format=xlsx&", 1)}); s != 200 || !strings.HasPrefix(body, "PK") {
		t.Errorf("xlsx export: %d", s)
	}
	if s, _ := m.send(szw, call{method: "GET", path: "/api/v1/outcome-exports?format=pdf"}); s != 400 {
		t.Errorf("unknown format: %d", s)
	}
	// Protected figures only for whole months: two periods a day apart would give away
	// the cases of that day.
	if s, _ := m.send(an, call{method: "GET", path: strings.Replace(path, "from=2026-01-01", "from=2026-01-02", 1)}); s != 400 {
		t.Errorf("a period not of whole months for an analyst: %d", s)
	}
}
