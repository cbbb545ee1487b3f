package cases

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
)

// TransitionInput moves a case to another stage on a date.
type TransitionInput struct {
	To          Stage
	On          *time.Time
	Note        string
	CloseReason *string // required when closing
	IfVersion   *int    // optimistic concurrency, when the caller sent If-Match
}

// lockedCase is the state a change needs, read with FOR NO KEY UPDATE: every use case
// that writes a source of the case's derived facts (events, PIPs, results, dates, the
// pilot) takes this lock first, so that writers of one case take turns.
type lockedCase struct {
	ID                       uuid.UUID
	MunicipalityID           int32
	Stage                    Stage
	StageEnteredOn           time.Time
	Version                  int
	ReentryCount             int
	AllowsPreSettlementOffer bool
	StageDates
}

func lockCase(tx *gorm.DB, actor access.Actor, id uuid.UUID) (lockedCase, error) {
	var rows []lockedCase
	err := tx.Table("cases k").
		Select(`k.id, k.municipality_id, k.stage, k.stage_entered_on, k.version, k.reentry_count,
			COALESCE(p.allows_pre_settlement_offer, false) AS allows_pre_settlement_offer,
			k.registered_on, k.settled_on, k.benefit_applied_on, k.job_offered_on, k.work_started_on,
			k.left_benefit_on, k.closed_on`).
		Joins("LEFT JOIN pilots p ON p.id = k.pilot_id").
		Where("k.id = ?", id).Scopes(actor.Scope("k.municipality_id").Apply).
		Clauses(clause.Locking{Strength: "NO KEY UPDATE", Table: clause.Table{Name: "k"}}).
		Scan(&rows).Error
	if err != nil {
		return lockedCase{}, fmt.Errorf("lock case: %w", err)
	}
	if len(rows) == 0 {
		return lockedCase{}, errs.NotFound("Dossier")
	}
	return rows[0], nil
}

// Transition moves a case along the stage machine and records the event. The case
// returned is read within the transaction, so that nothing can fail after the commit.
func (s *Service) Transition(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	in TransitionInput,
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
		if in.IfVersion != nil && *in.IfVersion != cur.Version {
			return errs.Stale()
		}
		if in.To == StageAfgesloten && !actor.May(cur.MunicipalityID, "cases", "close") {
			return errs.Forbidden("Alleen een teamleider sluit een dossier af.")
		}
		changes, err := planTransition(cur, in, s.today())
		if err != nil {
			return err
		}
		if err := tx.Model(&caseRecord{}).Where("id = ?", id).Updates(changes).Error; err != nil {
			return fmt.Errorf("update stage: %w", err)
		}
		reentry := cur.Stage == StageUitgestroomd && in.To == StageUitkeringAangevraagd
		err = recordEvent(tx, actor, cur.MunicipalityID, id, eventRow{Kind: "overgang",
			FromStage: ptr(string(cur.Stage)), ToStage: ptr(string(in.To)), OccurredOn: in.On,
			Reentry: reentry, Note: in.Note})
		if err != nil {
			return err
		}
		return changedCase(ctx, tx, s, actor, id, &out)
	})
	if err != nil {
		return Case{}, err
	}
	return out, nil
}

// planTransition checks the move against the stage machine, the pilot and the dates,
// and returns the column changes.
func planTransition(cur lockedCase, in TransitionInput, today time.Time) (map[string]any, error) {
	if p := in.validate(cur, today); len(p) > 0 {
		return nil, p.Err()
	}
	on := *in.On
	dates := cur.StageDates
	changes := map[string]any{"stage": string(in.To), "stage_entered_on": on,
		"version": gorm.Expr("version + 1"), "updated_at": gorm.Expr("now()")}
	if f, ok := dateFieldFor(in.To); ok && *f.get(&dates) == nil {
		*f.get(&dates) = &on
		changes[stageField(in.To).Column] = on
	}
	switch {
	case in.To == StageAfgesloten:
		dates.ClosedOn = &on
		changes["closed_on"], changes["close_reason"] = on, *in.CloseReason
	case in.To == StageUitgestroomd:
		changes["benefit_ended_on"], changes["benefit_end_reason"] = on, "werk"
	case cur.Stage == StageUitgestroomd && in.To == StageUitkeringAangevraagd:
		changes["reentry_count"] = cur.ReentryCount + 1
	}
	if p := dates.checkOrder(today, cur.AllowsPreSettlementOffer); len(p) > 0 {
		return nil, errs.Invalid(errs.Field("date", p[0].Reason))
	}
	return changes, nil
}

func (in TransitionInput) validate(cur lockedCase, today time.Time) errs.Problems {
	var p errs.Problems
	switch {
	case !in.To.Valid():
		p.Add("toStage", "Onbekende fase.")
	case !cur.Stage.CanMoveTo(in.To):
		p.Add("toStage", fmt.Sprintf("Van fase %s kan het dossier niet naar fase %s.", cur.Stage, in.To))
	case cur.Stage == StageAangemeld && in.To == StageBaanAangeboden && !cur.AllowsPreSettlementOffer:
		p.Add("toStage", "Deze pilot staat geen baanaanbod voor vestiging toe.")
	}
	switch {
	case in.On == nil:
		p.Add("date", "Vul een datum in.")
	case !calendar.PlausibleEvent(*in.On):
		p.Add("date", calendar.ImplausibleEvent)
	case in.On.After(today):
		p.Add("date", "De datum ligt in de toekomst.")
	case in.On.Before(cur.StageEnteredOn):
		p.Add(
			"date",
			"De datum ligt voor de start van de huidige fase ("+cur.StageEnteredOn.Format("02-01-2006")+").",
		)
	}
	if in.To == StageAfgesloten && (in.CloseReason == nil || !oneOf(*in.CloseReason, CloseReasons)) {
		p.Add("closeReason", "Kies een reden van afsluiting.")
	}
	if in.To != StageAfgesloten && in.CloseReason != nil {
		p.Add("closeReason", "Een reden van afsluiting hoort alleen bij afsluiten.")
	}
	if utf8.RuneCountInString(in.Note) > maxNoteLength {
		p.Add("note", "De notitie is te lang (hoogstens 2000 tekens).")
	}
	return p
}
