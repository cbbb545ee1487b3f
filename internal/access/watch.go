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

// NotifyChanged announces a change of access rules (roles, accounts). Called within
// the transaction of the change, PostgreSQL delivers it only when that transaction
// commits.
func NotifyChanged(tx *gorm.DB) error { return notify(tx, "") }

// NotifySessionsEnded announces a logout or a revoked token: instances forget what
// they remembered of sessions and tokens, without reloading the rules.
func NotifySessionsEnded(tx *gorm.DB) error { return notify(tx, sessionsEnded) }

const sessionsEnded = "sessions"

func notify(tx *gorm.DB, payload string) error {
	if err := tx.Exec(`SELECT pg_notify(?, ?)`, Channel, payload).Error; err != nil {
		return fmt.Errorf("notify access change: %w", err)
	}
	return nil
}

// OnChange registers fn to run after every reload and every notification, such as
// forgetting remembered sessions. Register before Watch starts.
func (f *Enforcer) OnChange(fn func()) { f.onChange = append(f.onChange, fn) }

func (f *Enforcer) changed() {
	for _, fn := range f.onChange {
		fn()
	}
}

// Watch keeps the enforcer current until ctx ends: it listens on Channel with a
// connection of its own and reloads on every notification, and every backstop
// interval in case a notification was lost (a dropped connection, a change made by
// hand in SQL). connConfig is the database's connection configuration.
// While the database is down it retries every second but says so once, and once
// more when it listens again.
func (f *Enforcer) Watch(
	ctx context.Context,
	connConfig *pgx.ConnConfig,
	backstop time.Duration,
	log *slog.Logger,
) {
	failing := false
	listening := func() {
		if failing {
			log.Info("access watcher listens again")
			failing = false
		}
	}
	for ctx.Err() == nil {
		err := f.listen(ctx, connConfig, backstop, listening)
		if ctx.Err() != nil {
			return
		}
		if !failing {
			log.Warn("access watcher lost its connection; reconnecting every second", "error", err)
			failing = true
		}
		select {
		case <-ctx.Done():
		case <-time.After(time.Second):
		}
	}
}

// listen holds one connection until it fails. It reloads right after LISTEN, as a
// notification may have been missed while no connection listened.
func (f *Enforcer) listen(
	ctx context.Context,
	connConfig *pgx.ConnConfig,
	backstop time.Duration,
	listening func(),
) error {
	conn, err := pgx.ConnectConfig(ctx, connConfig)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+Channel); err != nil {
		return err
	}
	reload := true
	for first := true; ; first = false {
		if reload {
			if err := f.Reload(ctx); err != nil {
				return err
			}
		}
		if first {
			listening()
		}
		f.changed()
		wait, cancel := context.WithTimeout(ctx, backstop)
		n, err := conn.WaitForNotification(wait)
		cancel()
		if err != nil && !(errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil) {
			return err
		}
		reload = n == nil || n.Payload != sessionsEnded
	}
}
