// Package database opens the PostgreSQL connection (GORM on pgx) and applies the
// embedded goose migrations.
package database

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/migrations"
)

// Options tune the pool.
type Options struct {
	MaxConns int32
	// Timeouts bound the statements of requests (faults: issue 10).
	Timeouts Timeouts
	// ReportStatement, when set, opens a second, small pool for reports and exports
	// whose statement_timeout is this instead of Timeouts.Statement.
	ReportStatement time.Duration
}

// DB bundles the GORM handle with the pgx pool underneath it.
type DB struct {
	Gorm *gorm.DB
	Pool *pgxpool.Pool
	// Reports runs the long reads of reports and exports; it is Gorm when no
	// report pool was asked for.
	Reports *gorm.DB
	sql     *sql.DB
	reports *DB
}

// Open connects to url and checks the connection.
func Open(ctx context.Context, url string, opt Options, log *slog.Logger) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database: parse url: %w", err)
	}
	if opt.MaxConns > 0 {
		cfg.MaxConns = opt.MaxConns
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	opt.Timeouts.apply(cfg)
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: pool: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: connPool{DB: sqlDB, grace: CommitGrace}}),
		&gorm.Config{
			// Through slog, with parameters kept out of SQL logs (see gormlog.go); an
			// unavailable database is summarised by the OutageLog instead.
			Logger:                 quietOutage{newGormLog(log)},
			SkipDefaultTransaction: true,
			PrepareStmt:            false,
			TranslateError:         true,
		})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("database: gorm: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database: ping: %w", err)
	}
	db := &DB{Gorm: g, Pool: pool, Reports: g, sql: sqlDB}
	if opt.ReportStatement > 0 {
		if db.reports, err = openReports(ctx, url, opt, log); err != nil {
			db.Close()
			return nil, err
		}
		db.Reports = db.reports.Gorm
	}
	return db, nil
}

// openReports opens the small pool of reports: the same timeouts but a longer
// statement_timeout, and few connections, so that reports cannot crowd out requests.
func openReports(ctx context.Context, url string, opt Options, log *slog.Logger) (*DB, error) {
	opt.MaxConns = min(max(opt.MaxConns/2, 2), 8)
	opt.Timeouts.Statement, opt.ReportStatement = opt.ReportStatement, 0
	db, err := Open(ctx, url, opt, log)
	if err != nil {
		return nil, fmt.Errorf("database: report pool: %w", err)
	}
	return db, nil
}

// Close releases all connections.
func (d *DB) Close() {
	if d.reports != nil {
		d.reports.Close()
	}
	d.sql.Close()
	d.Pool.Close()
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.Pool.Ping(ctx) }

// Migrate applies all pending migrations. It holds a PostgreSQL advisory lock (per
// database) while it runs, so that two `startbaan migrate` at once, or instances
// that migrate on start, take turns instead of failing; the second finds nothing
// left to do.
func Migrate(ctx context.Context, db *sql.DB) error {
	// Ask every second, for up to 15 minutes: a long migration holds the lock.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 900))
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	p, err := goose.NewProvider(
		goose.DialectPostgres,
		db,
		migrations.FS,
		goose.WithSessionLocker(locker),
	)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// MigrateURL opens a short-lived connection to url and migrates it.
func MigrateURL(ctx context.Context, url string) error {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return fmt.Errorf("migrate: open: %w", err)
	}
	defer db.Close()
	return Migrate(ctx, db)
}

// SQL exposes the database/sql handle (for migrations).
func (d *DB) SQL() *sql.DB { return d.sql }
