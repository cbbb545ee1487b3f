package cases

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/errs"
)

// The sources of a story line: where the fact is recorded.
const (
	StoryEvent   = "gebeurtenis" // a case event: Kind is the event's kind
	StoryOffer   = "aanbod"      // a job offer made: Kind is the contract type
	StoryOutcome = "uitkomst"    // an offer accepted or declined: Kind is the status
	StoryEnd     = "einde"       // a placement's end date: Kind is the contract type
	StoryPIP     = "pip"         // a PIP version: Kind is the route
	StoryResult  = "resultaat"   // an integration result: Kind is its kind, Detail the outcome
)

// StoryLine is one fact of a case's history with the date it happened: the facts of
// the case events and of the offer, PIP and result tables in one list. What it
// means in words is the page's to say.
type StoryLine struct {
	Source string
	Kind   string
	On     time.Time // the date it happened, not the date it was recorded
	// Of a case event (Source StoryEvent).
	FromStage, ToStage, Field, OldValue, NewValue *string
	Reentry                                       bool
	Note                                          string
	// Of an offer or placement: the employer and the hours per week.
	Employer     *string
	HoursPerWeek *float64
	// Detail is a declined offer's reason or a result's outcome.
	Detail *string
	// Version is a PIP's version.
	Version *int
	// Actor recorded it at RecordedAt ("" when the record does not say who).
	Actor      string
	RecordedAt time.Time
	EventID    *int64
}

// Story returns the history of a case as the client's story, newest first, in one
// statement; the read is recorded in the audit log like that of the events.
func (s *Service) Story(ctx context.Context, actor access.Actor, id uuid.UUID) ([]StoryLine, error) {
	actor = actor.For("cases", "read")
	scope := actor.Scope("k.municipality_id")
	var rows []StoryLine
	err := s.db.WithContext(ctx).Raw(storyQuery(scope.SQL),
		append([]any{id}, scope.Args...)...).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("case story: %w", err)
	}
	if len(rows) == 0 { // every case has at least the event of its creation
		return nil, errs.NotFound("Dossier")
	}
	return rows, audit.Case(ctx, s.db, actor, audit.ActionRead, audit.ObjectCaseEvents, "", id)
}
