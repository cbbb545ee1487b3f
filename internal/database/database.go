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
}

// DB bundles the GORM handle with the pgx pool underneath it.
type DB struct {
	Gorm *gorm.DB
	Pool *pgxpool.Pool
	sql  *sql.DB
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
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: pool: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	g, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), &gorm.Config{
		// Through slog, with parameters kept out of SQL logs (see gormlog.go).
		Logger:                 newGormLog(log),
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
	return &DB{Gorm: g, Pool: pool, sql: sqlDB}, nil
}

// Close releases all connections.
func (d *DB) Close() {
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
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithSessionLocker(locker))
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
