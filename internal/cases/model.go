// Package cases owns the start-job case: the client it is about, its stage machine,
// its history of events, its integration details, and their storage. It never
// imports a transport package; the actor and scope are passed in explicitly.
package cases

import (
	"time"

	"github.com/google/uuid"
)

// Client is the status holder a case is about. The BSN is never part of it: it is
// stored sealed and only used for exact lookup.
type Client struct {
	ID                  uuid.UUID
	Name                string
	BirthDate           time.Time
	Gender              string
	CountryOfBirth      string
	ResidencePermitDate time.Time
	HouseholdType       string
	LanguageLevelIntake string
}

// Benefit describes the bijstand benefit of a case.
type Benefit struct {
	GrantedOn *time.Time
	Kind      *string // volledig or aanvullend
	EndedOn   *time.Time
	EndReason *string
}

// Integration holds the dates and choices the Wet inburgering 2021 defines.
type Integration struct {
	BRPRegisteredOn         *time.Time
	OntzorgenStartedOn      *time.Time
	BredeIntakeStartedOn    *time.Time
	BredeIntakeCompletedOn  *time.Time
	Route                   *string // b1, onderwijs or z
	FirstPIPOn              *time.Time
	InburgeringstermijnEnds *time.Time // three years after the first PIP
	PIPs                    []PIP
	Results                 []IntegrationResult
}

// PIP is one version of the persoonlijk plan inburgering en participatie.
type PIP struct {
	Version    int
	DrawnUpOn  time.Time
	Route      string
	RecordedAt time.Time
	// PlannedIntegrationHours is the integration the PIP plans per week (nil: not
	// recorded); the week screen pre-fills from the PIP in force.
	PlannedIntegrationHours *float64
}

// IntegrationResult is a PVT, MAP, KNM or exam result, or an exemption.
type IntegrationResult struct {
	ID      int64
	Kind    string
	Outcome string
	OnDate  time.Time
}

// Case is the full read model of one case.
type Case struct {
	ID                uuid.UUID
	MunicipalityID    int32
	MunicipalityCode  string
	PilotID           *int32
	PilotCode         *string
	ClientManagerID   *uuid.UUID
	ClientManagerName *string
	Stage             Stage
	StageEnteredOn    time.Time
	Version           int
	ReentryCount      int
	CloseReason       *string
	Dates             StageDates
	Client            Client
	Benefit           Benefit
	Integration       Integration
	Contact           Contact // contact details (contact.go)
	NextStages        []Stage
	OfferDueOn        *time.Time // benefit application + the pilot's maximum days to a job offer
	// CaseNumber is the short number people say aloud ("2026-0147"): the year of
	// registration and a sequence within the municipality, given by the database.
	CaseNumber string
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// OfferOverdue reports whether the start-job promise is broken on today: the
// benefit was applied for, the pilot's days to an offer have passed, and no offer
// was made in time.
func (c Case) OfferOverdue(today time.Time) bool {
	if c.OfferDueOn == nil || c.Stage == StageAfgesloten {
		return false
	}
	if c.Dates.JobOfferedOn != nil {
		return c.Dates.JobOfferedOn.After(*c.OfferDueOn)
	}
	return today.After(*c.OfferDueOn)
}

// Summary is one row of a case list.
type Summary struct {
	ID                uuid.UUID
	MunicipalityCode  string
	PilotCode         *string
	ClientManagerID   *uuid.UUID
	ClientManagerName *string
	ClientName        string
	BirthDate         time.Time // lists show its year beside the name, to tell namesakes apart
	Gender            string
	Stage             Stage
	StageEnteredOn    time.Time
	BenefitAppliedOn  *time.Time
	CreatedAt         time.Time
	CaseNumber        string
}

// Event is one entry of a case's history.
type Event struct {
	ID         int64
	Kind       string // aangemaakt, overgang, datumcorrectie, wijziging, correctie, intrekking, heropend
	FromStage  *string
	ToStage    *string
	OccurredOn *time.Time
	Field      *string
	OldValue   *string
	NewValue   *string
	Reentry    bool
	Note       string
	ActorID    *uuid.UUID
	ActorName  string
	RecordedAt time.Time
	// UndoesEventID names the move a correctie or heropend event took back; JobOfferID
	// the offer that caused a move, or that a correction is about.
	UndoesEventID *int64
	JobOfferID    *uuid.UUID
}
