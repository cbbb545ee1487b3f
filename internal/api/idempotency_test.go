package api_test

import (
	"bytes"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/api"
	"github.com/startbaan/startbaan/internal/idempotency"
)

var idemKey = bytes.Repeat([]byte{9}, 32)

// idemServer is the test server with an idempotency store on a clock the test moves.
func idemServer(t *testing.T) (*server, *idempotency.Store, *atomic.Int64) {
	t.Helper()
	var offset atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	var store *idempotency.Store
	s := newServer(t, func(w *wiring) {
		store = idempotency.NewStore(w.db.Gorm, idemKey, clock, 20*time.Second)
		w.services.Idempotency = store
	})
	return s, store, &offset
}

func (s *server) countCases() int {
	var n int
	s.db.Raw(
		`SELECT count(*) FROM cases c JOIN municipalities m ON m.id = c.municipality_id WHERE m.code = 'GM0363'`,
	).Scan(&n)
	return n
}

// TestIdempotencyKey: a retried POST with the same key gets the first answer again
// and creates nothing new; another body under the key is 422; each user's keys are
// their own; after 24 hours a key may be used again.
func TestIdempotencyKey(t *testing.T) {
	s, store, offset := idemServer(t)
	first := s.do("POST", "/api/v1/cases", newCaseBody, "Idempotency-Key", "case-1")
	if first.status != http.StatusCreated || first.header.Get(api.ReplayedHeader) != "" {
		t.Fatalf("first POST: %d %v", first.status, first.header)
	}
	// The same JSON laid out differently is the same request.
	again := s.do(
		"POST",
		"/api/v1/cases",
		strings.ReplaceAll(newCaseBody, "\n\t", " "),
		"Idempotency-Key",
		`"case-1"`,
	)
	if again.status != http.StatusCreated || again.header.Get(api.ReplayedHeader) != "true" ||
		!bytes.Equal(again.body, first.body) ||
		again.header.Get("Location") != first.header.Get("Location") ||
		again.header.Get("ETag") != first.header.Get("ETag") {
		t.Errorf(
			"retry: %d %v %s\nfirst: %v %s",
			again.status,
			again.header,
			again.body,
			first.header,
			first.body,
		)
	}
	if n := s.countCases(); n != 1 {
		t.Errorf("%d cases after a retried POST, want 1", n)
	}
	// The answer given again holds the new case's personal data: a read, audited.
	var replays int
	s.db.Raw(`SELECT count(*) FROM audit_events WHERE object_type = 'idempotency-replay' AND action = 'lezen'
		AND object_id = ?`, first.header.Get("Location")).Scan(&replays)
	if replays != 1 {
		t.Errorf("%d audit rows for the replayed answer, want 1", replays)
	}
	other := s.do(
		"POST",
		"/api/v1/cases",
		strings.Replace(newCaseBody, "Amina", "Samira", 1),
		"Idempotency-Key",
		"case-1",
	)
	assertProblem(t, other, http.StatusUnprocessableEntity)

	// Another user's key of the same name is another key.
	colleague := uuid.New()
	s.db.Exec(
		`INSERT INTO users (id, email, name) VALUES (?, 'tl@example.nl', 'Tim Leider')`,
		colleague,
	)
	s.db.Exec(
		`INSERT INTO role_assignments (user_id, domain, role) VALUES (?, 'GM0363', 'klantmanager')`,
		colleague,
	)
	token, _, err := s.users.CreateToken(t.Context(), colleague, "tests", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	s.enforcer.Reload(t.Context())
	theirs := s.do("POST", "/api/v1/cases", strings.Replace(newCaseBody, "111222333", "111222345", 1),
		"Idempotency-Key", "case-1",
		"Authorization", "Bearer "+token)
	if theirs.status != http.StatusCreated || theirs.header.Get(api.ReplayedHeader) != "" {
		t.Errorf("another user's key: %d %s", theirs.status, theirs.body)
	}

	offset.Store(int64(idempotency.TTL + time.Minute))
	if n, err := store.Purge(t.Context()); err != nil || n != 2 {
		t.Errorf("purge after 24 hours: %d keys, %v", n, err)
	}
	later := s.do("POST", "/api/v1/employers",
		`{"municipality":"GM0363","name":"Bakkerij","kvkNumber":"12345678","sector":"horeca"}`,
		"Idempotency-Key", "case-1")
	if later.status != http.StatusCreated || later.header.Get(api.ReplayedHeader) != "" {
		t.Errorf("key reused after expiry: %d %s", later.status, later.body)
	}
}

// TestIdempotencyFailures: a request that saved nothing frees its key; a key whose
// request still runs is 409; concurrent duplicates create one case.
func TestIdempotencyFailures(t *testing.T) {
	s, store, _ := idemServer(t)
	id, _ := s.createCase()
	bad := s.do(
		"POST",
		"/api/v1/cases/"+id+"/pips",
		`{"drawnUpOn":"2026-02-02"}`,
		"Idempotency-Key",
		"k1",
	)
	assertProblem(t, bad, http.StatusBadRequest)
	if r := s.do(
		"POST",
		"/api/v1/cases/"+id+"/pips",
		`{"drawnUpOn":"2026-02-02","route":"b1"}`,
		"Idempotency-Key",
		"k1",
	); r.status != http.StatusCreated {
		t.Errorf("key of a refused request used again: %d %s", r.status, r.body)
	}
	assertProblem(
		t,
		s.do("POST", "/api/v1/cases", newCaseBody, "Idempotency-Key", strings.Repeat("x", 256)),
		http.StatusBadRequest,
		"Idempotency-Key",
	)

	path, body := "/api/v1/cases/"+id+"/pips", `{"drawnUpOn":"2026-02-02","route":"b1"}`
	claim, _, err := store.Begin(
		t.Context(),
		idempotency.Request{UserID: s.manager, Key: "k2", Method: "POST", Path: path, Body: []byte(body)},
	)
	if err != nil || claim == nil {
		t.Fatalf("claim: %v", err)
	}
	assertProblem(t, s.do("POST", path, body, "Idempotency-Key", "k2"), http.StatusConflict)

	before := s.countCases()
	var wg sync.WaitGroup
	statuses := make([]int, 10)
	for i := range statuses {
		wg.Go(func() {
			statuses[i] = s.do(
				"POST",
				"/api/v1/cases",
				strings.Replace(newCaseBody, "111222333", "123456782", 1),
				"Idempotency-Key",
				"k3",
			).status
		})
	}
	wg.Wait()
	if n := s.countCases() - before; n != 1 {
		t.Errorf("%d cases from 10 concurrent POSTs with one key, want 1 (statuses %v)", n, statuses)
	}
	for _, st := range statuses {
		if st != http.StatusCreated && st != http.StatusConflict {
			t.Errorf("concurrent duplicate answered %d", st)
		}
	}
}
