package main

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/startbaan/startbaan/internal/config"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/metrics"
	"github.com/startbaan/startbaan/internal/server"
)

// startMetrics opens the internal listener of /metrics and pprof when
// STARTBAAN_METRICS_ADDR is set, and returns what the API reports to (nil when off:
// no request pays for metrics nobody reads). stop closes the listener; serve calls it
// last, so that the metrics stay readable while requests drain.
func startMetrics(
	cfg config.Config,
	db *database.DB,
	log *slog.Logger,
	out io.Writer,
) (server.Metrics, func(), error) {
	if cfg.MetricsAddr == "" {
		return nil, func() {}, nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, nil, fmt.Errorf("metrics listener on %s: %w", cfg.MetricsAddr, err)
	}
	m := metrics.New(db.Pool)
	// No write timeout: a CPU profile streams for as many seconds as it is asked.
	srv := &http.Server{Handler: m.Handler(), ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout: 120 * time.Second,
		ErrorLog:    slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	fmt.Fprintf(
		out,
		"Metrics and profiling on http://%s/metrics and /debug/pprof/\n",
		displayAddr(ln.Addr()),
	)
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics listener", "error", err)
		}
	}()
	return m, func() { srv.Close() }, nil
}
