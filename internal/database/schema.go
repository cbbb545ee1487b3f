package database

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/startbaan/startbaan/migrations"
)

// versionTable is goose's record of applied migrations.
const versionTable = "goose_db_version"

// Migration is one embedded migration and whether the database has it.
type Migration struct {
	Version   int64
	Name      string
	Applied   bool
	AppliedAt time.Time
}

// Newest is the version of the newest migration embedded in this binary: the schema
// this release needs.
func Newest() (int64, error) {
	list, err := embedded()
	if err != nil {
		return 0, err
	}
	if len(list) == 0 {
		return 0, errors.New("database: no migrations embedded")
	}
	return list[len(list)-1].Version, nil
}

// embedded lists the migrations of this binary in order (file names NNNNN_name.sql).
func embedded() ([]Migration, error) {
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return nil, err
	}
	list := make([]Migration, 0, len(names))
	for _, name := range names {
		num, _, _ := strings.Cut(name, "_")
		v, err := strconv.ParseInt(num, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("database: migration %s has no version number", name)
		}
		list = append(list, Migration{Version: v, Name: name})
	}
	return list, nil
}

// Querier is what the schema checks need of a pool or connection.
type Querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// Status lists the embedded migrations with what the database has applied. It only
// reads (goose's own status would create its table), so it is safe as any role.
func Status(ctx context.Context, q Querier) ([]Migration, error) {
	list, err := embedded()
	if err != nil {
		return nil, err
	}
	applied, err := appliedVersions(ctx, q)
	if err != nil {
		return nil, err
	}
	for i := range list {
		if at, ok := applied[list[i].Version]; ok {
			list[i].Applied, list[i].AppliedAt = true, at
		}
	}
	return list, nil
}

// appliedVersions reads goose's table: the last row of each version tells whether it
// is applied (a down migration adds a row with is_applied false). A database without
// the table has nothing applied.
func appliedVersions(ctx context.Context, q Querier) (map[int64]time.Time, error) {
	rows, err := q.Query(ctx, `SELECT version_id, tstamp FROM (
		SELECT DISTINCT ON (version_id) version_id, is_applied, tstamp FROM `+versionTable+`
		ORDER BY version_id, id DESC) last WHERE is_applied AND version_id > 0`)
	if err != nil {
		// undefined_table
		if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "42P01" {
			return map[int64]time.Time{}, nil
		}
		return nil, fmt.Errorf("database: read applied migrations: %w", err)
	}
	applied := map[int64]time.Time{}
	var v int64
	var at time.Time
	_, err = pgx.ForEachRow(rows, []any{&v, &at}, func() error { applied[v] = at; return nil })
	if err != nil {
		return nil, fmt.Errorf("database: read applied migrations: %w", err)
	}
	return applied, nil
}

// SchemaError says the database lacks migrations this release needs.
type SchemaError struct{ Have, Need int64 }

func (e *SchemaError) Error() string {
	return fmt.Sprintf(
		"database schema is behind: migration %d is not applied (newest applied: %d); run startbaan migrate",
		e.Need,
		e.Have,
	)
}

// Reason is the short text /readyz shows: no host, no SQL, nothing personal.
func (e *SchemaError) Reason() string {
	return fmt.Sprintf("database schema behind: needs migration %d, has %d", e.Need, e.Have)
}

// CheckSchema returns a *SchemaError unless the newest embedded migration is applied.
// A database ahead of the binary passes: a release is rolled back without undoing
// its migrations, which therefore stay compatible with the release before
// (docs/operations.md, Upgrade and rollback).
func CheckSchema(ctx context.Context, q Querier) error {
	need, err := Newest()
	if err != nil {
		return err
	}
	applied, err := appliedVersions(ctx, q)
	if err != nil {
		return err
	}
	if _, ok := applied[need]; ok {
		return nil
	}
	var have int64
	for v := range applied {
		have = max(have, v)
	}
	return &SchemaError{Have: have, Need: need}
}

// Ready tells whether the database answers and has the schema this release needs.
func (d *DB) Ready(ctx context.Context) error { return CheckSchema(ctx, d.Pool) }

// Privileged reports whether the connection's role is a superuser or may act as the
// owner of audit_events, and so could drop or disable its append-only triggers.
func Privileged(ctx context.Context, q Querier) (bool, error) {
	rows, err := q.Query(ctx, `SELECT rolsuper OR pg_has_role(current_user, c.relowner, 'USAGE')
		FROM pg_roles r, pg_class c WHERE r.rolname = current_user AND c.oid = 'audit_events'::regclass`)
	if err != nil {
		return false, fmt.Errorf("database: check privileges: %w", err)
	}
	privileged, err := pgx.CollectExactlyOneRow(rows, pgx.RowTo[bool])
	if err != nil {
		return false, fmt.Errorf("database: check privileges: %w", err)
	}
	return privileged, nil
}
