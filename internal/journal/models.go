package journal

import (
	"time"

	"github.com/google/uuid"
)

// noteRow is the GORM model of case_notes for appending a note. The database allows
// only two updates of a stored note (migration 00021): completing its follow-up and
// withdrawing it; both go through this model with a map of exactly those columns.
type noteRow struct {
	ID             int64      `gorm:"column:id;primaryKey;<-:false"`
	MunicipalityID int32      `gorm:"column:municipality_id"`
	CaseID         uuid.UUID  `gorm:"column:case_id"`
	ContactOn      time.Time  `gorm:"column:contact_on;type:date"`
	Kind           string     `gorm:"column:kind"`
	Body           string     `gorm:"column:body"`
	FollowUpOn     *time.Time `gorm:"column:follow_up_on;type:date"`
	FollowUpUserID *uuid.UUID `gorm:"column:follow_up_user_id"`
	AuthorID       *uuid.UUID `gorm:"column:author_id"`
	AuthorName     string     `gorm:"column:author_name"`
	RecordedAt     time.Time  `gorm:"column:recorded_at;<-:false"`
}

// TableName names the table of noteRow.
func (noteRow) TableName() string { return "case_notes" }
