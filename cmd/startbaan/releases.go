package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/releases"
)

const releasesUsage = `usage: startbaan releases build [--reference-date YYYY-MM-01]
       startbaan releases finalise [ID]
       startbaan releases withdraw ID --reason TEXT
       startbaan releases list`

// releasesCmd builds, finalises, withdraws and lists the statistical releases
// (docs/outcomes.md, "Releases"). build without a date and finalise without an id do
// what the server's monthly job does, under the same lock.
func releasesCmd(
	ctx context.Context,
	args []string,
	getenv func(string) string,
	out io.Writer,
) error {
	if len(args) == 0 {
		return fmt.Errorf("%s", releasesUsage)
	}
	fs := flag.NewFlagSet("releases "+args[0], flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	refText := fs.String("reference-date", "", "the first of a month, YYYY-MM-01")
	reason := fs.String("reason", "", "why the release is withdrawn")
	rest := args[1:]
	var positional []string
	for len(rest) > 0 { // flags may follow the id
		if err := fs.Parse(rest); err != nil {
			return fmt.Errorf("%v\n%s", err, releasesUsage)
		}
		if rest = fs.Args(); len(rest) > 0 {
			positional, rest = append(positional, rest[0]), rest[1:]
		}
	}
	_, db, log, err := open(ctx, getenv, false)
	if err != nil {
		return err
	}
	defer db.Close()
	today := calendar.Today(time.Now())
	switch {
	case args[0] == "build" && len(positional) == 0:
		if *refText == "" {
			return monthly(ctx, db, today, log, out)
		}
		ref, err := time.Parse(time.DateOnly, *refText)
		if err != nil {
			return fmt.Errorf("--reference-date: %v", err)
		}
		r, err := releases.Build(ctx, db, ref, today)
		if err != nil {
			return err
		}
		fmt.Fprintf(
			out,
			"release %d built: reference date %s, %s\n",
			r.ID,
			r.ReferenceDate.Format(time.DateOnly),
			r.Status,
		)
		return nil
	case args[0] == "finalise" && len(positional) <= 1:
		if len(positional) == 0 {
			return monthly(ctx, db, today, log, out)
		}
		id, err := strconv.Atoi(positional[0])
		if err != nil {
			return fmt.Errorf("release id: %v", err)
		}
		r, err := releases.Finalise(ctx, db, id, today)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "release %d definitief: %d cells revised\n", r.ID, len(r.RevisionNote.Changes))
		return nil
	case args[0] == "withdraw" && len(positional) == 1:
		id, err := strconv.Atoi(positional[0])
		if err != nil {
			return fmt.Errorf("release id: %v", err)
		}
		r, err := releases.Withdraw(ctx, db.Gorm, access.Actor{Name: "cli"}, id, *reason)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "release %d withdrawn\n", r.ID)
		return nil
	case args[0] == "list" && len(positional) == 0:
		all, err := releases.List(ctx, db.Gorm)
		if err != nil {
			return err
		}
		for _, r := range all {
			fmt.Fprintf(
				out,
				"%d\t%s\t%s\tbuilt %s\n",
				r.ID,
				r.ReferenceDate.Format(time.DateOnly),
				r.Status,
				r.BuiltAt.Format(time.RFC3339),
			)
		}
		return nil
	}
	return fmt.Errorf("%s", releasesUsage)
}

// monthly runs the server's monthly job once.
func monthly(
	ctx context.Context,
	db *database.DB,
	today time.Time,
	log *slog.Logger,
	out io.Writer,
) error {
	res, err := releases.Monthly(ctx, db, today, log)
	if err != nil {
		return err
	}
	if !res.Locked {
		return fmt.Errorf("another instance is building or finalising a release; try again later")
	}
	for _, r := range res.Finalised {
		fmt.Fprintf(out, "release %d definitief: %d cells revised\n", r.ID, len(r.RevisionNote.Changes))
	}
	if res.Built != nil {
		fmt.Fprintf(
			out,
			"release %d built: reference date %s, voorlopig\n",
			res.Built.ID,
			res.Built.ReferenceDate.Format(time.DateOnly),
		)
	}
	if res.Built == nil && len(res.Finalised) == 0 {
		fmt.Fprintln(out, "nothing due")
	}
	return nil
}
