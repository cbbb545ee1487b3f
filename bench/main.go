// Command bench measures the case API on the benchmark volume: 200,000 cases over 342
// municipalities and 10 million weekly-hour rows. It serves the real API and, beside
// it, a bare net/http + pgx handler running the same SQL, and loads both with the same
// number of concurrent connections. Run it with `make bench`; it is not part of CI.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"github.com/startbaan/startbaan/internal/config"
)

type options struct {
	duration, warmup                time.Duration
	conns                           int
	municipalities, cases, weekRows int
	inProcess                       bool
	cpuProfile                      string
	pool                            int
	reports                         int
	skipLoad                        bool
}

func main() {
	var o options
	flag.DurationVar(&o.duration, "duration", 20*time.Second, "measuring time per scenario")
	flag.DurationVar(&o.warmup, "warmup", 5*time.Second, "warm-up time per scenario")
	flag.IntVar(&o.conns, "conns", 50, "concurrent connections")
	flag.IntVar(&o.municipalities, "municipalities", 342, "municipalities to generate")
	flag.IntVar(&o.cases, "cases", 200_000, "cases to generate")
	flag.IntVar(&o.weekRows, "weeks", 10_000_000, "weekly-hour rows to generate")
	flag.BoolVar(
		&o.inProcess,
		"in-process",
		false,
		"load from a Go client in this process instead of wrk",
	)
	flag.StringVar(
		&o.cpuProfile,
		"cpuprofile",
		"",
		"write a CPU profile per scenario into this folder",
	)
	flag.IntVar(
		&o.pool,
		"pool",
		config.DefaultDBMaxConns(),
		"database connections of the servers (default: that of STARTBAAN_DB_MAX_CONNS)",
	)
	flag.IntVar(&o.reports, "reports", 20, "outcome reports to time, one at a time")
	flag.BoolVar(
		&o.skipLoad,
		"reports-only",
		false,
		"skip the HTTP load scenarios: time the outcome reports (and pages) only",
	)
	flag.Parse()
	if err := run(context.Background(), o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// serverURL returns DATABASE_URL, or starts the private benchmark cluster.
func serverURL() (string, error) {
	if u := os.Getenv("DATABASE_URL"); u != "" {
		return u, nil
	}
	out, err := exec.Command("scripts/pg.sh", "start", "bench").Output()
	if err != nil {
		return "", fmt.Errorf("start benchmark cluster: %w", err)
	}
	return strings.TrimSpace(string(out)), nil
}
