package database_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
)

func open(t *testing.T, url string, opt database.Options) *database.DB {
	t.Helper()
	db, err := database.Open(t.Context(), url, opt, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

// lockTable holds an ACCESS EXCLUSIVE lock on municipalities from a connection of its
// own, as a stalled migration or a hand-run transaction would, until the test ends.
func lockTable(t *testing.T, url string) {
	t.Helper()
	other := open(t, url, database.Options{MaxConns: 2})
	tx := other.Gorm.Begin()
	if err := tx.Exec(`LOCK TABLE municipalities IN ACCESS EXCLUSIVE MODE`).Error; err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tx.Rollback() })
}

// TestUnavailable: every way in which the database cannot serve a request now is
// classified as unavailable (503), and nothing else is.
func TestUnavailable(t *testing.T) {
	url := dbtest.URL(t)
	db := open(
		t,
		url,
		database.Options{
			MaxConns: 4,
			Timeouts: database.Timeouts{
				Connect:   time.Second,
				Statement: 300 * time.Millisecond,
				Lock:      200 * time.Millisecond,
			},
		},
	)
	ctx := t.Context()
	stmt := db.Gorm.WithContext(ctx).Exec(`SELECT pg_sleep(3)`).Error
	lockTable(t, url)
	start := time.Now()
	lock := db.Gorm.WithContext(ctx).Exec(`SELECT count(*) FROM municipalities`).Error
	if time.Since(start) > 2*time.Second {
		t.Errorf("lock wait took %s with a lock_timeout of 200ms", time.Since(start))
	}
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closedPort := ln.Addr().String()
	ln.Close()
	_, refused := database.Open(
		ctx,
		"postgres://postgres@"+closedPort+"/x?sslmode=disable",
		database.Options{},
		slog.New(slog.DiscardHandler),
	)
	closed := open(t, dbtest.URL(t), database.Options{MaxConns: 2})
	closed.Close()
	afterClose := closed.Gorm.WithContext(ctx).Exec(`SELECT 1`).Error

	unique := db.Gorm.Exec(
		`INSERT INTO users (id, email, name) VALUES (gen_random_uuid(), 'a@x.nl', 'A'), (gen_random_uuid(), 'a@x.nl', 'B')`,
	).Error
	syntax := db.Gorm.Exec(`SELEKT 1`).Error
	for name, tc := range map[string]struct {
		err  error
		want bool
	}{
		"statement timeout": {stmt, true}, "lock timeout": {lock, true}, "connection refused": {refused, true},
		"closed pool": {afterClose, true}, "deadline": {context.DeadlineExceeded, true},
		"unique violation": {unique, false}, "syntax error": {syntax, false}, "not found": {
			errs.NotFound("Dit dossier"),
			false,
		},
		"record not found": {
			gorm.ErrRecordNotFound,
			false,
		}, "nil": {nil, false}, "other": {errors.New("boom"), false},
	} {
		if tc.want && tc.err == nil {
			t.Errorf("%s: no error at all", name)
			continue
		}
		if got := database.IsUnavailable(tc.err); got != tc.want {
			t.Errorf("%s: IsUnavailable(%v) = %t, want %t", name, tc.err, got, tc.want)
		}
	}
}

