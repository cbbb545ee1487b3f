package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/dbtest"
)

// syncBuffer is written by the server goroutine and read by the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestEndToEnd runs the commands as `make run` does: migrate, pilots sync, seed-demo
// (twice), then serve on a random port, asks it for a case list and stops it the way
// SIGTERM does, checking that shutdown is graceful.
func TestEndToEnd(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "STARTBAAN_BSN_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		"STARTBAAN_ADDR": "127.0.0.1:0", "STARTBAAN_LOG_LEVEL": "error"}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	for _, args := range [][]string{{"migrate"}, {"pilots", "sync"}, {"seed-demo"}, {"seed-demo"}} {
		if err := run(ctx, args, getenv, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	serveCtx, stop := context.WithCancel(ctx)
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(serveCtx, []string{"serve"}, getenv, out) }()
	base := waitForURL(t, out)
	res, err := http.Get(base + "/api/v1/cases?municipality=GM0363&pageSize=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), `"total":350`) {
		t.Errorf("case list: %d %s", res.StatusCode, body)
	}
	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve ended with %v, want a clean shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not stop")
	}
}

func waitForURL(t *testing.T, out *syncBuffer) string {
	t.Helper()
	re := regexp.MustCompile(`http://[0-9.:]+`)
	for i := 0; i < 100; i++ {
		if u := re.FindString(out.String()); u != "" {
			return u
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not report its address: %q", out.String())
	return ""
}

func TestUsersCommand(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t)}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	if err := run(ctx, []string{"pilots", "sync"}, getenv, io.Discard); err != nil {
		t.Fatal(err)
	}
	out := &syncBuffer{}
	steps := [][]string{
		{"users", "add", "--email", "km@example.nl", "--name", "Karin", "--role", "klantmanager", "--role", "teamleider", "--municipality", "GM0363"},
		{"users", "grant", "--email", "km@example.nl", "--role", "analist", "--municipality", "gm0772"},
		{"users", "revoke", "--email", "km@example.nl", "--role", "teamleider", "--municipality", "GM0363"},
		{"users", "add", "--email", "szw@example.nl", "--name", "Ministerie", "--role", "ministerie"},
		{"users", "disable", "--email", "km@example.nl"},
	}
	for _, args := range steps {
		if err := run(ctx, args, getenv, out); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	got := out.String()
	for _, want := range []string{"password (shown once): ", "[klantmanager@GM0363 analist@GM0772], disabled true", "[ministerie@NL]"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if err := run(ctx, []string{"users", "add", "--email", "x@example.nl", "--name", "X", "--role", "klantmanager", "--municipality", "NL"}, getenv, io.Discard); err == nil {
		t.Error("a municipal role in NL was accepted")
	}
}

func TestCommandErrors(t *testing.T) {
	getenv := func(string) string { return "" }
	for _, args := range [][]string{{}, {"fly"}, {"pilots"}, {"serve"}} {
		if err := run(context.Background(), args, getenv, io.Discard); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
