// Package dbtest gives each test a fresh, migrated PostgreSQL database, cloned from a
// template by pgtestdb. The server comes from DATABASE_URL (make test starts a private
// cluster and sets it). Without it the test fails: it never silently skips.
package dbtest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"testing"

	"github.com/peterldowns/pgtestdb"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/migrations"
)

// URL returns a connection URL to a new migrated database for this test.
func URL(t testing.TB) string {
	t.Helper()
	server := os.Getenv("DATABASE_URL")
	if server == "" {
		t.Fatal("DATABASE_URL is not set: run the tests with `make test`, which starts a private PostgreSQL cluster")
	}
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("DATABASE_URL: %v", err)
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
	return pgtestdb.Custom(t, conf, migrator{}).URL()
}

// Open returns a database handle on a fresh migrated database, closed at test end.
func Open(t testing.TB) *database.DB {
	t.Helper()
	db, err := database.Open(context.Background(), URL(t), database.Options{MaxConns: 8}, slog.New(slog.DiscardHandler))
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
