package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/config"
	"github.com/startbaan/startbaan/internal/database"
)

// checkedSealer is the BSN sealer of the configured key, once the key is known to be
// the one the database's BSNs are sealed with (recorded at first use). Every command
// that takes the key goes through here.
func checkedSealer(ctx context.Context, db *database.DB, cfg config.Config) (*bsn.Sealer, error) {
	s, err := bsn.NewSealer(cfg.BSNKey)
	if err != nil {
		return nil, err
	}
	if _, err := bsn.CheckKey(ctx, db.Pool, s); err != nil {
		return nil, err
	}
	return s, nil
}

// keyCmd checks the configured BSN key against the database, for an operator after
// a restore or before a release (docs/operations.md, The BSN key).
func keyCmd(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) != 1 || args[0] != "check" {
		return errors.New("usage: startbaan key check")
	}
	cfg, db, _, err := open(ctx, getenv, true)
	if err != nil {
		return err
	}
	defer db.Close()
	s, err := bsn.NewSealer(cfg.BSNKey)
	if err != nil {
		return err
	}
	rec, err := bsn.CheckKey(ctx, db.Pool, s)
	if err != nil {
		return err
	}
	if rec.New {
		fmt.Fprintln(out, "BSN key recorded: this database had no key fingerprint yet")
		return nil
	}
	fmt.Fprintf(
		out,
		"BSN key matches this database (fingerprint recorded on %s)\n",
		rec.RecordedAt.Local().Format(time.DateOnly),
	)
	return nil
}

// warnPrivileged tells the operator when serve connects as a role that could drop the
// audit log's append-only triggers: a superuser or the owner of audit_events.
func warnPrivileged(ctx context.Context, db *database.DB, log *slog.Logger) {
	privileged, err := database.Privileged(ctx, db.Pool)
	if err != nil {
		log.Warn("could not check the database role's privileges", "error", err)
		return
	}
	if privileged {
		log.Warn("serve connects as a superuser or the owner of the tables; connect as a member of startbaan_app " +
			"and migrate with STARTBAAN_MIGRATE_DATABASE_URL (docs/operations.md, Migrations)")
	}
}
