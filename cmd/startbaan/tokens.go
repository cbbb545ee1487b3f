package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/startbaan/startbaan/internal/users"
)

const tokensUsage = `usage:
  startbaan tokens create --user EMAIL [--name NAME] [--days 90]
prints a new API token once; programs send it in the header Authorization: Bearer TOKEN`

// tokensCmd makes an API token for a program, on behalf of an existing account.
func tokensCmd(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	out io.Writer,
) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New(tokensUsage)
	}
	fs := flag.NewFlagSet("tokens create", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	email, name, days := fs.String("user", "", ""), fs.String(
		"name",
		"command line",
		"",
	), fs.Int("days", 90, "")
	if err := fs.Parse(args[1:]); err != nil || *email == "" {
		return fmt.Errorf("%v\n%s", err, tokensUsage)
	}
	_, db, _, err := open(ctx, getenv, false)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := users.NewService(db.Gorm)
	u, err := svc.ByEmail(ctx, *email)
	if err != nil {
		return fmt.Errorf("account %s: %w", *email, err)
	}
	if u.Disabled {
		return fmt.Errorf("account %s is disabled", u.Email)
	}
	plain, t, err := svc.CreateToken(ctx, u.ID, *name, time.Duration(*days)*24*time.Hour)
	if err != nil {
		return err
	}
	fmt.Fprintf(
		out,
		"token for %s, valid until %s (shown once):\n%s\n",
		u.Email,
		t.ExpiresAt.Format(time.DateOnly),
		plain,
	)
	return nil
}
