package cases

import (
	"time"

	"github.com/google/uuid"
)

// The GORM models of the tables this package writes. Each names only the columns
// the package writes through it: columns with a database default (timestamps, the
// version, the derived facts of migrations 00011 and 00012, which triggers keep)
// are the database's to set. Reads of a whole case go through caseQuery
// (queries.go), on pgx on the hot path.

// clientRow is the GORM model of clients; the BSN is stored sealed with its keyed hash.
type clientRow struct {
	ID                  uuid.UUID `gorm:"column:id;primaryKey"`
	MunicipalityID      int32     `gorm:"column:municipality_id"`
	BSNCiphertext       []byte    `gorm:"column:bsn_ciphertext"`
	BSNHash             []byte    `gorm:"column:bsn_hash"`
	Name                string    `gorm:"column:name"`
	BirthDate           time.Time `gorm:"column:birth_date"`
	Gender              string    `gorm:"column:gender"`
	CountryOfBirth      string    `gorm:"column:country_of_birth"`
	ResidencePermitDate time.Time `gorm:"column:residence_permit_date"`
	HouseholdType       string    `gorm:"column:household_type"`
	LanguageLevelIntake string    `gorm:"column:language_level_intake"`
}

// TableName names the table of clientRow.
func (clientRow) TableName() string { return "clients" }

// caseRecord is the GORM model of cases for its insert and for updates by map (so
// that cleared values are written). caseRow is the shape a case is read in.
type caseRecord struct {
	ID              uuid.UUID  `gorm:"column:id;primaryKey"`
	MunicipalityID  int32      `gorm:"column:municipality_id"`
	ClientID        uuid.UUID  `gorm:"column:client_id"`
	PilotID         *int32     `gorm:"column:pilot_id"`
	ClientManagerID *uuid.UUID `gorm:"column:client_manager_id"`
	Stage           string     `gorm:"column:stage"`
	StageEnteredOn  time.Time  `gorm:"column:stage_entered_on"`
	RegisteredOn    time.Time  `gorm:"column:registered_on"`
}

// TableName names the table of caseRecord.
func (caseRecord) TableName() string { return "cases" }

// eventRow is the GORM model of case_events: one entry of a case's history.
type eventRow struct {
	MunicipalityID int32      `gorm:"column:municipality_id"`
	CaseID         uuid.UUID  `gorm:"column:case_id"`
	Kind           string     `gorm:"column:kind"`
	FromStage      *string    `gorm:"column:from_stage"`
	ToStage        *string    `gorm:"column:to_stage"`
	OccurredOn     *time.Time `gorm:"column:occurred_on"`
	Field          *string    `gorm:"column:field"`
	OldValue       *string    `gorm:"column:old_value"`
	NewValue       *string    `gorm:"column:new_value"`
	Reentry        bool       `gorm:"column:reentry"`
	Note           string     `gorm:"column:note"`
	ActorID        *uuid.UUID `gorm:"column:actor_id"`
	ActorName      string     `gorm:"column:actor_name"`
	UndoesEventID  *int64     `gorm:"column:undoes_event_id"`
	JobOfferID     *uuid.UUID `gorm:"column:job_offer_id"`
}

// TableName names the table of eventRow.
func (eventRow) TableName() string { return "case_events" }

// pipRow is the GORM model of case_pips: one version of a PIP.
type pipRow struct {
	MunicipalityID int32     `gorm:"column:municipality_id"`
	CaseID         uuid.UUID `gorm:"column:case_id"`
	Version        int       `gorm:"column:version"`
	DrawnUpOn      time.Time `gorm:"column:drawn_up_on"`
	Route          string    `gorm:"column:route"`
	// PlannedIntegrationHours per week, which the week screen pre-fills from (NULL: none)
	PlannedIntegrationHours *float64 `gorm:"column:planned_integration_hours_per_week"`
}

// TableName names the table of pipRow.
func (pipRow) TableName() string { return "case_pips" }

// resultRow is the GORM model of case_integration_results.
type resultRow struct {
	MunicipalityID int32     `gorm:"column:municipality_id"`
	CaseID         uuid.UUID `gorm:"column:case_id"`
	Kind           string    `gorm:"column:kind"`
	Outcome        string    `gorm:"column:outcome"`
	OnDate         time.Time `gorm:"column:on_date"`
}

// TableName names the table of resultRow.
func (resultRow) TableName() string { return "case_integration_results" }
