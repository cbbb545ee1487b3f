package releases

import (
	"log/slog"
	"sync"
	"testing"

	"github.com/startbaan/startbaan/internal/dbtest"
)

// TestMonthlyBuildsOnceUnderConcurrency runs the monthly job of two server instances
// at the same time: one builds the month's release, the other finds the lock taken
// (or the release there) and does nothing; no run fails. A month later the job
// finalises it and builds the next one.
func TestMonthlyBuildsOnceUnderConcurrency(t *testing.T) {
	db := dbtest.OpenSeeded(t, demoData)
	ctx := t.Context()
	log := slog.New(slog.DiscardHandler)
	today := reference.AddDate(0, 0, 3)
	var wg sync.WaitGroup
	results := make([]MonthlyResult, 2)
	errors := make([]error, 2)
	for i := range results {
		wg.Go(func() { results[i], errors[i] = Monthly(ctx, db, today, log) })
	}
	wg.Wait()
	built := 0
	for i, r := range results {
		if errors[i] != nil {
			t.Fatalf("instance %d: %v", i, errors[i])
		}
		if r.Built != nil {
			built++
		}
	}
	all, err := List(ctx, db.Gorm)
	if err != nil || built != 1 || len(all) != 1 || all[0].ReferenceDate != reference ||
		all[0].Status != StatusVoorlopig {
		t.Fatalf("built %d times, releases %+v (%v); results %+v", built, all, err, results)
	}
	if again, err := Monthly(ctx, db, today, log); err != nil || !again.Locked || again.Built != nil ||
		len(again.Finalised) != 0 {
		t.Fatalf("a second run in the same month: %+v, %v", again, err)
	}
	next, err := Monthly(ctx, db, demoNow, log)
	if err != nil || len(next.Finalised) != 1 || next.Finalised[0].Status != StatusDefinitief ||
		next.Built == nil ||
		next.Built.ReferenceDate != reference.AddDate(0, 1, 0) {
		t.Fatalf("next month: %+v, %v", next, err)
	}
}
