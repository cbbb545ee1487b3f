package api_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	httpsrv "github.com/startbaan/startbaan/internal/server"
)

// logBuffer collects the server's log lines.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *logBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

func assertUnavailable(t *testing.T, r response) {
	t.Helper()
	assertProblem(t, r, http.StatusServiceUnavailable)
	if r.header.Get("Retry-After") != httpsrv.RetryAfterSeconds {
		t.Errorf("503 without Retry-After: %v", r.header)
	}
}

// TestDatabaseDown: with the database gone every request that needs it answers 503
// problem+json with Retry-After — never 500 — and the log says so once, not once per
// request.
func TestDatabaseDown(t *testing.T) {
	logs := &logBuffer{}
	s := newServer(t, func(w *wiring) { w.server.Logger = slog.New(slog.NewJSONHandler(logs, nil)) })
	id, _ := s.createCase()
	s.handle.Close()
	for range 10 {
		assertUnavailable(t, s.do("GET", "/api/v1/cases/"+id, ""))
	}
	assertUnavailable(t, s.do("POST", "/api/v1/cases", newCaseBody))
	if n := strings.Count(logs.String(), `"msg":"database unavailable"`); n != 1 {
		t.Errorf("%d lines say the database is unavailable, want 1:\n%s", n, logs)
	}
	if strings.Contains(logs.String(), `"level":"ERROR"`) {
		t.Errorf("an outage logged as errors:\n%s", logs)
	}
}

// TestStalledDatabase: a table locked by somebody else stalls reads and writes; each
// request answers 503 when its deadline (or lock_timeout) passes instead of hanging.
func TestStalledDatabase(t *testing.T) {
	s := newServer(
		t,
		func(w *wiring) { w.server.Timeouts = httpsrv.Timeouts{Request: 700 * time.Millisecond} },
	)
	id, etag := s.createCase()
	tx := s.db.Begin()
	if err := tx.Exec(`LOCK TABLE cases IN ACCESS EXCLUSIVE MODE`).Error; err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	http.DefaultClient.Timeout = 5 * time.Second
	defer func() { http.DefaultClient.Timeout = 0 }()
	for _, req := range [][3]string{{"GET", "/api/v1/cases/" + id, ""},
		{
			"PATCH",
			"/api/v1/cases/" + id,
			`{"integrationRoute":"b1"}`,
		}, {"POST", "/api/v1/cases", newCaseBody}} {
		start := time.Now()
		r := s.do(req[0], req[1], req[2], "If-Match", etag)
		took := time.Since(start)
		t.Logf(
			"%s %s on a stalled database: %d after %s",
			req[0],
			req[1],
			r.status,
			took.Round(time.Millisecond),
		)
		if took > 2*time.Second {
			t.Errorf("%s %s took %s with a deadline of 700ms", req[0], req[1], took)
		}
		assertUnavailable(t, r)
	}
}
