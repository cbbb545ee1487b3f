// Package dbtest gives each test a fresh, migrated PostgreSQL database, cloned from a
// template by pgtestdb. The server comes from DATABASE_URL (make test starts a private
// cluster and sets it). Without it the test fails: it never silently skips.
package dbtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/peterldowns/pgtestdb"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/migrations"
)

// URL returns a connection URL to a new migrated database for this test.
func URL(t testing.TB) string {
	t.Helper()
	return clone(t, migrator{})
}

func clone(t testing.TB, m pgtestdb.Migrator) string {
	t.Helper()
	server := os.Getenv("DATABASE_URL")
	if server == "" {
		t.Fatal(
			"DATABASE_URL is not set: run the tests with `make test`, which starts a private PostgreSQL cluster",
		)
	}
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("DATABASE_URL: %v", err)
	}
	if err := ensureRoles(server); err != nil {
		t.Fatal(err)
	}
	pw, _ := u.User.Password()
	conf := pgtestdb.Config{
		DriverName: "pgx",
		Host:       u.Hostname(),
		Port:       u.Port(),
		User:       u.User.Username(),
		Password:   pw,
		Database:   trimSlash(u.Path),
		Options:    u.RawQuery,
		// Servers keep connections for a while after a test; drop them rather than fail.
		ForceTerminateConnections: true,
	}
	return pgtestdb.Custom(t, conf, m).URL()
}

// Seed fills a template beyond the schema, once per test binary and day: every test
// that asks for it gets its own clone of the filled database in milliseconds, instead
// of filling a fresh one itself (demo data takes seconds).
type Seed struct {
	Name string
	Fill func(ctx context.Context, db *database.DB) error
}

// OpenSeeded is Open on a clone of the migrated and seeded template.
func OpenSeeded(t testing.TB, s Seed) *database.DB {
	t.Helper()
	return open(t, clone(t, seeded{s}))
}

// Open returns a database handle on a fresh migrated database, closed at test end.
func Open(t testing.TB) *database.DB {
	t.Helper()
	return open(t, URL(t))
}

func open(t testing.TB, url string) *database.DB {
	t.Helper()
	db, err := database.Open(
		context.Background(),
		url,
		database.Options{MaxConns: 8},
		slog.New(slog.DiscardHandler),
	)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(db.Close)
	return db
}

// Gorm is Open for tests that only need GORM.
func Gorm(t testing.TB) *gorm.DB { return Open(t).Gorm }

type migrator struct{}

// Hash changes whenever a migration file changes, so the template is rebuilt.
func (migrator) Hash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := migrations.FS.ReadFile(path)
		h.Write([]byte(path))
		h.Write(b)
		return err
	})
	return hex.EncodeToString(h.Sum(nil))[:16], err
}

func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	return database.Migrate(ctx, db)
}

func trimSlash(p string) string {
	if len(p) > 0 && p[0] == '/' {
		return p[1:]
	}
	return p
}

// seeded is the migrator of a seeded template. Its hash covers the migrations, the
// seed's name, the test binary (seed code changes with it) and the day (seeds write
// dates relative to today).
type seeded struct{ s Seed }

func (m seeded) Hash() (string, error) {
	base, err := migrator{}.Hash()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write([]byte(base + m.s.Name + time.Now().Format(time.DateOnly)))
	if exe, err := os.Executable(); err == nil {
		if f, err := os.Open(exe); err == nil {
			_, _ = io.Copy(h, f)
			f.Close()
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

func (m seeded) Migrate(ctx context.Context, sqlDB *sql.DB, conf pgtestdb.Config) error {
	if err := database.Migrate(ctx, sqlDB); err != nil {
		return err
	}
	db, err := database.Open(
		ctx,
		conf.URL(),
		database.Options{MaxConns: 4},
		slog.New(slog.DiscardHandler),
	)
	if err != nil {
		return err
	}
	defer db.Close()
	return m.s.Fill(ctx, db)
}
