package audit

import (
	"time"

	"github.com/google/uuid"
)

// eventRow is the GORM model of audit_events for the plain append of one event
// (Record). The table is append-only: nothing here updates or deletes. Rows about
// case data are written by the INSERT … SELECT statements of queries.go, which take
// the municipality and the data subject from the case rows themselves.
type eventRow struct {
	TraceID            string     `gorm:"column:trace_id"`
	UserID             *uuid.UUID `gorm:"column:user_id"`
	Role               *string    `gorm:"column:role"`
	MunicipalityID     *int32     `gorm:"column:municipality_id"`
	Action             string     `gorm:"column:action"`
	ObjectType         string     `gorm:"column:object_type"`
	ObjectID           string     `gorm:"column:object_id"`
	ProcessingActivity string     `gorm:"column:processing_activity"`
	Outcome            string     `gorm:"column:outcome"`
	ClientAddress      *string    `gorm:"column:client_address"`
	DataSubjectHash    []byte     `gorm:"column:data_subject_hash"`
	EndedAt            *time.Time `gorm:"column:ended_at"`
	ClientRequestID    *string    `gorm:"column:client_request_id"`
}

// TableName names the table of eventRow.
func (eventRow) TableName() string { return "audit_events" }
