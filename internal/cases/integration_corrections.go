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

// withdrawn is what withdrawing an offer, a PIP version or a result writes on its
// row: it stays, and counts for nothing from then on (migration 00023).
func withdrawn(actor access.Actor, reason string) map[string]any {
	return map[string]any{"withdrawn_at": gorm.Expr("now()"), "withdrawn_by": actor.UserID,
		"withdrawn_reason": strings.TrimSpace(reason)}
}

// WithdrawnColumns is withdrawn for the placements package, which withdraws offers.
func WithdrawnColumns(actor access.Actor, reason string) map[string]any {
	return withdrawn(actor, reason)
}

// WithdrawPIP withdraws a PIP version entered by mistake. The case's route follows
// the latest version that still stands (none: no route); the first version that still
// stands starts the inburgeringstermijn (the facts of migration 00023 follow).
func (s *Service) WithdrawPIP(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	version int,
	in CorrectionInput,
) (Case, error) {
	return s.correctIntegration(ctx, actor, id, in, func(tx *gorm.DB, cur lockedCase, full Case) error {
		var pip *PIP
		for i := range full.Integration.PIPs {
			if full.Integration.PIPs[i].Version == version {
				pip = &full.Integration.PIPs[i]
			}
		}
		if pip == nil {
			return errs.NotFound("PIP-versie")
		}
		err := tx.Model(&pipRow{}).Where("municipality_id = ? AND case_id = ? AND version = ?",
			cur.MunicipalityID, cur.ID, version).Updates(withdrawn(actor, in.Reason)).Error
		if err != nil {
			return fmt.Errorf("withdraw pip: %w", err)
		}
		var route *string
		for _, v := range full.Integration.PIPs {
			if v.Version != version {
				route = ptr(v.Route)
			}
		}
		changes := []change{{api: "pip", table: "cases", old: pipText(*pip), new: nil}}
		if !sameString(route, full.Integration.Route) {
			changes = append(changes, change{api: "integrationRoute", table: "cases",
				column: "integration_route", old: full.Integration.Route, new: route})
		}
		return applyEvents(tx, actor, cur, full.Client.ID, changes, "intrekking", in.Reason)
	})
}

// ResultCorrection is a corrected outcome or date of an integration result.
type ResultCorrection struct {
	Outcome string
	OnDate  *time.Time
	CorrectionInput
}

// WithdrawResult withdraws an integration result entered by mistake.
func (s *Service) WithdrawResult(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	resultID int64,
	in CorrectionInput,
) (Case, error) {
	return s.correctIntegration(ctx, actor, id, in, func(tx *gorm.DB, cur lockedCase, full Case) error {
		r, err := findResult(full, resultID)
		if err != nil {
			return err
		}
		err = tx.Model(&resultRow{}).Where("municipality_id = ? AND case_id = ? AND id = ?",
			cur.MunicipalityID, cur.ID, resultID).Updates(withdrawn(actor, in.Reason)).Error
		if err != nil {
			return fmt.Errorf("withdraw result: %w", err)
		}
		return applyEvents(tx, actor, cur, full.Client.ID,
			[]change{{api: "integrationResult", table: "cases", old: resultText(r), new: nil}},
			"intrekking", in.Reason)
	})
}

// CorrectResult corrects the outcome or the date of an integration result: a wrong
// outcome entered (niet behaald for behaald), or a wrong date.
func (s *Service) CorrectResult(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	resultID int64,
	in ResultCorrection,
) (Case, error) {
	var p errs.Problems
	validateEventDate(&p, "onDate", in.OnDate, s.today())
	if !oneOf(in.Outcome, ResultOutcomes) {
		p.Add("outcome", "Kies behaald, niet_behaald, afgerond of verleend.")
	}
	checkReason(&p, in.Reason)
	if err := p.Err(); err != nil {
		return Case{}, err
	}
	return s.correctIntegration(ctx, actor, id, in.CorrectionInput,
		func(tx *gorm.DB, cur lockedCase, full Case) error {
			r, err := findResult(full, resultID)
			if err != nil {
				return err
			}
			if in.OnDate.Before(cur.RegisteredOn) {
				return errs.Invalid(errs.Field("onDate", "Het resultaat ligt voor de aanmelding."))
			}
			fixed := r
			fixed.Outcome, fixed.OnDate = in.Outcome, *in.OnDate
			if fixed == r {
				return errs.Invalid(errs.Field("outcome", "Er is niets gewijzigd."))
			}
			err = tx.Model(&resultRow{}).Where("municipality_id = ? AND case_id = ? AND id = ?",
				cur.MunicipalityID, cur.ID, resultID).
				Updates(map[string]any{"outcome": in.Outcome, "on_date": *in.OnDate}).Error
			if err != nil {
				return fmt.Errorf("correct result: %w", err)
			}
			return applyEvents(tx, actor, cur, full.Client.ID,
				[]change{{api: "integrationResult", table: "cases", old: resultText(r),
					new: resultText(fixed)}}, "correctie", in.Reason)
		})
}

// correctIntegration runs a correction of the case's integration details within one
// transaction, the case locked first and refused when closed.
func (s *Service) correctIntegration(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	in CorrectionInput,
	apply func(tx *gorm.DB, cur lockedCase, full Case) error,
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
		full, err := s.getIn(tx, actor, id)
		if err != nil {
			return err
		}
		if err := apply(tx, cur, full); err != nil {
			return err
		}
		return changedCase(ctx, tx, s, actor, id, &out)
	})
	if err != nil {
		return Case{}, err
	}
	return out, nil
}

// applyEvents writes changes like applyChanges, recorded as events of kind.
func applyEvents(
	tx *gorm.DB,
	actor access.Actor,
	cur lockedCase,
	clientID uuid.UUID,
	changes []change,
	kind, reason string,
) error {
	return applyChangesAs(tx, actor, cur, clientID, changes, strings.TrimSpace(reason), kind)
}

func findResult(full Case, id int64) (IntegrationResult, error) {
	for _, r := range full.Integration.Results {
		if r.ID == id {
			return r, nil
		}
	}
	return IntegrationResult{}, errs.NotFound("Resultaat")
}

func pipText(v PIP) string {
	return fmt.Sprintf("versie %d: %s, %s", v.Version, v.DrawnUpOn.Format(time.DateOnly), v.Route)
}

func resultText(r IntegrationResult) string {
	return r.Kind + ": " + r.Outcome + " (" + r.OnDate.Format(time.DateOnly) + ")"
}

func sameString(a, b *string) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}
