package cases

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
)

// CorrectionInput is why a correction is made, and the version of the case the user
// saw (optional, as with a transition).
type CorrectionInput struct {
	Reason    string
	IfVersion *int
}

func (in CorrectionInput) check(cur lockedCase) error {
	if in.IfVersion != nil && *in.IfVersion != cur.Version {
		return errs.Stale()
	}
	var p errs.Problems
	checkReason(&p, in.Reason)
	return p.Err()
}

// UndoLastMove takes back the case's last stage move that still stands (docs/domain.md,
// "Corrections"): the case returns to the stage it came from and the date it entered
// it; the first-entry date of the undone stage is cleared when that move set it, and
// what the move did besides (the benefit ended through work, a return to benefit) is
// taken back too. The move stays in the history; a correctie event names it. A close
// is taken back by reopening (Reopen), which is the team lead's.
func (s *Service) UndoLastMove(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	in CorrectionInput,
) (Case, error) {
	actor = actor.For("cases", "write")
	var out Case
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := lockCase(tx, actor, id)
		if err != nil {
			return err
		}
		if err := refuseClosed(cur); err != nil {
			return err
		}
		if err := in.check(cur); err != nil {
			return err
		}
		if err := undoLast(tx, actor, cur, strings.TrimSpace(in.Reason), nil); err != nil {
			return err
		}
		return changedCase(ctx, tx, s, actor, id, &out)
	})
	if err != nil {
		return Case{}, err
	}
	return out, nil
}

// undoLast undoes the last standing move of the locked case cur. With offer, only a
// move that offer caused is undone (withdrawing an offer); it reports no error and
// does nothing when the last move is another.
func undoLast(tx *gorm.DB, actor access.Actor, cur lockedCase, reason string, offer *uuid.UUID) error {
	moves, err := standingMoves(tx, cur)
	if err != nil {
		return err
	}
	if len(moves) < 2 || moves[len(moves)-1].Kind != "overgang" {
		if offer != nil {
			return nil
		}
		return errs.Conflict("Er is geen faseovergang om ongedaan te maken.")
	}
	last := moves[len(moves)-1]
	if offer != nil && (last.JobOfferID == nil || *last.JobOfferID != *offer) {
		return nil
	}
	prev := moves[len(moves)-2]
	from, to := Stage(*last.FromStage), Stage(*last.ToStage)
	cols := map[string]any{"stage": string(from), "stage_entered_on": prev.OccurredOn,
		"version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()")}
	if _, ok := dateFieldFor(to); ok && !enteredBefore(moves, to) {
		cols[stageField(to).Column] = nil
	}
	if to == StageUitgestroomd {
		cols["benefit_ended_on"], cols["benefit_end_reason"] = nil, nil
	}
	if last.Reentry {
		cols["reentry_count"] = gorm.Expr("reentry_count - 1")
	}
	if err := tx.Model(&caseRecord{}).Where("id = ?", cur.ID).Updates(cols).Error; err != nil {
		return fmt.Errorf("undo move: %w", err)
	}
	return recordEvent(tx, actor, cur.MunicipalityID, cur.ID, eventRow{Kind: "correctie",
		FromStage: ptr(string(to)), ToStage: ptr(string(from)), OccurredOn: &last.OccurredOn,
		Field: ptr("stage"), Note: reason, UndoesEventID: &last.ID, JobOfferID: last.JobOfferID})
}

// Reopen takes a closed case back to the stage it was closed from, on the date it
// had entered that stage (docs/domain.md, "Corrections"): closed_on and the reason
// are cleared, and a heropend event names the close it takes back. Only a team lead
// (cases/reopen) reopens, and only when the client has no other active case.
func (s *Service) Reopen(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	in CorrectionInput,
) (Case, error) {
	actor = actor.For("cases", "write")
	var out Case
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := lockCase(tx, actor, id)
		if err != nil {
			return err
		}
		if !actor.May(cur.MunicipalityID, "cases", "reopen") {
			return errs.Forbidden("Alleen een teamleider heropent een dossier.")
		}
		if cur.Stage != StageAfgesloten {
			return errs.Conflict("Dit dossier is niet afgesloten.")
		}
		if err := in.check(cur); err != nil {
			return err
		}
		if err := reopen(tx, actor, cur, strings.TrimSpace(in.Reason), s.today()); err != nil {
			return err
		}
		return changedCase(ctx, tx, s, actor, id, &out)
	})
	if err != nil {
		return Case{}, err
	}
	return out, nil
}

func reopen(tx *gorm.DB, actor access.Actor, cur lockedCase, reason string, today time.Time) error {
	var other bool
	if err := tx.Raw(otherActiveCaseSQL, cur.ID).Scan(&other).Error; err != nil {
		return fmt.Errorf("other active case: %w", err)
	}
	if other {
		return errs.Conflict("Deze cliënt heeft al een ander actief dossier in deze gemeente. " +
			"Sluit dat eerst af, of werk in dat dossier verder.")
	}
	moves, err := standingMoves(tx, cur)
	if err != nil {
		return err
	}
	if len(moves) < 2 || moves[len(moves)-1].ToStage == nil ||
		Stage(*moves[len(moves)-1].ToStage) != StageAfgesloten {
		return fmt.Errorf("closed case %s: last move is not a close", cur.ID)
	}
	last := moves[len(moves)-1]
	from := Stage(*last.FromStage)
	cols := map[string]any{"stage": string(from), "stage_entered_on": moves[len(moves)-2].OccurredOn,
		"closed_on": nil, "close_reason": nil,
		"version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()")}
	err = tx.Model(&caseRecord{}).Where("id = ?", cur.ID).Updates(cols).Error
	if errs.IsUniqueViolation(err) { // another case became active meanwhile
		return errs.Conflict("Deze cliënt heeft al een ander actief dossier in deze gemeente.")
	}
	if err != nil {
		return fmt.Errorf("reopen: %w", err)
	}
	return recordEvent(tx, actor, cur.MunicipalityID, cur.ID, eventRow{Kind: "heropend",
		FromStage: ptr(string(StageAfgesloten)), ToStage: ptr(string(from)), OccurredOn: &today,
		Field: ptr("stage"), Note: reason, UndoesEventID: &last.ID})
}
