package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/dbtest"
)

// TestMetricsAndProfiling serves with the internal listener on and checks what an
// operator scrapes after a few requests: requests by route template (never an id),
// method and status (Echo names an unknown path "/*"), failed logins, audit rows (exactly those in
// the database), the
// pool and the Go runtime; pprof answers there, and neither is on the public listener.
func TestMetricsAndProfiling(t *testing.T) {
	dbURL := dbtest.URL(t)
	env := map[string]string{"DATABASE_URL": dbURL,
		"STARTBAAN_BSN_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		"STARTBAAN_ADDR":    "127.0.0.1:0", "STARTBAAN_METRICS_ADDR": "127.0.0.1:0", "STARTBAAN_LOG_LEVEL": "error",
		"STARTBAAN_SECURE_COOKIES": "false", "STARTBAAN_NEW_PASSWORD": "een-lang-wachtwoord"}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	for _, args := range [][]string{{"pilots", "sync"},
		addKarin} {
		if err := run(ctx, args, getenv, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	base, internal := startServing(t, getenv)
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	before, auditBefore := scrape(t, internal), auditRows(t, db)

	if s, _ := call(
		t,
		http.MethodPost,
		base+"/api/v1/sessions",
		`{"email":"km@example.nl","password":"fout"}`,
		"",
		"",
	); s != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", s)
	}
	cookie, csrf := loginCSRF(t, base, "km@example.nl", "een-lang-wachtwoord")
	s, body := call(t, http.MethodPost, base+"/api/v1/cases", `{"municipality":"GM0363","bsn":"111222333","name":"Amina Haddad",
		"birthDate":"1995-03-02","gender":"vrouw","countryOfBirth":"SY","residencePermitDate":"2025-11-01",
		"householdType":"alleenstaand","languageLevelIntake":"A0","registeredOn":"2026-01-05"}`, cookie, csrf)
	var created struct{ ID string }
	if err := json.Unmarshal([]byte(body), &created); s != http.StatusCreated || err != nil ||
		created.ID == "" {
		t.Fatalf("create case: %d %s", s, body)
	}
	for _, c := range []struct {
		method, path, body string
		want               int
	}{
		{http.MethodGet, "/api/v1/cases/" + created.ID, "", http.StatusOK},
		{http.MethodGet, "/api/v1/cases?municipality=GM0363", "", http.StatusOK},
		{http.MethodPost, "/api/v1/case-searches", `{"bsn":"111222333"}`, http.StatusOK},
		{http.MethodGet, "/api/v1/cases/" + created.ID + "/weeks", "", http.StatusOK},
		{http.MethodGet, "/werklijst", "", http.StatusOK},
		{http.MethodGet, "/nergens/" + created.ID, "", http.StatusNotFound},
	} {
		if s, _ := call(t, c.method, base+c.path, c.body, cookie, csrf); s != c.want {
			t.Fatalf("%s %s: %d, want %d", c.method, c.path, s, c.want)
		}
	}

	after := scrape(t, internal)
	delta := func(series string) float64 { return after.values[series] - before.values[series] }
	for series, want := range map[string]float64{
		`startbaan_http_request_duration_seconds_count{method="POST",route="/api/v1/sessions",status="401"}`:                1,
		`startbaan_http_request_duration_seconds_count{method="POST",route="/api/v1/sessions",status="201"}`:                1,
		`startbaan_http_request_duration_seconds_count{method="POST",route="/api/v1/cases",status="201"}`:                   1,
		`startbaan_http_request_duration_seconds_count{method="GET",route="/api/v1/cases/:caseId",status="200"}`:            1,
		`startbaan_http_request_duration_seconds_bucket{method="GET",route="/api/v1/cases/:caseId",status="200",le="+Inf"}`: 1,
		`startbaan_http_request_duration_seconds_count{method="GET",route="/werklijst",status="200"}`:                       1,
		`startbaan_http_request_duration_seconds_count{method="GET",route="/*",status="404"}`:                               1,
		`startbaan_logins_failed_total{reason="credentials"}`:                                                               1,
		`startbaan_logins_failed_total{reason="throttled"}`:                                                                 0,
	} {
		if _, ok := after.values[series]; !ok || delta(series) != want {
			t.Errorf("%s: %v more (present %t), want %v", series, delta(series), ok, want)
		}
	}
	if strings.Contains(after.text, created.ID) || strings.Contains(after.text, "111222333") ||
		strings.Contains(after.text, "nergens") {
		t.Error("a label holds part of a URL: routes must be templates")
	}
	written, inDB := delta("startbaan_audit_rows_written_total"), auditRows(t, db)-auditBefore
	if written != float64(inDB) || inDB < 8 {
		t.Errorf("audit rows: metric says %v written, the database holds %d more", written, inDB)
	}
	for _, series := range []string{
		"startbaan_db_pool_max_connections",
		"startbaan_db_pool_acquires_total",
		"go_goroutines",
		"process_resident_memory_bytes",
	} {
		if after.values[series] <= 0 {
			t.Errorf("%s = %v, want > 0", series, after.values[series])
		}
	}
	for _, name := range []string{"startbaan_db_pool_idle_connections",
		"startbaan_db_pool_acquired_connections",
		"startbaan_db_pool_empty_acquires_total", "startbaan_db_pool_empty_acquire_wait_seconds_total", "startbaan_db_pool_acquire_seconds_total"} {
		if _, ok := after.values[name]; !ok {
			t.Errorf("no series %s", name)
		}
	}

	if s, body := get(t, internal+"/debug/pprof/"); s != http.StatusOK ||
		!strings.Contains(body, "goroutine") {
		t.Errorf("pprof index: %d", s)
	}
	if s, body := get(t, internal+"/debug/pprof/goroutine?debug=1"); s != http.StatusOK ||
		!strings.Contains(body, "goroutine profile") {
		t.Errorf("goroutine profile: %d", s)
	}
	for _, path := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/heap"} {
		if s, body := get(t, base+path); s == http.StatusOK || strings.Contains(body, "go_goroutines") {
			t.Errorf("the public listener serves %s: %d", path, s)
		}
	}
}

