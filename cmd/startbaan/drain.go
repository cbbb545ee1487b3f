package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/startbaan/startbaan/internal/config"
	"github.com/startbaan/startbaan/internal/database"
)

// openServing opens the database for serve: every statement of a request bounded by
// the statement and lock timeouts, and a pool of its own for reports.
func openServing(ctx context.Context, getenv func(string) string) (
	config.Config,
	*database.DB,
	*slog.Logger,
	error,
) {
	return openWith(ctx, getenv, true, func(cfg config.Config) database.Options {
		return database.Options{MaxConns: cfg.DBMaxConns,
			Timeouts: database.Timeouts{
				Connect:   cfg.DBConnectTimeout,
				Statement: cfg.DBStatementTimeout,
				Lock:      cfg.DBLockTimeout,
			},
			ReportStatement: cfg.DBReportStatementTimeout}
	})
}

// drain is set when the server is stopping: /readyz answers 503 so that a load
// balancer sends no new requests before the listener closes.
type drain struct{ on atomic.Bool }

var errDraining = errors.New("the server is stopping")

func (d *drain) ready(ping func(context.Context) error) func(context.Context) error {
	return func(ctx context.Context) error {
		if d.on.Load() {
			return errDraining
		}
		return ping(ctx)
	}
}

// listen serves until ctx ends (SIGTERM or SIGINT). Then: /readyz answers 503 for the
// drain period while requests are still served; the listener closes and requests in
// flight get the shutdown timeout; after it, their contexts are cancelled (PostgreSQL
// cancels their queries) and their connections cut.
func listen(
	ctx context.Context,
	e http.Handler,
	cfg config.Config,
	log *slog.Logger,
	out io.Writer,
	stopping *drain,
) error {
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	// Requests do not end with the signal, only when the shutdown timeout cuts them.
	base, cut := context.WithCancel(context.WithoutCancel(ctx))
	defer cut()
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, BaseContext: func(net.Listener) context.Context { return base }}
	fmt.Fprintf(out, "Startbaan listens on http://%s\n", displayAddr(ln.Addr()))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	start := time.Now()
	stopping.on.Store(true)
	srv.SetKeepAlivesEnabled(false)
	log.Info("draining: /readyz answers 503", "drain_period", cfg.DrainPeriod.String())
	select {
	case err := <-errc:
		return err
	case <-time.After(cfg.DrainPeriod):
	}
	log.Info("shutting down", "timeout", cfg.ShutdownTimeout.String())
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		log.Warn("shutdown timeout passed: cutting the requests still running", "error", err)
		cut()
		srv.Close()
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped", "shutdown_ms", time.Since(start).Milliseconds())
	return nil
}

// closeWithin closes the database but waits at most d for connections still in use
// (a commit in its grace period): the process exits in bounded time regardless.
func closeWithin(db *database.DB, d time.Duration, log *slog.Logger) {
	done := make(chan struct{})
	go func() { db.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(d):
		log.Warn("database connections still in use at exit", "waited_ms", d.Milliseconds())
	}
}
