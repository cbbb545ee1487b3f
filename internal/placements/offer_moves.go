package placements

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/cases"
)

// writableCase reads and locks the case of an offer for a write: a closed case is
// read-only (docs/domain.md, "Corrections").
func (s *Service) writableCase(tx *gorm.DB, actor access.Actor, caseID uuid.UUID) (offerCase, error) {
	c, err := s.offerCase(tx, actor, caseID, true)
	if err == nil && c.Stage == string(cases.StageAfgesloten) {
		return offerCase{}, cases.Closed()
	}
	return c, err
}

// followOffer moves the case to baan_aangeboden on the date of the offer just
// recorded, in the same transaction (one action per real event). At baan_aangeboden
// already, only a new offer after every other one was declined or withdrawn moves it.
func (s *Service) followOffer(
	tx *gorm.DB,
	actor access.Actor,
	caseID, offerID uuid.UUID,
	on time.Time,
) error {
	var live int64
	err := tx.Model(&jobOfferRow{}).Where(
		"case_id = ? AND id <> ? AND status <> ? AND withdrawn_at IS NULL", caseID, offerID, "afgewezen",
	).Count(&live).Error
	if err != nil {
		return fmt.Errorf("other offers: %w", err)
	}
	_, err = cases.FollowOffer(tx, actor, caseID, cases.OfferEvent{OfferID: offerID,
		To: cases.StageBaanAangeboden, On: on, Field: "offeredOn", Renewal: live == 0},
		calendar.Today(s.clock()))
	return err
}

// starts reports whether the patch is the real event of a start: it accepts the
// offer, or sets or moves its start date. Ending an older placement is not.
func (p JobOfferPatch) starts(cur JobOffer) bool {
	accepts := p.Status != nil && *p.Status == "geaccepteerd" && cur.Status != "geaccepteerd"
	moved := p.StartDate != nil && (cur.StartDate == nil || !cur.StartDate.Equal(*p.StartDate))
	return accepts || moved
}

// followStart moves the case to aan_het_werk on the start date of an offer that is
// now accepted with a start date, when the update set either: the acceptance is the
// real event. A start still to come moves nothing yet; StartDue does on the day.
func (s *Service) followStart(
	tx *gorm.DB,
	actor access.Actor,
	caseID, offerID uuid.UUID,
) error {
	o, err := jobOfferIn(tx, actor, caseID, offerID)
	if err != nil {
		return err
	}
	if o.Status != "geaccepteerd" || o.StartDate == nil {
		return nil
	}
	_, err = cases.FollowOffer(tx, actor, caseID, cases.OfferEvent{OfferID: offerID,
		To: cases.StageAanHetWerk, On: *o.StartDate, Field: "startDate"}, calendar.Today(s.clock()))
	return err
}
