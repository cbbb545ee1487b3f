// Command startbaan is the Startbaan server and its maintenance commands. main only
// calls run; the subcommands wire packages together and hold no rules of their own.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // dates are decided in Europe/Amsterdam, also on a scratch image
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "startbaan:", err)
		os.Exit(1)
	}
}

const usage = `usage: startbaan COMMAND

commands:
  serve           run the HTTP server (API under /api/v1, /healthz, /readyz)
  migrate         apply the database migrations; migrate status lists them
  key check       check STARTBAAN_BSN_KEY against the key the database's BSNs are sealed with
  pilots sync     validate pilots/*.yaml and apply them in one transaction
  seed-demo       create synthetic demo data for the pilot municipalities (idempotent)
  bench-generate  fill a database with benchmark volume (200,000 cases, 10 million weeks)
  users           add, grant, revoke or disable accounts (startbaan users for help)
  tokens create   make an API token for a user: --user EMAIL [--name N] [--days 90]
  facts check     list cases whose derived outcome facts differ from their source rows (exit 1 if any)
  facts repair    recompute the facts of those cases and report how many changed
  releases        build [--reference-date YYYY-MM-01], finalise [ID], withdraw ID --reason R, list:
                  the statistical releases (docs/outcomes.md)

configuration comes from environment variables; see README.md.`

func run(ctx context.Context, args []string, getenv func(string) string, out io.Writer) error {
	if len(args) == 0 {
		return fmt.Errorf("no command given\n%s", usage)
	}
	switch args[0] {
	case "serve":
		return serve(ctx, getenv, out)
	case "migrate":
		return migrate(ctx, args[1:], getenv, out)
	case "key":
		return keyCmd(ctx, args[1:], getenv, out)
	case "pilots":
		if len(args) < 2 || args[1] != "sync" {
			return fmt.Errorf("usage: startbaan pilots sync")
		}
		return syncPilots(ctx, getenv, out)
	case "seed-demo":
		return seedDemo(ctx, getenv, out)
	case "bench-generate":
		return benchGenerate(ctx, args[1:], getenv, out)
	case "users":
		return usersCmd(ctx, args[1:], getenv, out)
	case "tokens":
		return tokensCmd(ctx, args[1:], getenv, out)
	case "facts":
		return factsCmd(ctx, args[1:], getenv, out)
	case "releases":
		return releasesCmd(ctx, args[1:], getenv, out)
	case "help", "-h", "--help":
		fmt.Fprintln(out, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}
