package releaseview

import (
	"context"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/releases"
)

// Service answers outcome questions from releases on the database handle for reports.
type Service struct{ reports *gorm.DB }

// NewService wires the service on the reports handle.
func NewService(reports *gorm.DB) *Service { return &Service{reports: reports} }

// Pick returns the release a reader asked for, or else the newest one (see Pick).
func (s *Service) Pick(ctx context.Context, id int) (releases.Release, error) {
	return Pick(ctx, s.reports, id)
}

// Read answers a question from the release's cells (see Read).
func (s *Service) Read(ctx context.Context, rel releases.Release, q Question) (Answer, error) {
	return Read(ctx, s.reports, rel, q)
}

// CoverageOf counts a release's populations and cells.
func (s *Service) CoverageOf(ctx context.Context, id int) (Coverage, error) {
	return CoverageOf(ctx, s.reports, id)
}
