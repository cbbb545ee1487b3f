package hours

import (
	"time"

	"github.com/google/uuid"
)

// weekRow is one stored week: the GORM model of weekly_hours. updated_at is the
// database's to set (read-only here), so that every writer stamps it by the same clock.
// The actuals and the absence reason are NULL until entered.
type weekRow struct {
	MunicipalityID          int32     `gorm:"column:municipality_id;primaryKey"`
	CaseID                  uuid.UUID `gorm:"column:case_id;primaryKey"`
	WeekStart               time.Time `gorm:"column:week_start;primaryKey"`
	PlannedWorkHours        float64   `gorm:"column:planned_work_hours"`
	ActualWorkHours         *float64  `gorm:"column:actual_work_hours"`
	PlannedIntegrationHours float64   `gorm:"column:planned_integration_hours"`
	ActualIntegrationHours  *float64  `gorm:"column:actual_integration_hours"`
	AbsenceHours            float64   `gorm:"column:absence_hours"`
	AbsenceReason           *string   `gorm:"column:absence_reason"`
	UpdatedAt               time.Time `gorm:"column:updated_at;<-:false"`
}

// TableName names the table of weekRow.
func (weekRow) TableName() string { return "weekly_hours" }

func (w weekRow) entry() Entry {
	e := Entry{
		PlannedWork:        w.PlannedWorkHours,
		ActualWork:         w.ActualWorkHours,
		PlannedIntegration: w.PlannedIntegrationHours,
		ActualIntegration:  w.ActualIntegrationHours,
		Absence:            w.AbsenceHours,
	}
	if w.AbsenceReason != nil {
		e.AbsenceReason = *w.AbsenceReason
	}
	return e
}

// reason is the absence reason as stored: NULL when there is none.
func (e Entry) reason() *string {
	if e.AbsenceReason == "" {
		return nil
	}
	r := e.AbsenceReason
	return &r
}
