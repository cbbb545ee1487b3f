package pilots

import (
	"context"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
)

// Service reads the municipalities and pilots for the handlers (Sync writes them,
// from pilots/, at deployment).
type Service struct{ db *gorm.DB }

// NewService wires the service.
func NewService(db *gorm.DB) *Service { return &Service{db: db} }

// Municipalities returns every municipality, by code.
func (s *Service) Municipalities(ctx context.Context) ([]Municipality, error) {
	return ListMunicipalities(ctx, s.db)
}

// Pilots returns every pilot with its municipalities.
func (s *Service) Pilots(ctx context.Context) ([]Pilot, error) { return ListPilots(ctx, s.db) }

// Pilot returns one pilot by code.
func (s *Service) Pilot(ctx context.Context, code string) (Pilot, error) {
	return GetPilot(ctx, s.db, code)
}

// Names returns the name of a municipality and of a pilot (empty without one).
func (s *Service) Names(
	ctx context.Context,
	municipalityID int32,
	pilotID *int32,
) (string, string, error) {
	return Names(ctx, s.db, municipalityID, pilotID)
}

// MunicipalitiesOf returns the municipalities in the actor's scope, by name.
func (s *Service) MunicipalitiesOf(
	ctx context.Context,
	actor access.Actor,
) ([]Municipality, error) {
	return MunicipalitiesOf(ctx, s.db, actor)
}

// PilotNamesOf returns the pilots with a municipality in the actor's scope, by name.
func (s *Service) PilotNamesOf(ctx context.Context, actor access.Actor) ([]PilotName, error) {
	return PilotNamesOf(ctx, s.db, actor)
}
