package pilots

import "time"

// The GORM models of the reference tables. Municipalities and pilots are written
// only by Sync, by upserts keyed on their codes (queries.go); the models serve the
// plain reads and the replacement of a pilot's members.

// municipalityRow is the GORM model of municipalities.
type municipalityRow struct {
	ID                 int32  `gorm:"column:id;primaryKey"`
	Code               string `gorm:"column:code"`
	Name               string `gorm:"column:name"`
	LabourMarketRegion string `gorm:"column:labour_market_region"`
}

// TableName names the table of municipalityRow.
func (municipalityRow) TableName() string { return "municipalities" }

func (r municipalityRow) municipality() Municipality { return Municipality(r) }

// pilotRow is the GORM model of pilots.
type pilotRow struct {
	ID                               int32      `gorm:"column:id;primaryKey"`
	Code                             string     `gorm:"column:code"`
	Name                             string     `gorm:"column:name"`
	Variant                          string     `gorm:"column:variant"`
	Description                      string     `gorm:"column:description"`
	StartDate                        time.Time  `gorm:"column:start_date"`
	EndDate                          *time.Time `gorm:"column:end_date"`
	AllowsPreSettlementOffer         bool       `gorm:"column:allows_pre_settlement_offer"`
	TargetCombinedHoursPerWeek       float64    `gorm:"column:target_combined_hours_per_week"`
	TargetMinWorkHoursPerWeek        float64    `gorm:"column:target_min_work_hours_per_week"`
	TargetMinIntegrationHoursPerWeek float64    `gorm:"column:target_min_integration_hours_per_week"`
	TargetMaxDaysToOffer             int        `gorm:"column:target_max_days_to_offer"`
	UpdatedAt                        time.Time  `gorm:"column:updated_at;<-:false;autoUpdateTime:false"`
}

// TableName names the table of pilotRow.
func (pilotRow) TableName() string { return "pilots" }

// pilotMunicipality is the GORM model of pilot_municipalities: one member of a pilot.
type pilotMunicipality struct {
	MunicipalityID int32 `gorm:"column:municipality_id;primaryKey"`
	PilotID        int32 `gorm:"column:pilot_id;primaryKey"`
}

// TableName names the table of pilotMunicipality.
func (pilotMunicipality) TableName() string { return "pilot_municipalities" }
