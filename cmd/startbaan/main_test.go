package main

import (
	"bytes"
	"context"
	"encoding/json"
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
// (twice), then serve on a random port. A server outside demo mode refuses the demo
// accounts; in demo mode a demo client manager logs in and reads a case list, an
// anonymous caller is refused, and a token from `tokens create` works. The server
// stops the way SIGTERM does, gracefully.
func TestEndToEnd(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t),
		"STARTBAAN_BSN_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		"STARTBAAN_ADDR":    "127.0.0.1:0", "STARTBAAN_LOG_LEVEL": "error", "STARTBAAN_SECURE_COOKIES": "false", "STARTBAAN_DRAIN_PERIOD": "0s"}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	seeded := &syncBuffer{}
	for _, args := range [][]string{{"migrate"}, {"pilots", "sync"}, {"seed-demo"}, {"seed-demo"}} {
		if err := run(ctx, args, getenv, seeded); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	for _, want := range []string{
		"klantmanager.gm0363@demo.startbaan.nl",
		"ministerie@demo.startbaan.nl",
		`"startbaan-demo"`,
	} {
		if !strings.Contains(seeded.String(), want) {
			t.Errorf("seed-demo does not print %s", want)
		}
	}
	if err := run(ctx, []string{"serve"}, getenv, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "demo accounts") {
		t.Fatalf("serve outside demo mode with demo accounts: %v", err)
	}
	env["STARTBAAN_DEMO"] = "true"
	serveCtx, stop := context.WithCancel(ctx)
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(serveCtx, []string{"serve"}, getenv, out) }()
	base := waitForURL(t, out)

	if status, _ := get(
		t,
		base+"/api/v1/cases?municipality=GM0363",
		"",
	); status != http.StatusUnauthorized {
		t.Errorf("anonymous case list: %d", status)
	}
	cookie := login(t, base, "klantmanager.gm0363@demo.startbaan.nl", "startbaan-demo")
	status, body := get(t, base+"/api/v1/cases?municipality=GM0363&pageSize=1", "Cookie", cookie)
	if status != 200 || !strings.Contains(body, `"total":350`) {
		t.Errorf("case list of a demo client manager: %d %s", status, body)
	}
	var tokenOut syncBuffer
	if err := run(
		ctx,
		[]string{"tokens", "create", "--user", "teamleider.gm0363@demo.startbaan.nl"},
		getenv,
		&tokenOut,
	); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(tokenOut.String()), "\n")
	token := lines[len(lines)-1]
	if status, _ := get(
		t,
		base+"/api/v1/audit-events",
		"Authorization",
		"Bearer "+token,
	); status != 200 {
		t.Errorf("team lead's token on the audit log: %d", status)
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

func get(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// login returns the session cookie as a Cookie header value.
func login(t *testing.T, base, email, password string) string {
	cookie, _ := loginCSRF(t, base, email, password)
	return cookie
}

// loginCSRF returns the session cookie and the session's CSRF token.
func loginCSRF(t *testing.T, base, email, password string) (cookie, csrf string) {
	t.Helper()
	res, err := http.Post(base+"/api/v1/sessions", "application/json",
		strings.NewReader(`{"email":"`+email+`","password":"`+password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct{ CSRFToken string }
	json.NewDecoder(res.Body).Decode(&body)
	if res.StatusCode != http.StatusCreated || len(res.Cookies()) == 0 || body.CSRFToken == "" {
		t.Fatalf("login %s: %d", email, res.StatusCode)
	}
	c := res.Cookies()[0]
	return c.Name + "=" + c.Value, body.CSRFToken
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
		addKarin,
		{"users", "grant", "--email", "km@example.nl", "--role", "analist", "--municipality", "gm0772"},
		{
			"users",
			"revoke",
			"--email",
			"km@example.nl",
			"--role",
			"teamleider",
			"--municipality",
			"GM0363",
		},
		{"users", "add", "--email", "szw@example.nl", "--name", "Ministerie", "--role", "ministerie"},
		{"users", "disable", "--email", "km@example.nl"},
	}
	for _, args := range steps {
		if err := run(ctx, args, getenv, out); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	got := out.String()
	for _, want := range []string{
		"password (shown once): ",
		"[klantmanager@GM0363 analist@GM0772], disabled true",
		"[ministerie@NL]",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if err := run(
		ctx,
		[]string{
			"users",
			"add",
			"--email",
			"x@example.nl",
			"--name",
			"X",
			"--role",
			"klantmanager",
			"--municipality",
			"NL",
		},
		getenv,
		io.Discard,
	); err == nil {
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

// addKarin makes the client manager and team lead of Amsterdam that the tests of the
// commands log in as (password from STARTBAAN_NEW_PASSWORD).
var addKarin = []string{"users", "add", "--email", "km@example.nl", "--name", "Karin",
	"--role", "klantmanager", "--role", "teamleider", "--municipality", "GM0363"}
