package database

import (
	"context"
	"database/sql"
	"sync"
	"time"

	"gorm.io/gorm"
)

// CommitHook runs inside a transaction just before it commits; an error rolls the
// transaction back. The idempotency guard uses it to mark its key as used in the
// same transaction as the write it guards.
type CommitHook func(ctx context.Context, tx *sql.Tx) error

type hooksKey struct{}

// WithCommitHook returns a context whose transactions run h before they commit.
// Statements outside a transaction do not run it.
func WithCommitHook(ctx context.Context, h CommitHook) context.Context {
	hooks, _ := ctx.Value(hooksKey{}).([]CommitHook)
	return context.WithValue(ctx, hooksKey{}, append(hooks[:len(hooks):len(hooks)], h))
}

// connPool is what GORM runs statements on: the *sql.DB, but transactions begin
// through it so that their end is under our control (see txn).
type connPool struct {
	*sql.DB
	grace time.Duration
}

// GetDBConn lets gorm.DB.DB() find the *sql.DB.
func (p connPool) GetDBConn() (*sql.DB, error) { return p.DB, nil }

// BeginTx takes a connection under the request's context (waiting for a free one is
// bounded by the request deadline), but begins the transaction under a context that
// ends only grace after the request's: statements inside still stop at the deadline
// (they run under the request's context), COMMIT and ROLLBACK get the grace.
func (p connPool) BeginTx(ctx context.Context, opts *sql.TxOptions) (gorm.ConnPool, error) {
	conn, err := p.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	txCtx, stop := graceful(ctx, p.grace)
	tx, err := conn.BeginTx(txCtx, opts)
	if err != nil {
		stop()
		conn.Close()
		return nil, err
	}
	hooks, _ := ctx.Value(hooksKey{}).([]CommitHook)
	return &txn{
		Tx:    tx,
		ctx:   txCtx,
		hooks: hooks,
		end:   sync.OnceFunc(func() { stop(); conn.Close() }),
	}, nil
}

// graceful is a context that ends grace after ctx ends (or when stop is called).
func graceful(ctx context.Context, grace time.Duration) (context.Context, func()) {
	out, cancel := context.WithCancel(context.WithoutCancel(ctx))
	unwatch := context.AfterFunc(ctx, func() { time.AfterFunc(grace, cancel) })
	return out, func() { unwatch(); cancel() }
}

// txn is a transaction whose commit first runs the hooks of its context.
type txn struct {
	*sql.Tx
	ctx   context.Context
	hooks []CommitHook
	end   func()
}

func (t *txn) Commit() error {
	defer t.end()
	for _, h := range t.hooks {
		if err := h(t.ctx, t.Tx); err != nil {
			_ = t.Tx.Rollback()
			return err
		}
	}
	return t.Tx.Commit()
}

func (t *txn) Rollback() error {
	defer t.end()
	return t.Tx.Rollback()
}
