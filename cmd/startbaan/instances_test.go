package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/dbtest"
)

// TestRoleChangeReachesEveryInstance runs two servers on one database, as behind a
// load balancer. A beheerder grants and revokes a role through instance A; instance B
// applies each change within 2 seconds, through PostgreSQL LISTEN/NOTIFY (the
// periodic backstop is set to 10 minutes here, so it cannot be what did it).
func TestRoleChangeReachesEveryInstance(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t),
		"STARTBAAN_BSN_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		"STARTBAAN_ADDR":    "127.0.0.1:0", "STARTBAAN_LOG_LEVEL": "error", "STARTBAAN_SECURE_COOKIES": "false",
		"STARTBAAN_ACCESS_RELOAD": "10m", "STARTBAAN_NEW_PASSWORD": "een-lang-wachtwoord", "STARTBAAN_DRAIN_PERIOD": "0s"}
	getenv := func(k string) string { return env[k] }
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	for _, args := range [][]string{{"migrate"}, {"pilots", "sync"},
		{
			"users",
			"add",
			"--email",
			"beheer@example.nl",
			"--name",
			"Bea Beheer",
			"--role",
			"beheerder",
			"--municipality",
			"GM0363",
		},
		{
			"users",
			"add",
			"--email",
			"nieuw@example.nl",
			"--name",
			"Nina Nieuw",
			"--role",
			"analist",
			"--municipality",
			"GM0363",
		}} {
		if err := run(ctx, args, getenv, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	var tokenOut syncBuffer
	if err := run(
		ctx,
		[]string{"tokens", "create", "--user", "nieuw@example.nl"},
		getenv,
		&tokenOut,
	); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(tokenOut.String()), "\n")
	token := "Bearer " + lines[len(lines)-1]

	a, b := startInstance(t, ctx, getenv), startInstance(t, ctx, getenv)
	cookie, csrf := loginCSRF(t, a, "beheer@example.nl", "een-lang-wachtwoord")
	id := userID(t, a, cookie, "nieuw@example.nl")
	casesOnB := func() int { s, _ := get(t, b+"/api/v1/cases", "Authorization", token); return s }
	if s := casesOnB(); s != http.StatusForbidden {
		t.Fatalf("an analyst's case list on B: %d", s)
	}

	send(
		t,
		http.MethodPost,
		a+"/api/v1/users/"+id+"/roles",
		`{"role":"klantmanager","municipality":"GM0363"}`,
		cookie,
		csrf,
		http.StatusCreated,
	)
	waitFor(t, "grant on A reaches B", casesOnB, http.StatusOK)
	send(
		t,
		http.MethodDelete,
		a+"/api/v1/users/"+id+"/roles/GM0363/klantmanager",
		"",
		cookie,
		csrf,
		http.StatusNoContent,
	)
	waitFor(t, "revoke on A reaches B", casesOnB, http.StatusForbidden)

	// Instances remember checked sessions and tokens for a few seconds; disabling and
	// logging out must still end them everywhere at once.
	tokensOnB := func() int { s, _ := get(t, b+"/api/v1/tokens", "Authorization", token); return s }
	if s := tokensOnB(); s != http.StatusOK {
		t.Fatalf("token on B: %d", s)
	}
	send(t, http.MethodPatch, a+"/api/v1/users/"+id, `{"disabled":true}`, cookie, csrf, http.StatusOK)
	waitFor(t, "disabling on A reaches B", tokensOnB, http.StatusUnauthorized)
	sessionOnB := func() int { s, _ := get(t, b+"/api/v1/users", "Cookie", cookie); return s }
	if s := sessionOnB(); s != http.StatusOK {
		t.Fatalf("A's session on B: %d", s)
	}
	send(t, http.MethodDelete, a+"/api/v1/sessions/current", "", cookie, csrf, http.StatusNoContent)
	waitFor(t, "logout on A reaches B", sessionOnB, http.StatusUnauthorized)
}

func startInstance(t *testing.T, ctx context.Context, getenv func(string) string) string {
	t.Helper()
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, out) }()
	t.Cleanup(func() {
		select {
		case <-done:
		case <-time.After(20 * time.Second):
		}
	})
	return waitForURL(t, out)
}

func waitFor(t *testing.T, what string, status func() int, want int) {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 2*time.Second {
		if status() == want {
			t.Logf("%s after %s", what, time.Since(start).Round(time.Millisecond))
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Errorf("%s: still not %d after 2 seconds", what, want)
}

func send(t *testing.T, method, url, body, cookie, csrf string, want int) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Cookie", cookie)
	req.Header.Set("X-CSRF-Token", csrf)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != want {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("%s %s: %d %s", method, url, res.StatusCode, b)
	}
}

func userID(t *testing.T, base, cookie, email string) string {
	t.Helper()
	_, body := get(t, base+"/api/v1/users", "Cookie", cookie)
	var list struct{ Users []struct{ ID, Email string } }
	json.Unmarshal([]byte(body), &list)
	for _, u := range list.Users {
		if u.Email == email {
			return u.ID
		}
	}
	t.Fatalf("%s not among the users: %s", email, body)
	return ""
}
