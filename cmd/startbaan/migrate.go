package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/startbaan/startbaan/internal/config"
	"github.com/startbaan/startbaan/internal/database"
)

const migrateUsage = `usage:
  startbaan migrate          apply the pending migrations (as STARTBAAN_MIGRATE_DATABASE_URL's owner role when set)
  startbaan migrate status   list the migrations of this release, applied or pending`

// migrate applies the migrations, or with "status" lists them. Both use the owner's
// URL when configured; status only reads.
func migrate(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) > 1 || (len(args) == 1 && args[0] != "status") {
		return errors.New(migrateUsage)
	}
	cfg, err := config.Load(getenv, false)
	if err != nil {
		return err
	}
	if len(args) == 1 {
		return migrateStatus(ctx, cfg, out)
	}
	if err := database.MigrateURL(ctx, cfg.MigrationURL()); err != nil {
		return err
	}
	fmt.Fprintln(out, "migrations applied")
	return nil
}

func migrateStatus(ctx context.Context, cfg config.Config, out io.Writer) error {
	log, err := newLogger(cfg, os.Stderr)
	if err != nil {
		return err
	}
	db, err := database.Open(ctx, cfg.MigrationURL(), database.Options{MaxConns: 2}, log)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := database.Status(ctx, db.Pool)
	if err != nil {
		return err
	}
	pending := 0
	for _, m := range list {
		state := "applied " + m.AppliedAt.Local().Format(time.DateTime)
		if !m.Applied {
			state, pending = "pending", pending+1
		}
		fmt.Fprintf(out, "%-40s %s\n", m.Name, state)
	}
	fmt.Fprintf(out, "%d applied, %d pending\n", len(list)-pending, pending)
	return nil
}
