package main

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pressly/goose/v3"

	"github.com/startbaan/startbaan/internal/app"
	"github.com/startbaan/startbaan/internal/config"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/migrations"
)

const (
	keyX = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	keyY = "HxwdHh8YGRobFBUWFxAREhMMDQ4PCAkKCwQFBgcAAQI="
)

// TestBSNKeyCheck: data seeded with key X; seed-demo, serve and key check with key Y
// are refused before they touch anything; with X they run.
func TestBSNKeyCheck(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.URL(t), "STARTBAAN_BSN_KEY": keyX,
		"STARTBAAN_DEMO": "true",
		"STARTBAAN_ADDR": "127.0.0.1:0", "STARTBAAN_LOG_LEVEL": "error", "STARTBAAN_SECURE_COOKIES": "false"}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	for _, args := range [][]string{{"migrate"}, {"pilots", "sync"}, {"seed-demo"}} {
		if err := run(ctx, args, getenv, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	env["STARTBAAN_BSN_KEY"] = keyY
	for _, args := range [][]string{
		{"seed-demo"},
		{"serve"},
		{"key", "check"},
		{"bench-generate", "-cases", "1", "-weeks", "1"},
	} {
		err := run(ctx, args, getenv, io.Discard)
		if err == nil ||
			!strings.Contains(err.Error(), "is not the key this database's BSNs are sealed with") {
			t.Errorf("%v with another key: %v", args, err)
		}
	}
	env["STARTBAAN_BSN_KEY"] = keyX
	var out syncBuffer
	if err := run(ctx, []string{"key", "check"}, getenv, &out); err != nil ||
		!strings.Contains(out.String(), "BSN key matches") {
		t.Fatalf("key check with the right key: %v %s", err, out.String())
	}
	serveCtx, stop := context.WithCancel(ctx)
	defer stop()
	base := startInstance(t, serveCtx, getenv)
	if status, body := get(t, base+"/readyz"); status != http.StatusOK {
		t.Errorf("readyz with the right key: %d %s", status, body)
	}
}

// TestLeastPrivilege runs Startbaan as `make run` does: migrate as the owner, every
// other command and serve as a login role of startbaan_app, which owns nothing. A
// client manager registers a case, reads it and the team lead reads the audit log.
func TestLeastPrivilege(t *testing.T) {
	owner := dbtest.Empty(t)
	env := map[string]string{"DATABASE_URL": dbtest.AsApp(t, owner),
		"STARTBAAN_MIGRATE_DATABASE_URL": owner,
		"STARTBAAN_BSN_KEY":              keyX, "STARTBAAN_ADDR": "127.0.0.1:0", "STARTBAAN_LOG_LEVEL": "error",
		"STARTBAAN_SECURE_COOKIES": "false", "STARTBAAN_NEW_PASSWORD": "een-lang-wachtwoord"}
	getenv := func(k string) string { return env[k] }
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	for _, args := range [][]string{{"migrate"}, {"pilots", "sync"},
		addKarin} {
		if err := run(ctx, args, getenv, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	base := startInstance(t, ctx, getenv)
	cookie, csrf := loginCSRF(t, base, "km@example.nl", "een-lang-wachtwoord")
	registered := time.Now().AddDate(0, 0, -7).Format(time.DateOnly)
	send(t, http.MethodPost, base+"/api/v1/cases", fmt.Sprintf(`{"municipality":"GM0363","bsn":"111222333","name":"Amina Haddad",
		"birthDate":"1995-03-02","gender":"vrouw","countryOfBirth":"SY","residencePermitDate":"2025-11-01",
		"householdType":"alleenstaand","languageLevelIntake":"A0","registeredOn":"%s"}`, registered), cookie, csrf, http.StatusCreated)
	if status, body := get(
		t,
		base+"/api/v1/cases?municipality=GM0363",
		"Cookie",
		cookie,
	); status != 200 ||
		!strings.Contains(body, `"total":1`) {
		t.Errorf("case list as the application's role: %d %s", status, body)
	}
	if status, body := get(t, base+"/api/v1/audit-events", "Cookie", cookie); status != 200 ||
		!strings.Contains(body, "aanmaken") {
		t.Errorf("audit log as the application's role: %d %.300s", status, body)
	}
	if status, _ := get(t, base+"/readyz"); status != 200 {
		t.Errorf("readyz: %d", status)
	}
	// The application's role cannot migrate: the schema is the owner's.
	env["STARTBAAN_MIGRATE_DATABASE_URL"] = ""
	db, err := sql.Open("pgx", owner)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(
		"DELETE FROM goose_db_version WHERE version_id = (SELECT max(version_id) FROM goose_db_version)",
	); err != nil {
		t.Fatal(err)
	}
	// insufficient_privilege
	if err := run(ctx, []string{"migrate"}, getenv, io.Discard); err == nil ||
		!strings.Contains(err.Error(), "SQLSTATE 42501") {
		t.Errorf("migrate as the application's role: %v", err)
	}
}

// TestMigrateCommands: status lists pending and applied migrations; two `startbaan
// migrate` at once on a fresh database both succeed.
func TestMigrateCommands(t *testing.T) {
	env := map[string]string{"DATABASE_URL": dbtest.Empty(t)}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	newest, err := database.Newest()
	if err != nil {
		t.Fatal(err)
	}
	var before syncBuffer
	if err := run(ctx, []string{"migrate", "status"}, getenv, &before); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(before.String(), "0 applied,") ||
		!strings.Contains(before.String(), fmt.Sprintf("%05d_", newest)) {
		t.Errorf("status of an empty database:\n%s", before.String())
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { errs[i] = run(ctx, []string{"migrate"}, getenv, io.Discard) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("migrate %d of 2: %v", i+1, err)
		}
	}
	var after syncBuffer
	if err := run(ctx, []string{"migrate", "status"}, getenv, &after); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(after.String(), " 0 pending") ||
		strings.Contains(after.String(), "pending\n0") {
		t.Errorf("status after migrate:\n%s", after.String())
	}
	if err := run(ctx, []string{"migrate", "sideways"}, getenv, io.Discard); err == nil {
		t.Error("migrate sideways: no error")
	}
}

// TestReadyzSchemaBehind: a server on a database one migration behind its binary
// answers /readyz 503 with the reason, and 200 once migrated.
func TestReadyzSchemaBehind(t *testing.T) {
	ctx := context.Background()
	url := dbtest.Empty(t)
	db, err := database.Open(ctx, url, database.Options{MaxConns: 4}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	list, err := database.Status(ctx, db.Pool)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db.SQL(), migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, list[len(list)-2].Version); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(func(k string) string {
		return map[string]string{"DATABASE_URL": url, "STARTBAAN_BSN_KEY": keyX}[k]
	}, true)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := app.New(ctx, db, app.Options{BSNKey: cfg.BSNKey, SessionMemory: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	h, err := newServer(ctx, db, svc, cfg, slog.New(slog.DiscardHandler), nil, &drain{})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	want := fmt.Sprintf("needs migration %d", list[len(list)-1].Version)
	if status, body := get(t, srv.URL+"/readyz"); status != http.StatusServiceUnavailable ||
		!strings.Contains(body, want) {
		t.Errorf("readyz one migration behind: %d %q", status, body)
	}
	if err := database.Migrate(ctx, db.SQL()); err != nil {
		t.Fatal(err)
	}
	if status, body := get(t, srv.URL+"/readyz"); status != http.StatusOK {
		t.Errorf("readyz after migrate: %d %q", status, body)
	}
}