// TestDeadlineCancelsQuery: a request whose deadline passes while its query waits
// gets an unavailable error at the deadline, and the query stops in PostgreSQL too
// (a cancel request), instead of waiting on there with its locks.
func TestDeadlineCancelsQuery(t *testing.T) {
	url := dbtest.URL(t)
	db := open(t, url, database.Options{MaxConns: 4})
	lockTable(t, url)
	probe := open(t, url, database.Options{MaxConns: 2})
	waiting := func() (n int) {
		probe.Gorm.Raw(`SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()
			AND query = 'SELECT count(*) FROM municipalities' AND wait_event_type = 'Lock'`).Scan(&n)
		return n
	}
	ctx, cancel := context.WithTimeout(t.Context(), time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- db.Gorm.WithContext(ctx).Exec(`SELECT count(*) FROM municipalities`).Error }()
	time.Sleep(500 * time.Millisecond)
	if n := waiting(); n != 1 {
		t.Fatalf("%d queries wait on the lock, want 1", n)
	}
	if err := <-done; !database.IsUnavailable(err) {
		t.Fatalf("query past its deadline: %v", err)
	}
	for range 10 {
		if waiting() == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Errorf("the cancelled query still waits in PostgreSQL")
}

// TestCommitAfterDeadline: a transaction whose work is done commits even when the
// request's deadline passes just before COMMIT, so that the request is answered with
// what happened; statements after the deadline still stop.
func TestCommitAfterDeadline(t *testing.T) {
	db := dbtest.Open(t)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	err := db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Exec(
			`INSERT INTO municipalities (code, name) VALUES ('GM0001', 'Een')`,
		).Error; err != nil {
			return err
		}
		<-ctx.Done()
		return nil
	})
	if err != nil {
		t.Fatalf("commit just after the deadline: %v", err)
	}
	err = db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO municipalities (code, name) VALUES ('GM0002', 'Twee')`).Error
	})
	if !database.IsUnavailable(err) {
		t.Errorf("a transaction begun after the deadline: %v", err)
	}
	var codes []string
	db.Gorm.Raw(`SELECT code FROM municipalities ORDER BY code`).Scan(&codes)
	if len(codes) != 1 || codes[0] != "GM0001" {
		t.Errorf("stored %v, want [GM0001]", codes)
	}
}

// TestCommitHook: the hooks of a context run inside each of its transactions, before
// COMMIT; a failing hook rolls the transaction back. Autocommit statements skip them.
func TestCommitHook(t *testing.T) {
	db := dbtest.Open(t)
	insert := func(code string) database.CommitHook {
		return func(ctx context.Context, tx *sql.Tx) error {
			_, err := tx.ExecContext(
				ctx,
				`INSERT INTO municipalities (code, name) VALUES ($1, 'hook')`,
				code,
			)
			return err
		}
	}
	ctx := database.WithCommitHook(t.Context(), insert("GM0010"))
	if err := db.Gorm.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO municipalities (code, name) VALUES ('GM0011', 'work')`).Error
	}); err != nil {
		t.Fatal(err)
	}
	refuse := errors.New("refused")
	bad := database.WithCommitHook(t.Context(), func(context.Context, *sql.Tx) error { return refuse })
	err := db.Gorm.WithContext(bad).Transaction(func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO municipalities (code, name) VALUES ('GM0012', 'rolled back')`).Error
	})
	if !errors.Is(err, refuse) {
		t.Errorf("failing hook: %v", err)
	}
	db.Gorm.WithContext(bad).Exec(
		`INSERT INTO municipalities (code, name) VALUES ('GM0013', 'autocommit')`,
	)
	var codes []string
	db.Gorm.Raw(`SELECT code FROM municipalities ORDER BY code`).Scan(&codes)
	if want := "[GM0010 GM0011 GM0013]"; fmtList(codes) != want {
		t.Errorf("stored %v, want %s", codes, want)
	}
}

func fmtList(s []string) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += " "
		}
		out += v
	}
	return out + "]"
}

// TestRetryable: a real deadlock between two transactions is a lost race, answered
// like an unavailable database (503, try again) but not counted as an outage.
func TestRetryable(t *testing.T) {
	db := open(t, dbtest.URL(t), database.Options{MaxConns: 4})
	ctx := t.Context()
	if err := db.Gorm.Exec(
		`CREATE TABLE race (id int PRIMARY KEY); INSERT INTO race VALUES (1), (2)`,
	).Error; err != nil {
		t.Fatal(err)
	}
	a, b := db.Gorm.WithContext(ctx).Begin(), db.Gorm.WithContext(ctx).Begin()
	defer a.Rollback()
	defer b.Rollback()
	a.Exec(`UPDATE race SET id = id WHERE id = 1`)
	b.Exec(`UPDATE race SET id = id WHERE id = 2`)
	errc := make(chan error, 2)
	go func() { errc <- a.Exec(`UPDATE race SET id = id WHERE id = 2`).Error }()
	go func() { errc <- b.Exec(`UPDATE race SET id = id WHERE id = 1`).Error }()
	var deadlock error
	for range 2 {
		if err := <-errc; err != nil {
			deadlock = err
			a.Rollback()
			b.Rollback()
		}
	}
	if !database.IsRetryable(deadlock) || database.IsUnavailable(deadlock) {
		t.Errorf("deadlock %v: retryable %t, unavailable %t; want retryable only", deadlock,
			database.IsRetryable(deadlock), database.IsUnavailable(deadlock))
	}
	if database.IsRetryable(errors.New("boom")) || database.IsRetryable(nil) {
		t.Error("a plain error is retryable")
	}
}
