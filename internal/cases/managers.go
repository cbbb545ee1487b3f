package cases

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
)

// Manager is someone a case can be assigned to.
type Manager struct {
	ID   uuid.UUID
	Name string
}

// Managers lists who may take on the case, by name: the enabled client managers and
// team leads of its municipality, the same people Update accepts as clientManagerId.
// Only an actor who may assign cases in that municipality gets the list; for anyone
// else the case is not found.
func (s *Service) Managers(
	ctx context.Context,
	actor access.Actor,
	caseID uuid.UUID,
) ([]Manager, error) {
	actor = actor.For("cases", "assign")
	if err := s.exists(ctx, actor, caseID); err != nil {
		return nil, err
	}
	var out []Manager
	err := s.db.WithContext(ctx).Raw(managersSQL, caseID).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("case managers: %w", err)
	}
	if len(out) == 0 {
		return nil, errs.NotFound("Klantmanager")
	}
	return out, nil
}
