package placements

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

// Withdrawal is the answer of WithdrawJobOffer: the offer as it now stands and how
// many stage moves it caused were taken back with it.
type Withdrawal struct {
	Offer       JobOffer
	UndoneMoves int
}

// WithdrawJobOffer withdraws an offer registered by mistake, with a reason
// (docs/domain.md, "Corrections"): the offer stays, marked withdrawn, and counts for
// nothing. The stage moves it caused are undone with it while they are the case's
// last moves (its start, then its offer); a move the case has gone on from stays.
func (s *Service) WithdrawJobOffer(
	ctx context.Context,
	actor access.Actor,
	caseID, id uuid.UUID,
	reason string,
) (Withdrawal, error) {
	actor = actor.For("cases", "write")
	if err := cases.CheckReason(reason); err != nil {
		return Withdrawal{}, err
	}
	reason = strings.TrimSpace(reason)
	var out Withdrawal
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if _, err := s.writableCase(tx, actor, caseID); err != nil {
			return err
		}
		cur, err := lockOffer(tx, actor, caseID, id)
		if err != nil {
			return err
		}
		err = tx.Model(&jobOfferRow{}).Where("id = ?", id).
			Updates(cases.WithdrawnColumns(actor, reason)).Error
		if err != nil {
			return fmt.Errorf("withdraw job offer: %w", err)
		}
		err = cases.RecordOfferCorrection(tx, actor, caseID, id, "intrekking", offerText(cur), nil, reason)
		if err != nil {
			return err
		}
		if out.UndoneMoves, err = cases.UndoOfferMoves(tx, actor, caseID, id, reason); err != nil {
			return err
		}
		err = audit.Case(ctx, tx, actor, audit.ActionChange, audit.ObjectJobOffer, id.String(), caseID)
		if err != nil {
			return err
		}
		out.Offer, err = jobOfferIn(tx, actor, caseID, id)
		return err
	})
	if err != nil {
		return Withdrawal{}, err
	}
	return out, nil
}

// OfferCorrection corrects what was recorded of an offer: its date, contract type,
// hours, wage and contract dates, with the reason.
type OfferCorrection struct {
	OfferedOn       *time.Time
	ContractType    string
	HoursPerWeek    float64
	HourlyWageCents int
	StartDate       *time.Time
	EndDate         *time.Time
	Reason          string
}

// CorrectJobOffer corrects an offer's fields under the rules of a new offer, and
// records the correction with its reason. A stage date the offer set is not moved
// with it: that is a date correction of the case (docs/domain.md, "Corrections").
func (s *Service) CorrectJobOffer(
	ctx context.Context,
	actor access.Actor,
	caseID, id uuid.UUID,
	in OfferCorrection,
) (JobOffer, error) {
	actor = actor.For("cases", "write")
	if err := cases.CheckReason(in.Reason); err != nil {
		return JobOffer{}, err
	}
	var out JobOffer
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.writableCase(tx, actor, caseID)
		if err != nil {
			return err
		}
		cur, err := lockOffer(tx, actor, caseID, id)
		if err != nil {
			return err
		}
		n := NewJobOffer{EmployerID: &cur.EmployerID, OfferedOn: in.OfferedOn, ContractType: in.ContractType,
			HoursPerWeek: in.HoursPerWeek, HourlyWageCents: in.HourlyWageCents, Sector: cur.Sector,
			StartDate: in.StartDate, EndDate: in.EndDate, SOWISRequested: cur.SOWISRequested,
			SOWISGranted: cur.SOWISGranted}
		if err := n.validate(c, calendar.Today(s.clock())).Err(); err != nil {
			return err
		}
		fixed := cur
		fixed.OfferedOn, fixed.ContractType, fixed.HoursPerWeek = *in.OfferedOn, in.ContractType, in.HoursPerWeek
		fixed.HourlyWageCents, fixed.StartDate, fixed.EndDate = in.HourlyWageCents, in.StartDate, in.EndDate
		if offerText(fixed) == offerText(cur) {
			return errs.Invalid(errs.Field("reason", "Er is niets gewijzigd."))
		}
		err = tx.Model(&jobOfferRow{}).Where("id = ?", id).Updates(map[string]any{
			"offered_on": *in.OfferedOn, "contract_type": in.ContractType, "hours_per_week": in.HoursPerWeek,
			"hourly_wage_cents": in.HourlyWageCents, "start_date": in.StartDate, "end_date": in.EndDate,
		}).Error
		if err != nil {
			return fmt.Errorf("correct job offer: %w", err)
		}
		now := offerText(fixed)
		err = cases.RecordOfferCorrection(tx, actor, caseID, id, "correctie", offerText(cur), &now,
			strings.TrimSpace(in.Reason))
		if err != nil {
			return err
		}
		err = audit.Case(ctx, tx, actor, audit.ActionChange, audit.ObjectJobOffer, id.String(), caseID)
		if err != nil {
			return err
		}
		out, err = jobOfferIn(tx, actor, caseID, id)
		return err
	})
	if err != nil {
		return JobOffer{}, err
	}
	return out, nil
}

// offerText is an offer as the history shows it: no personal data, only the contract.
func offerText(o JobOffer) string {
	t := fmt.Sprintf("aanbod %s bij %s, %s, %.2f uur/week, %d cent/uur", o.OfferedOn.Format(time.DateOnly),
		o.EmployerName, o.ContractType, o.HoursPerWeek, o.HourlyWageCents)
	if o.StartDate != nil {
		t += ", start " + o.StartDate.Format(time.DateOnly)
	}
	if o.EndDate != nil {
		t += ", einde " + o.EndDate.Format(time.DateOnly)
	}
	return t
}
