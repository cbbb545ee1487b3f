package placements

import (
	"time"

	"github.com/google/uuid"
)

// employerRow is the GORM model of employers. created_at is the database's to set.
type employerRow struct {
	ID             uuid.UUID `gorm:"column:id;primaryKey"`
	MunicipalityID int32     `gorm:"column:municipality_id"`
	Name           string    `gorm:"column:name"`
	KvKNumber      string    `gorm:"column:kvk_number"`
	Sector         string    `gorm:"column:sector"`
	CreatedAt      time.Time `gorm:"column:created_at;<-:false"`
	// contact details (migration 00021), nil when not known
	ContactPerson *string `gorm:"column:contact_person"`
	Phone         *string `gorm:"column:phone"`
	Email         *string `gorm:"column:email"`
	Street        *string `gorm:"column:street"`
	HouseNumber   *string `gorm:"column:house_number"`
	Postcode      *string `gorm:"column:postcode"`
	City          *string `gorm:"column:city"`
}

// TableName names the table of employerRow.
func (employerRow) TableName() string { return "employers" }

// jobOfferRow is the GORM model of job_offers. created_at is the database's to set.
type jobOfferRow struct {
	ID              uuid.UUID  `gorm:"column:id;primaryKey"`
	MunicipalityID  int32      `gorm:"column:municipality_id"`
	CaseID          uuid.UUID  `gorm:"column:case_id"`
	EmployerID      uuid.UUID  `gorm:"column:employer_id"`
	OfferedOn       time.Time  `gorm:"column:offered_on"`
	Status          string     `gorm:"column:status"`
	DeclineReason   *string    `gorm:"column:decline_reason"`
	StartDate       *time.Time `gorm:"column:start_date"`
	EndDate         *time.Time `gorm:"column:end_date"`
	ContractType    string     `gorm:"column:contract_type"`
	HoursPerWeek    float64    `gorm:"column:hours_per_week"`
	HourlyWageCents int        `gorm:"column:hourly_wage_cents"`
	Sector          string     `gorm:"column:sector"`
	SOWISRequested  bool       `gorm:"column:sowis_requested"`
	SOWISGranted    bool       `gorm:"column:sowis_granted"`
	CreatedAt       time.Time  `gorm:"column:created_at;<-:false"`
}

// TableName names the table of jobOfferRow.
func (jobOfferRow) TableName() string { return "job_offers" }
