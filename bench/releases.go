package main

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/releases"
)

// releaseBuild times one release build over the whole database (docs/outcomes.md,
// "Releases"; target < 10 minutes, server memory < 1 GB). Releases are never deleted,
// so on a database benchmarked before it builds the latest month that has none yet.
func releaseBuild(ctx context.Context, db *database.DB) error {
	today := calendar.Today(time.Now())
	ref := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	for {
		_, err := releases.ByReferenceDate(ctx, db.Gorm, ref)
		if errs.Is(err, errs.KindNotFound) {
			break
		}
		if err != nil {
			return err
		}
		ref = ref.AddDate(0, -1, 0)
	}
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	start := time.Now()
	r, err := releases.Build(ctx, db, ref, today)
	if err != nil {
		return fmt.Errorf("release build: %w", err)
	}
	took := time.Since(start)
	n, err := releases.CountCells(ctx, db.Gorm, r.ID, releases.CellFilter{})
	if err != nil {
		return err
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	fmt.Printf("\nrelease build (reference date %s): %d cells in %.1f s (target < 600 s); Go heap in use after %d MB; peak resident memory of this process %s\n",
		ref.Format(time.DateOnly), n, took.Seconds(), after.HeapInuse>>20, peakRSS())
	return nil
}
