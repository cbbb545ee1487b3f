package cases

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
)

// OfferEvent is a dated event of a job offer that moves the case: one action per real
// event (docs/domain.md, "Stages and their rules"). Recording an offer moves the case
// to baan_aangeboden on the offer's date; an accepted offer's start moves it to
// aan_het_werk on the start date, once that date has come.
type OfferEvent struct {
	OfferID uuid.UUID
	To      Stage     // StageBaanAangeboden or StageAanHetWerk
	On      time.Time // the offer date or the start date
	Field   string    // the input field the date came from, for problems
	// Renewal: every other offer of the case was declined or withdrawn, so an offer
	// while the case is at baan_aangeboden is a new offer after a declined one.
	Renewal bool
}

// FollowOffer moves the case as the offer event says, within tx (the caller's
// transaction, which wrote the offer), when the stage machine takes the case there
// from where it stands, and reports whether it moved. The case is locked first, as
// every writer of a case does. A case already further (a second offer while at work)
// does not move; a start date still to come moves nothing yet (StartDue does, on the
// day). The transition's rules hold: a date before the case entered its current
// stage is refused, on the event's own field.
func FollowOffer(
	tx *gorm.DB,
	actor access.Actor,
	caseID uuid.UUID,
	ev OfferEvent,
	today time.Time,
) (bool, error) {
	cur, err := lockCase(tx, actor, caseID)
	if err != nil {
		return false, err
	}
	if err := refuseClosed(cur); err != nil {
		return false, err
	}
	if !follows(cur, ev, today) {
		return false, nil
	}
	if cur.Stage == StageBaanAangeboden && ev.On.Before(cur.StageEnteredOn) {
		// A late record of an older event (a start, or a new offer, dated before the
		// case entered its current offer stage): the case has gone on from there.
		return false, nil
	}
	in := TransitionInput{To: ev.To, On: &ev.On, Note: "via baanaanbod"}
	changes, err := planTransition(cur, in, today)
	if err != nil {
		return false, onField(err, ev.Field)
	}
	if err := tx.Model(&caseRecord{}).Where("id = ?", caseID).Updates(changes).Error; err != nil {
		return false, fmt.Errorf("update stage: %w", err)
	}
	offer := ev.OfferID
	err = recordEvent(tx, actor, cur.MunicipalityID, caseID, eventRow{Kind: "overgang",
		FromStage: ptr(string(cur.Stage)), ToStage: ptr(string(ev.To)), OccurredOn: &ev.On,
		Note: in.Note, JobOfferID: &offer})
	return err == nil, err
}

// follows reports whether the offer event moves the case from where it stands.
func follows(cur lockedCase, ev OfferEvent, today time.Time) bool {
	switch ev.To {
	case StageBaanAangeboden:
		switch cur.Stage {
		case StageAangemeld:
			return cur.AllowsPreSettlementOffer
		case StageGevestigd, StageUitkeringAangevraagd:
			return true
		case StageBaanAangeboden:
			return ev.Renewal
		}
	case StageAanHetWerk:
		return cur.Stage == StageBaanAangeboden && !ev.On.After(today)
	}
	return false
}

// onField puts the problems of a transition's date on the offer's own field.
func onField(err error, field string) error {
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid {
		return err
	}
	var p errs.Problems
	for _, f := range e.Fields {
		if f.Name == "date" || f.Name == "toStage" {
			f.Name = field
		}
		p.Add(f.Name, f.Reason)
	}
	return p.Err()
}

// UndoOfferMoves takes back, within tx, the moves an offer caused that are still the
// case's last ones (its start, then its offer), when the offer is withdrawn; a move
// of the offer followed by another move stays, since the case has gone on from there.
// It reports how many moves it undid.
func UndoOfferMoves(
	tx *gorm.DB,
	actor access.Actor,
	caseID, offerID uuid.UUID,
	reason string,
) (int, error) {
	cur, err := lockCase(tx, actor, caseID)
	if err != nil {
		return 0, err
	}
	if err := refuseClosed(cur); err != nil {
		return 0, err
	}
	n := 0
	for ; n < 2; n++ {
		before := cur.Version
		if err := undoLast(tx, actor, cur, reason, &offerID); err != nil {
			return n, err
		}
		if cur, err = lockCase(tx, actor, caseID); err != nil {
			return n, err
		}
		if cur.Version == before {
			break
		}
	}
	return n, nil
}

// RecordOfferCorrection records, within tx, a correction (correctie) or withdrawal
// (intrekking) of a job offer in the case's history, with the offer's text before and
// after and the reason given.
func RecordOfferCorrection(
	tx *gorm.DB,
	actor access.Actor,
	caseID, offerID uuid.UUID,
	kind string,
	old string,
	new *string,
	reason string,
) error {
	cur, err := lockCase(tx, actor, caseID)
	if err != nil {
		return err
	}
	return recordEvent(tx, actor, cur.MunicipalityID, caseID, eventRow{Kind: kind, Field: ptr("jobOffer"),
		OldValue: &old, NewValue: new, Note: reason, JobOfferID: &offerID})
}

// CheckReason validates the reason a correction must give, for the packages that
// correct their own records (placements).
func CheckReason(reason string) error {
	var p errs.Problems
	checkReason(&p, reason)
	return p.Err()
}
