package releases

import (
	"context"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
)

// Service reads the releases for the handlers on the database handle for reports,
// and withdraws one on the ordinary handle. Building and finalising releases is the
// monthly job's (RunMonthly) and the release command's.
type Service struct{ db, reports *gorm.DB }

// NewService wires the service; reports runs the long reads.
func NewService(db, reports *gorm.DB) *Service { return &Service{db: db, reports: reports} }

// List returns every release, newest first.
func (s *Service) List(ctx context.Context) ([]Release, error) { return List(ctx, s.reports) }

// Get returns one release.
func (s *Service) Get(ctx context.Context, id int) (Release, error) {
	return Get(ctx, s.reports, id)
}

// Cells returns the cells of a release that match f.
func (s *Service) Cells(ctx context.Context, id int, f CellFilter) ([]Cell, error) {
	return Cells(ctx, s.reports, id, f)
}

// CountCells counts the cells of a release that match f.
func (s *Service) CountCells(ctx context.Context, id int, f CellFilter) (int64, error) {
	return CountCells(ctx, s.reports, id, f)
}

// Withdraw withdraws a release with a reason (see Withdraw).
func (s *Service) Withdraw(
	ctx context.Context,
	actor access.Actor,
	id int,
	reason string,
) (Release, error) {
	return Withdraw(ctx, s.db, actor, id, reason)
}
