package dbtest

import (
	"context"
	"database/sql"
	"testing"

	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/database"
)

// AfterWrite returns db with a GORM handle that calls after() as soon as a write is
// stored: a transaction committed, or a statement outside a transaction done. A test
// cancels the request's context there, so that any query after the commit fails, to
// prove that a stored write never answers an error. The pgx pool is db's own; do not
// Close the handle returned.
func AfterWrite(t testing.TB, db *database.DB, after func()) *database.DB {
	t.Helper()
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: hookPool{db.SQL(), after}}),
		&gorm.Config{SkipDefaultTransaction: true, TranslateError: true})
	if err != nil {
		t.Fatalf("hooked gorm: %v", err)
	}
	return &database.DB{Gorm: g, Pool: db.Pool}
}

// hookPool is a gorm.ConnPool and gorm.ConnPoolBeginner (not a TxBeginner, which GORM
// would prefer and which must return a bare *sql.Tx).
type hookPool struct {
	db    *sql.DB
	after func()
}

func (p hookPool) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return p.db.PrepareContext(ctx, q)
}

func (p hookPool) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := p.db.ExecContext(ctx, q, args...)
	if err == nil {
		p.after()
	}
	return res, err
}

func (p hookPool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return p.db.QueryContext(ctx, q, args...)
}

func (p hookPool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return p.db.QueryRowContext(ctx, q, args...)
}

func (p hookPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	tx, err := p.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &hookTx{tx, p.after}, nil // a pointer: GORM checks the committer with reflect IsNil
}

// hookTx is a transaction that calls after() once it committed.
type hookTx struct {
	*sql.Tx
	after func()
}

func (t *hookTx) Commit() error {
	err := t.Tx.Commit()
	if err == nil {
		t.after()
	}
	return err
}
