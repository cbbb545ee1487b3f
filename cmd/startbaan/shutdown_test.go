package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
)

// TestShutdown stops a real server (SIGTERM) while a request waits on a query that
// would run for a minute: /readyz answers 503 at once while the server still serves,
// the listener closes after the drain period, the request is cut after the shutdown
// timeout, its query is cancelled in PostgreSQL, and the process is done within
// drain + timeout + a few seconds.
func TestShutdown(t *testing.T) {
	url := dbtest.URL(t)
	env := map[string]string{"DATABASE_URL": url,
		"STARTBAAN_BSN_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		"STARTBAAN_ADDR":    "127.0.0.1:0", "STARTBAAN_LOG_LEVEL": "error", "STARTBAAN_SECURE_COOKIES": "false",
		"STARTBAAN_NEW_PASSWORD": "een-lang-wachtwoord", "STARTBAAN_DRAIN_PERIOD": "1s", "STARTBAAN_SHUTDOWN_TIMEOUT": "2s",
		"STARTBAAN_REQUEST_TIMEOUT": "50s", "STARTBAAN_DB_STATEMENT_TIMEOUT": "50s", "STARTBAAN_DB_LOCK_TIMEOUT": "50s"}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	token := migratedWithToken(t, getenv)

	// A long query: the case list waits on a lock this test holds for a minute.
	probe, err := database.Open(ctx, url, database.Options{MaxConns: 3}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer probe.Close()
	tx := probe.Gorm.Begin()
	defer tx.Rollback()
	if err := tx.Exec(`LOCK TABLE cases IN ACCESS EXCLUSIVE MODE`).Error; err != nil {
		t.Fatal(err)
	}
	serveCtx, sigterm := context.WithCancel(ctx)
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(serveCtx, []string{"serve"}, getenv, out) }()
	base := waitForURL(t, out)
	if s, _ := get(t, base+"/readyz"); s != http.StatusOK {
		t.Fatalf("readyz before the signal: %d", s)
	}
	go http.Get(base + "/healthz") // warm
	slow := make(chan error, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/cases", nil)
		req.Header.Set("Authorization", token)
		res, err := http.DefaultClient.Do(req)
		if err == nil {
			io.Copy(io.Discard, res.Body)
			res.Body.Close()
		}
		slow <- err
	}()
	waiting := func() (n int) {
		probe.Gorm.Raw(
			`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
		).Scan(&n)
		return n
	}
	for i := 0; waiting() == 0; i++ {
		if i == 50 {
			t.Fatal("the case list never waited on the lock")
		}
		time.Sleep(50 * time.Millisecond)
	}

	start := time.Now()
	sigterm()
	time.Sleep(100 * time.Millisecond)
	if s, _ := get(t, base+"/readyz"); s != http.StatusServiceUnavailable {
		t.Errorf("readyz while draining: %d, want 503", s)
	}
	if s, _ := get(t, base+"/healthz"); s != http.StatusOK {
		t.Errorf("a request while draining: %d, want it served", s)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve ended with %v", err)
		}
	case <-time.After(8 * time.Second):
		t.Fatalf(
			"serve still runs %s after SIGTERM (drain 1s + timeout 2s)",
			time.Since(start).Round(time.Millisecond),
		)
	}
	took := time.Since(start)
	t.Logf(
		"shutdown took %s (drain 1s, timeout 2s, a query waiting for a minute)",
		took.Round(time.Millisecond),
	)
	if took < 3*time.Second || took > 6*time.Second {
		t.Errorf("shutdown took %s, want drain + timeout (3s) plus at most a few seconds", took)
	}
	if err := <-slow; err == nil {
		t.Log("the cut request got an answer")
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the listener is still open after shutdown")
	}
	for i := 0; waiting() > 0; i++ {
		if i == 20 {
			t.Fatal("the cut request's query still waits in PostgreSQL")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// migratedWithToken migrates the database of getenv, syncs the pilots, makes a client
// manager of Amsterdam and returns an Authorization header with an API token of theirs.
func migratedWithToken(t *testing.T, getenv func(string) string) string {
	t.Helper()
	var out syncBuffer
	for _, args := range [][]string{{"migrate"}, {"pilots", "sync"},
		{"users", "add", "--email", "km@example.nl", "--name", "Karin", "--role", "klantmanager",
			"--municipality", "GM0363"},
		{"tokens", "create", "--user", "km@example.nl"}} {
		if err := run(context.Background(), args, getenv, &out); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	return "Bearer " + lines[len(lines)-1]
}
