package placements

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/database"
)

// StarterName is the actor the history names for a start made on its day.
const StarterName = "Startbaan (startdatum bereikt)"

// StartDue moves to aan_het_werk, on the start date, every case whose accepted offer
// was accepted with a start date still to come and whose start has now come
// (docs/domain.md, "Stages and their rules"): the stage machine allows no future
// dates, so such a case waits at baan_aangeboden with "start op <datum>" until the
// day. Each case moves, with its audit row, in a transaction of its own, locked and checked again, so that
// several instances running this at once move a case once. It reports the moves.
func (s *Service) StartDue(ctx context.Context) (int, error) {
	type due struct {
		CaseID    uuid.UUID
		ID        uuid.UUID
		StartDate time.Time
	}
	today := calendar.Today(s.clock())
	var list []due
	if err := s.db.WithContext(ctx).Raw(dueStartsSQL, today).Scan(&list).Error; err != nil {
		return 0, fmt.Errorf("due starts: %w", err)
	}
	actor := access.System(StarterName)
	moved := 0
	for _, d := range list {
		err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			ok, err := cases.FollowOffer(tx, actor, d.CaseID, cases.OfferEvent{OfferID: d.ID,
				To: cases.StageAanHetWerk, On: d.StartDate, Field: "startDate"}, today)
			if err != nil || !ok {
				return err
			}
			moved++
			return audit.Case(ctx, tx, actor, audit.ActionChange, audit.ObjectCase, "", d.CaseID)
		})
		if err != nil {
			return moved, fmt.Errorf("start of offer %s: %w", d.ID, err)
		}
	}
	return moved, nil
}

// StartsEvery runs StartDue every interval until ctx ends: the clear mechanism that
// moves a case on the start date it was accepted with.
func (s *Service) StartsEvery(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := s.StartDue(ctx); err != nil && !database.IsUnavailable(err) && ctx.Err() == nil {
			log.Warn("placements: due starts failed", "error", err)
		} else if n > 0 {
			log.Info("placements: cases moved to aan_het_werk on their start date", "cases", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