// Without STARTBAAN_METRICS_ADDR there is no internal listener.
func TestMetricsOffByDefault(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t),
		"STARTBAAN_BSN_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		"STARTBAAN_ADDR":    "127.0.0.1:0", "STARTBAAN_LOG_LEVEL": "error"}
	ctx, stop := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, out) }()
	base := waitForURL(t, out)
	if s, _ := get(t, base+"/metrics"); s == http.StatusOK {
		t.Error("the public listener serves /metrics")
	}
	stop()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "Metrics") {
		t.Errorf("metrics listener started though unset: %q", out.String())
	}
}

// startServing runs serve until the test ends and returns the public and the
// internal base URL.
func startServing(t *testing.T, getenv func(string) string) (base, internal string) {
	t.Helper()
	ctx, stop := context.WithCancel(context.Background())
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, getenv, out) }()
	t.Cleanup(func() {
		stop()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not stop")
		}
	})
	public, metrics := regexp.MustCompile(`listens on (http://\S+)`), regexp.MustCompile(
		`Metrics and profiling on (http://\S+)/metrics`,
	)
	for i := 0; i < 100; i++ {
		p, m := public.FindStringSubmatch(out.String()), metrics.FindStringSubmatch(out.String())
		if p != nil && m != nil {
			return p[1], m[1]
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("serve did not report both addresses: %q", out.String())
	return "", ""
}

func call(t *testing.T, method, url, body, cookie, csrf string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
		req.Header.Set("X-CSRF-Token", csrf)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

type scraped struct {
	text   string
	values map[string]float64 // by series: name{labels}
}

// scrape reads /metrics in Prometheus' text format.
func scrape(t *testing.T, internal string) scraped {
	t.Helper()
	s, body := get(t, internal+"/metrics")
	if s != http.StatusOK {
		t.Fatalf("/metrics: %d", s)
	}
	out := scraped{text: body, values: map[string]float64{}}
	for _, l := range strings.Split(body, "\n") {
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		i := strings.LastIndexByte(l, ' ')
		v, err := strconv.ParseFloat(l[i+1:], 64)
		if err != nil {
			t.Fatalf("metrics line %q: %v", l, err)
		}
		out.values[l[:i]] = v
	}
	return out
}

func auditRows(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM audit_events`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
