package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/errs"
)

// FindByBSN returns the cases, active ones first, of the client with this BSN in the
// actor's municipalities. The BSN is only hashed; it never reaches a query plainly.
func (s *Service) FindByBSN(
	ctx context.Context,
	actor access.Actor,
	number string,
) ([]Summary, error) {
	actor = actor.For("cases", "read")
	number = strings.TrimSpace(number)
	if !bsn.Valid(number) {
		return nil, errs.Invalid(
			errs.Field("bsn", "Het BSN moet uit 9 cijfers bestaan en voldoen aan de elfproef."),
		)
	}
	var out []Summary
	err := s.db.WithContext(ctx).Table("clients c").
		Select(`k.id, m.code AS municipality_code, p.code AS pilot_code, k.client_manager_id,
			u.name AS client_manager_name, c.name AS client_name, c.birth_date, c.gender, k.stage, k.stage_entered_on,
			k.benefit_applied_on, k.created_at, k.case_number`).
		Joins("JOIN cases k ON k.client_id = c.id AND k.municipality_id = c.municipality_id").
		Joins("JOIN municipalities m ON m.id = k.municipality_id").
		Joins("LEFT JOIN pilots p ON p.id = k.pilot_id").
		Joins("LEFT JOIN users u ON u.id = k.client_manager_id").
		Where("c.bsn_hash = ?", s.sealer.Hash(number)).
		Scopes(actor.Scope("c.municipality_id").Apply).
		Order("(k.stage = 'afgesloten'), k.created_at DESC").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("find by bsn: %w", err)
	}
	if len(out) == 0 {
		// A search without hits still tells whether the person is a client here.
		return out, audit.NoCases(ctx, s.db, actor, s.sealer.Hash(number))
	}
	ids := make([]uuid.UUID, len(out))
	for i, it := range out {
		ids[i] = it.ID
	}
	return out, audit.CasesRead(ctx, s.db, actor, ids...)
}

// exists checks that a case is in the actor's scope.
func (s *Service) exists(ctx context.Context, actor access.Actor, id uuid.UUID) error {
	var n int64
	err := s.db.WithContext(ctx).Table("cases k").Where("k.id = ?", id).
		Scopes(actor.Scope("k.municipality_id").Apply).Count(&n).Error
	if err != nil {
		return fmt.Errorf("case exists: %w", err)
	}
	if n == 0 {
		return errs.NotFound("Dossier")
	}
	return nil
}
