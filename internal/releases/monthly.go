package releases

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/errs"
)

// monthlyLock is the PostgreSQL advisory lock key of the monthly job: only the
// instance that holds it builds or finalises, so two servers never race for a
// release ("sbreleases" in ASCII, truncated to 63 bits).
const monthlyLock int64 = 0x7362_7265_6c65_6173

// MonthlyResult says what one run of the monthly job did.
type MonthlyResult struct {
	Locked    bool // false: another instance held the lock and this run did nothing
	Built     *Release
	Finalised []Release
}

// Monthly is the job the server runs on a ticker (and `startbaan releases build`
// without a date, in effect): under the advisory lock, it builds the release of this
// month's first if there is none yet, and finalises every voorlopig release that is
// due. Running it again does nothing new, so the ticker may fire as often as it likes.
func Monthly(
	ctx context.Context,
	db *database.DB,
	today time.Time,
	log *slog.Logger,
) (MonthlyResult, error) {
	var res MonthlyResult
	conn, err := db.Pool.Acquire(ctx)
	if err != nil {
		return res, fmt.Errorf("monthly releases: %w", err)
	}
	defer conn.Release()
	if err := conn.QueryRow(
		ctx,
		`SELECT pg_try_advisory_lock($1)`,
		monthlyLock,
	).Scan(&res.Locked); err != nil ||
		!res.Locked {
		return res, err
	}
	defer func() {
		// A fresh context: the lock must go even when ctx ended (shutdown).
		if _, err := conn.Exec(
			context.WithoutCancel(ctx),
			`SELECT pg_advisory_unlock($1)`,
			monthlyLock,
		); err != nil {
			conn.Conn().Close(context.WithoutCancel(ctx)) // closing the session releases the lock
		}
	}()
	reference := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	// Finalise first: the month's new release then follows the definitief one.
	all, err := List(ctx, db.Gorm)
	if err != nil {
		return res, err
	}
	for _, r := range all {
		if r.Status != StatusVoorlopig || !Due(r.ReferenceDate, today) {
			continue
		}
		start := time.Now()
		f, err := Finalise(ctx, db, r.ID, today)
		if err != nil {
			return res, err
		}
		log.Info("release finalised", "release", f.ID, "reference_date",
			f.ReferenceDate.Format(time.DateOnly),
			"changed_cells", len(f.RevisionNote.Changes), "duration_ms", time.Since(start).Milliseconds())
		res.Finalised = append(res.Finalised, f)
	}
	if _, err := ByReferenceDate(ctx, db.Gorm, reference); !errs.Is(err, errs.KindNotFound) {
		return res, err // built already (nil), or the lookup failed
	}
	start := time.Now()
	b, err := Build(ctx, db, reference, today)
	if err != nil {
		return res, err
	}
	log.Info("release built", "release", b.ID, "reference_date", b.ReferenceDate.Format(time.DateOnly),
		"duration_ms", time.Since(start).Milliseconds())
	res.Built = &b
	return res, nil
}

// RunMonthly runs Monthly at once and then every interval until ctx ends; a failed run
// is logged and tried again at the next tick.
func RunMonthly(
	ctx context.Context,
	db *database.DB,
	interval time.Duration,
	today func() time.Time,
	log *slog.Logger,
) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if _, err := Monthly(ctx, db, today(), log); err != nil && ctx.Err() == nil {
			log.Error("monthly releases", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
