package database

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// SlowQuery is how long a statement may take before it is logged as slow.
const SlowQuery = 500 * time.Millisecond

// GORM has package-level loggers that ignore the logger a *gorm.DB is given: its
// schema parser reports a struct it cannot map through logger.Default (coloured text
// on stdout), and Scan traces its statement through logger.Recorder, whose SQL text
// carries the values (names, BSN hashes) unless RecorderParamsFilter drops them. All
// three are set before any query can run: messages go to slog's default logger
// (`serve` sets that to its own), and no value reaches SQL in a log.
func init() {
	logger.Default = gormLog{level: logger.Warn}
	logger.Recorder.Interface = logger.Default
	logger.RecorderParamsFilter = gormLog{}.ParamsFilter
}

// gormLog is GORM's logger on slog. A statement's error is not logged here: GORM
// returns it to the caller, and the error handler logs a 5xx once with the request
// id; logging it here too would double every failure and flood the log in an outage.
// Slow statements are logged with their SQL, whose parameters stay placeholders:
// values (names, hashes of BSNs) never reach a log line.
type gormLog struct {
	log   *slog.Logger // nil: slog.Default() at the time of the message
	level logger.LogLevel
}

func newGormLog(log *slog.Logger) logger.Interface { return gormLog{log: log, level: logger.Warn} }

func (g gormLog) logger() *slog.Logger {
	if g.log == nil {
		return slog.Default()
	}
	return g.log
}

func (g gormLog) LogMode(level logger.LogLevel) logger.Interface {
	g.level = level
	return g
}

func (g gormLog) Info(ctx context.Context, msg string, args ...any) {
	g.message(ctx, logger.Info, slog.LevelInfo, msg, args)
}

func (g gormLog) Warn(ctx context.Context, msg string, args ...any) {
	g.message(ctx, logger.Warn, slog.LevelWarn, msg, args)
}

func (g gormLog) Error(ctx context.Context, msg string, args ...any) {
	g.message(ctx, logger.Error, slog.LevelError, msg, args)
}

func (g gormLog) message(
	ctx context.Context,
	at logger.LogLevel,
	level slog.Level,
	msg string,
	args []any,
) {
	if g.level >= at {
		g.logger().Log(ctx, level, "gorm", "message", fmt.Sprintf(msg, args...))
	}
}

// Trace is called after every statement; it builds the SQL text only for a line it
// writes.
func (g gormLog) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if g.level <= logger.Silent {
		return
	}
	elapsed := time.Since(begin)
	switch {
	case err != nil && !errors.Is(err, gorm.ErrRecordNotFound):
		if l := g.logger(); l.Enabled(ctx, slog.LevelDebug) {
			sql, rows := fc()
			l.DebugContext(
				ctx,
				"sql failed",
				"sql",
				sql,
				"rows",
				rows,
				"duration_ms",
				elapsed.Milliseconds(),
				"error",
				err,
			)
		}
	case elapsed > SlowQuery && g.level >= logger.Warn:
		sql, rows := fc()
		g.logger().WarnContext(
			ctx,
			"slow sql",
			"sql",
			sql,
			"rows",
			rows,
			"duration_ms",
			elapsed.Milliseconds(),
		)
	}
}

// ParamsFilter keeps parameters out of the SQL text GORM hands to Trace.
func (gormLog) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}
