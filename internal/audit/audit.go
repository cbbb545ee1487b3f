// Package audit writes the audit log: one append-only row per processing of personal
// data, modelled on Logius' Logboek Dataverwerkingen. A row is written with the same
// transaction handle as the change it records, so that a change without its audit row
// cannot exist. The data subject is recorded only as a keyed hash, never as a BSN.
package audit

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Actions and outcomes, as the table's CHECK constraints allow them.
const (
	ActionRead    = "lezen"
	ActionCreate  = "aanmaken"
	ActionChange  = "wijzigen"
	ActionExport  = "exporteren"
	ActionLogin   = "inloggen"
	ActionFailed  = "inloggen_mislukt"
	ActionLogout  = "uitloggen"
	ActionDenied  = "geweigerd"
	OutcomeOK     = "gelukt"
	OutcomeFailed = "mislukt"
	OutcomeDenied = "geweigerd"
)

// Event is one audit row.
type Event struct {
	TraceID            string
	ClientRequestID    string // the caller's own request id, if kept; empty otherwise
	UserID             *uuid.UUID
	Role               string
	MunicipalityID     *int32
	Action             string
	ObjectType         string // e.g. "case", "client", "export"
	ObjectID           string
	ProcessingActivity string // e.g. "begeleiding startbaan"
	Outcome            string
	ClientAddress      string // IP address, or empty
	DataSubjectHash    []byte // the BSN's keyed hash, never the BSN
	EndedAt            *time.Time
}

// Caps on what a row keeps of values a request brings (its method, an id in a path),
// so that no request can write a large row: the table's CHECKs hold the same bounds.
const (
	MaxTraceID  = 64
	MaxObjectID = 200
)

// capped cuts s to at most n bytes on a character boundary.
func capped(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// Record appends an event with db, which should be the transaction of the change.
func Record(ctx context.Context, db *gorm.DB, e Event) error {
	err := db.WithContext(ctx).Create(&eventRow{TraceID: capped(e.TraceID, MaxTraceID),
		UserID: e.UserID,
		Role:   optional(e.Role), MunicipalityID: e.MunicipalityID, Action: e.Action, ObjectType: e.ObjectType,
		ObjectID: capped(
			e.ObjectID,
			MaxObjectID,
		), ProcessingActivity: e.ProcessingActivity, Outcome: e.Outcome,
		ClientAddress: optional(e.ClientAddress), DataSubjectHash: e.DataSubjectHash, EndedAt: e.EndedAt,
		ClientRequestID: optional(e.ClientRequestID)}).Error
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	written.Add(1)
	return nil
}

// optional is s for a nullable column: nil when empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
