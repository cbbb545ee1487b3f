package audit

import (
	"context"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
)

// Processing activities (verwerkingsactiviteiten) as the register names them.
const (
	ActivityCaseWork = "begeleiding startbaan"
	ActivityAccounts = "gebruikersbeheer"
	ActivityAccess   = "toegang tot Startbaan"
)

// Object types of case data.
const (
	ObjectCase       = "case"
	ObjectCaseEvents = "case-events"
	ObjectWeek       = "weekly-hours"
	ObjectJobOffer   = "job-offer"
	ObjectAccount    = "account"
)

// Case records an act of actor on case data within db, the transaction of the change
// (or the read). The municipality and the data subject's keyed hash come from the
// case row itself, so no caller can record them wrongly. objectID names the object
// when it is not the case itself (a job offer, a week).
func Case(ctx context.Context, db *gorm.DB, actor access.Actor, action, objectType, objectID string, caseIDs ...uuid.UUID) error {
	if len(caseIDs) == 0 {
		return nil
	}
	roles, err := rolesJSON(actor)
	if err != nil {
		return err
	}
	err = db.WithContext(ctx).Exec(`INSERT INTO audit_events (trace_id, user_id, role, municipality_id, action, object_type,
			object_id, case_id, processing_activity, outcome, client_address, data_subject_hash)
		SELECT ?, ?, COALESCE(?::jsonb ->> c.municipality_id::text, ?), c.municipality_id, ?, ?,
			COALESCE(?, c.id::text), c.id, ?, 'gelukt', ?::inet, cl.bsn_hash
		FROM cases c JOIN clients cl ON cl.id = c.client_id WHERE c.id = ANY(?::uuid[])`,
		traceID(actor), actor.UserID, roles, nullable(actor.NationalRoles), action, objectType,
		nullable(objectID), ActivityCaseWork, nullable(actor.ClientAddress), uuidList(caseIDs)).Error
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// Account records an act on an account (a grant, a revoke, disabling) within db.
func Account(ctx context.Context, db *gorm.DB, actor access.Actor, action string, account uuid.UUID, municipalityID *int32) error {
	role := actor.NationalRoles
	if municipalityID != nil {
		role = actor.RoleIn(*municipalityID)
	}
	return Record(ctx, db, Event{TraceID: traceID(actor), UserID: actor.UserID, Role: role, MunicipalityID: municipalityID,
		Action: action, ObjectType: ObjectAccount, ObjectID: account.String(), ProcessingActivity: ActivityAccounts,
		Outcome: OutcomeOK, ClientAddress: actor.ClientAddress})
}

func traceID(a access.Actor) string {
	if a.TraceID == "" {
		return "cli"
	}
	return a.TraceID
}

func rolesJSON(a access.Actor) (any, error) {
	if len(a.Roles) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(a.Roles) // int32 keys become strings: {"12":"teamleider"}
	if err != nil {
		return nil, fmt.Errorf("audit roles: %w", err)
	}
	return string(b), nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// uuidList passes ids as one PostgreSQL array parameter.
type uuidList []uuid.UUID

func (l uuidList) Value() (driver.Value, error) {
	parts := make([]string, len(l))
	for i, id := range l {
		parts[i] = id.String()
	}
	return "{" + strings.Join(parts, ",") + "}", nil
}
