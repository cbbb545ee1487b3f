package database

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"gorm.io/gorm/logger"
)

// OutageLog summarises an outage of the database in a few log lines instead of one
// per failed request: "database unavailable" at the first failure, "database still
// unavailable" with a count every interval, and "database back" once a ping succeeds
// and no request failed for a moment.
type OutageLog struct {
	log   *slog.Logger
	ping  func(context.Context) error
	every time.Duration

	mu       sync.Mutex
	down     bool
	since    time.Time
	lastFail time.Time
	failed   int
}

// NewOutageLog logs to log, probes recovery with ping and reports every interval.
func NewOutageLog(
	log *slog.Logger,
	ping func(context.Context) error,
	every time.Duration,
) *OutageLog {
	return &OutageLog{log: log, ping: ping, every: every}
}

// Failed records a request that failed because the database was unavailable.
func (o *OutageLog) Failed(err error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.failed++
	o.lastFail = time.Now()
	if o.down {
		return
	}
	o.down, o.since = true, o.lastFail
	o.log.Warn("database unavailable", "error", err)
	go o.watch()
}

// Down reports whether an outage is going on.
func (o *OutageLog) Down() bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.down
}

// watch probes the database every second until it is back.
func (o *OutageLog) watch() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	reported := time.Now()
	for range tick.C {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := o.ping(ctx)
		cancel()
		if isClosedPool(err) { // the server is stopping: nobody waits for "back"
			return
		}
		if o.check(err, &reported) {
			return
		}
	}
}

func (o *OutageLog) check(err error, reported *time.Time) (back bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err == nil && time.Since(o.lastFail) > 2*time.Second {
		o.log.Info(
			"database back",
			"down_ms",
			time.Since(o.since).Milliseconds(),
			"failed_requests",
			o.failed,
		)
		o.down, o.failed = false, 0
		return true
	}
	if time.Since(*reported) >= o.every {
		attrs := []any{"down_ms", time.Since(o.since).Milliseconds(), "failed_requests", o.failed}
		if err != nil {
			attrs = append(attrs, "error", err)
		}
		o.log.Warn("database still unavailable", attrs...)
		*reported = time.Now()
	}
	return false
}

// quietOutage is GORM's logger without the failures of an unavailable database,
// which the OutageLog summarises instead of one line per statement.
type quietOutage struct{ logger.Interface }

func (q quietOutage) LogMode(l logger.LogLevel) logger.Interface {
	return quietOutage{q.Interface.LogMode(l)}
}

func (q quietOutage) Trace(
	ctx context.Context,
	begin time.Time,
	fc func() (string, int64),
	err error,
) {
	if IsUnavailable(err) {
		return
	}
	q.Interface.Trace(ctx, begin, fc, err)
}

// ParamsFilter passes on the inner logger's filter, so that wrapping it keeps values
// out of the SQL text (GORM looks for the method on the logger it was given).
func (q quietOutage) ParamsFilter(ctx context.Context, sql string, params ...any) (string, []any) {
	if f, ok := q.Interface.(interface {
		ParamsFilter(context.Context, string, ...any) (string, []any)
	}); ok {
		return f.ParamsFilter(ctx, sql, params...)
	}
	return sql, params
}
