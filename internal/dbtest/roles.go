package dbtest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"sync"
	"testing"

	"github.com/peterldowns/pgtestdb"
)

// AppRole is the group role of the application (migration 00014); AppLogin is the
// login role the tests connect as to act as `serve` does in production.
const (
	AppRole  = "startbaan_app"
	AppLogin = "startbaan_app_test"
	// appPassword only matters on a cluster that asks for passwords; the test
	// cluster trusts the loopback interface.
	appPassword = "startbaan-app-test"
)

var roles struct {
	once sync.Once
	err  error
}

// ensureRoles creates the application's group role and the tests' login role in the
// cluster, as an operator does once per cluster (docs/operations.md). pgtestdb
// migrates as a role that may not create roles, so migration 00014 finds the group
// role here. Roles are cluster-wide and test binaries run in parallel: a role made
// meanwhile by another binary is fine.
func ensureRoles(server string) error {
	roles.once.Do(func() { roles.err = createRoles(server) })
	return roles.err
}

func createRoles(server string) error {
	db, err := sql.Open("pgx", server)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, r := range []struct{ role, stmt string }{ // the group first: the login joins it
		{AppRole, "CREATE ROLE " + AppRole + " NOLOGIN"},
		{
			AppLogin,
			fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD '%s' IN ROLE %s", AppLogin, appPassword, AppRole),
		},
	} {
		role, stmt := r.role, r.stmt
		// Looked up first, so that a server whose roles exist needs no superuser.
		_, err := db.ExecContext(context.Background(), `DO $$ BEGIN
			IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '`+role+`') THEN EXECUTE $s$`+stmt+`$s$; END IF;
			EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`)
		if err != nil {
			return fmt.Errorf("create test roles (DATABASE_URL must name a superuser): %w", err)
		}
	}
	return nil
}

// AppURL returns a URL to a new migrated database for this test that connects as a
// login role with only the application's privileges, as `serve` runs in production.
// owner is the same database as the role that migrated it (the owner).
func AppURL(t testing.TB) (app, owner string) {
	t.Helper()
	owner = URL(t)
	return AsApp(t, owner), owner
}

// AsApp is url with the application's login role instead of its user.
func AsApp(t testing.TB, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatalf("database url: %v", err)
	}
	u.User = url.UserPassword(AppLogin, appPassword)
	return u.String()
}

// Empty returns a URL to a new database without any migration, for tests of the
// migrations themselves.
func Empty(t testing.TB) string {
	t.Helper()
	return clone(t, emptyMigrator{})
}

type emptyMigrator struct{}

func (emptyMigrator) Hash() (string, error) { return "empty-v1", nil }

func (emptyMigrator) Migrate(context.Context, *sql.DB, pgtestdb.Config) error { return nil }
