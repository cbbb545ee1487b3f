package audit

import (
	"context"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
)

// Service is the audit log on the server's database handle, for the handlers: the
// domain services record their rows with their own transaction (Case, Record on tx).
type Service struct{ db *gorm.DB }

// NewService wires the service.
func NewService(db *gorm.DB) *Service { return &Service{db: db} }

// Record writes one access event (a login, a logout, a refusal) on its own.
func (s *Service) Record(ctx context.Context, e Event) error { return Record(ctx, s.db, e) }

// List is a team lead's view of their municipalities' log (see List).
func (s *Service) List(ctx context.Context, actor access.Actor, f Filter) ([]Entry, bool, error) {
	return List(ctx, s.db, actor, f)
}

// Export records an export of aggregated figures (see Export).
func (s *Service) Export(ctx context.Context, actor access.Actor, objectType, format string) error {
	return Export(ctx, s.db, actor, objectType, format)
}

// MissingCase records an answer "not found" on a route about one case (see MissingCase).
func (s *Service) MissingCase(ctx context.Context, actor access.Actor, method, rawID string) error {
	return MissingCase(ctx, s.db, actor, method, rawID)
}

// OwnAccess is a person's own logins and refusals, newest first (see OwnAccess).
func (s *Service) OwnAccess(ctx context.Context, userID uuid.UUID, limit int) ([]Entry, error) {
	return OwnAccess(ctx, s.db, userID, limit)
}
