package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/startbaan/startbaan/internal/demo"
	ipilots "github.com/startbaan/startbaan/internal/pilots"
	"github.com/startbaan/startbaan/pilots"
)

func syncPilots(ctx context.Context, getenv func(string) string, out io.Writer) error {
	_, db, _, err := open(ctx, getenv, false)
	if err != nil {
		return err
	}
	defer db.Close()
	res, err := ipilots.Sync(ctx, db.Gorm, pilots.FS)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "pilots synced: %d pilots, %d municipalities\n", res.Pilots, res.Municipalities)
	if len(res.Orphans) > 0 {
		fmt.Fprintf(
			out,
			"pilots in the database without a file (kept, cases may refer to them): %v\n",
			res.Orphans,
		)
	}
	return nil
}

func seedDemo(ctx context.Context, getenv func(string) string, out io.Writer) error {
	cfg, db, _, err := open(ctx, getenv, true)
	if err != nil {
		return err
	}
	defer db.Close()
	sealer, err := checkedSealer(ctx, db, cfg)
	if err != nil {
		return err
	}
	sum, err := demo.Seed(ctx, db.Pool, sealer, time.Now())
	if err != nil {
		return err
	}
	if len(sum) == 0 {
		fmt.Fprintln(out, "demo data already present: nothing added")
	} else {
		fmt.Fprintf(out,
			"demo data added: %d cases, %d weekly-hour rows, %d job offers, %d employers, %d client managers\n",
			sum["cases"], sum["weekly_hours"], sum["job_offers"], sum["employers"], sum["users"])
	}
	accounts, err := demo.SeedAccounts(ctx, db.Pool)
	if err != nil {
		return err
	}
	if n, err := demo.SeedLessons(ctx, db.Pool); err != nil {
		return err
	} else if n > 0 {
		fmt.Fprintf(out, "demo lessons learned added: %d\n", n)
	}
	fmt.Fprintf(out, "demo logins (password %q), for each pilot municipality:\n", demo.AccountPassword)
	for _, a := range accounts {
		fmt.Fprintf(out, "  %-48s %s %s\n", a.Email, a.Role, a.Domain)
	}
	return nil
}

func benchGenerate(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	out io.Writer,
) error {
	fs := flag.NewFlagSet("bench-generate", flag.ContinueOnError)
	opt := demo.GenerateOptions{Now: time.Now()}
	fs.IntVar(&opt.Municipalities, "municipalities", 342, "number of municipalities")
	fs.IntVar(&opt.Cases, "cases", 200_000, "number of cases")
	fs.IntVar(&opt.WeeklyRows, "weeks", 10_000_000, "number of weekly-hour rows")
	fs.Uint64Var(&opt.Seed, "seed", 1, "random seed")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, db, _, err := open(ctx, getenv, true)
	if err != nil {
		return err
	}
	defer db.Close()
	sealer, err := checkedSealer(ctx, db, cfg)
	if err != nil {
		return err
	}
	opt.Progress = func(s string) { fmt.Fprintln(out, s) }
	sum, err := demo.Generate(ctx, db.Pool, sealer, opt)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "generated: %+v\n", sum)
	return nil
}
