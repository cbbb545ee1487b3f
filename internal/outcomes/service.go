package outcomes

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
)

// Service builds the live reports on the database handle for reports (a pool with
// the longer statement timeout of reports and exports).
type Service struct{ reports *gorm.DB }

// NewService wires the service on the reports handle.
func NewService(reports *gorm.DB) *Service { return &Service{reports: reports} }

// Build computes the live report of the reader's own municipalities (see Build).
func (s *Service) Build(
	ctx context.Context,
	actor access.Actor,
	q Query,
	reference time.Time,
) (Report, error) {
	return Build(ctx, s.reports, actor, q, reference)
}
