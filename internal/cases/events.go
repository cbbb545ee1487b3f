package cases

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
)

// Events returns a case's history, oldest first.
func (s *Service) Events(ctx context.Context, actor access.Actor, id uuid.UUID) ([]Event, error) {
	actor = actor.For("cases", "read")
	if err := s.exists(ctx, actor, id); err != nil {
		return nil, err
	}
	var out []Event
	err := s.db.WithContext(ctx).Table("case_events e").
		Select(
			"e.id, e.kind, e.from_stage, e.to_stage, e.occurred_on, e.field, e.old_value, e.new_value, e.reentry, "+
				"e.note, e.actor_id, e.actor_name, e.recorded_at, e.undoes_event_id, e.job_offer_id",
		).
		Where("e.case_id = ?", id).Scopes(actor.Scope("e.municipality_id").Apply).
		Order("e.id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("case events: %w", err)
	}
	return out, audit.Case(ctx, s.db, actor, audit.ActionRead, audit.ObjectCaseEvents, "", id)
}
