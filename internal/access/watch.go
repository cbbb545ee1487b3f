package access

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// Channel is the PostgreSQL notification channel on which a change of roles, rules or
// municipalities is announced to every app instance.
const Channel = "startbaan_access"

// NotifyChanged announces a change of access rules. Called within the transaction of
// the change, PostgreSQL delivers it only when that transaction commits.
func NotifyChanged(tx *gorm.DB) error {
	if err := tx.Exec(`SELECT pg_notify(?, '')`, Channel).Error; err != nil {
		return fmt.Errorf("notify access change: %w", err)
	}
	return nil
}

// Watch keeps the enforcer current until ctx ends: it listens on Channel with a
// connection of its own and reloads on every notification, and every backstop
// interval in case a notification was lost (a dropped connection, a change made by
// hand in SQL). connConfig is the database's connection configuration.
func (f *Enforcer) Watch(ctx context.Context, connConfig *pgx.ConnConfig, backstop time.Duration, log *slog.Logger) {
	for ctx.Err() == nil {
		err := f.listen(ctx, connConfig, backstop)
		if ctx.Err() != nil {
			return
		}
		log.Warn("access watcher reconnects", "error", err)
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// listen holds one connection until it fails. It reloads right after LISTEN, as a
// notification may have been missed while no connection listened.
func (f *Enforcer) listen(ctx context.Context, connConfig *pgx.ConnConfig, backstop time.Duration) error {
	conn, err := pgx.ConnectConfig(ctx, connConfig)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	for {
		if err := f.Reload(ctx); err != nil {
			return err
		}
		wait, cancel := context.WithTimeout(ctx, backstop)
		_, err := conn.WaitForNotification(wait)
		cancel()
		if err != nil && !(errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil) {
			return err
		}
	}
}
