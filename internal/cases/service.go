package cases

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/database"
)

// Service runs the case use cases. Each method takes the actor explicitly and
// scopes every query to the actor's municipalities.
type Service struct {
	db     *gorm.DB
	pool   *pgxpool.Pool // the read of one case, the hottest query, skips GORM's reflection
	sealer *bsn.Sealer
	clock  func() time.Time
}

// NewService wires the service. clock is time.Now outside tests.
func NewService(db *database.DB, sealer *bsn.Sealer, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{db: db.Gorm, pool: db.Pool, sealer: sealer, clock: clock}
}

func (s *Service) today() time.Time { return calendar.Today(s.clock()) }

// recordEvent appends an event to a case's history within tx.
func recordEvent(
	tx *gorm.DB,
	actor access.Actor,
	municipalityID int32,
	caseID uuid.UUID,
	e eventRow,
) error {
	e.MunicipalityID, e.CaseID = municipalityID, caseID
	e.ActorID = actor.UserID
	e.ActorName = actor.Name
	err := tx.Create(&e).Error
	if err != nil {
		return fmt.Errorf("record event: %w", err)
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

const maxNoteLength = 2000
