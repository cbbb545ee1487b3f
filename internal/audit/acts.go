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
	ActivityPolicy   = "beleidsinformatie startbanen"
)

// Object types of case data.
const (
	ObjectCase       = "case"
	ObjectCaseList   = "case-list"
	ObjectCaseEvents = "case-events"
	ObjectWeek       = "weekly-hours"
	ObjectJobOffer   = "job-offer"
	// ObjectCaseNote is a note of a case's journal (internal/journal); the object id
	// names the note ("note-12"), never its text.
	ObjectCaseNote = "case-note"
	// ObjectCaseExport is a caseload exported as a file (CSV, XLSX); the object id
	// names the format, case_ids the cases.
	ObjectCaseExport = "case-export"
	ObjectAccount    = "account"
	// ObjectReplay is an answer given again for an Idempotency-Key: the same data
	// the first request returned, read a second time.
	ObjectReplay = "idempotency-replay"
)

func caseArgs(actor access.Actor, action, objectType, objectID string) ([]any, error) {
	roles, err := rolesJSON(actor)
	if err != nil {
		return nil, err
	}
	return []any{traceID(actor), actor.UserID, roles, nullable(actor.NationalRoles), action,
		objectType,
		nullable(
			capped(objectID, MaxObjectID),
		), ActivityCaseWork, nullable(actor.ClientAddress), nullable(actor.ClientRequestID)}, nil
}

// Case records an act of actor on case data within db, the transaction of the change
// (or the read). objectID names the object when it is not the case itself (a job
// offer, a week).
func Case(
	ctx context.Context,
	db *gorm.DB,
	actor access.Actor,
	action,
	objectType,
	objectID string,
	caseIDs ...uuid.UUID,
) error {
	if len(caseIDs) == 0 {
		return nil
	}
	args, err := caseArgs(actor, action, objectType, objectID)
	if err != nil {
		return err
	}
	res := db.WithContext(ctx).Exec(
		caseColumns+caseValues+casesSource,
		append(args, uuidList(caseIDs))...,
	)
	if res.Error != nil {
		return fmt.Errorf("audit: %w", res.Error)
	}
	Counted(int(res.RowsAffected))
	return nil
}

// ReadCTE is a data-modifying WITH item that records the read of one case, the row
// source named k (with id, municipality_id and client_id) in source. Put into the
// query that reads the case, the audit row is written by the same statement: the data
// is returned only if it is. The arguments follow those of the WITH items before it.
// The caller counts the rows written with Counted.
func ReadCTE(actor access.Actor, objectType, source string) (string, []any, error) {
	args, err := caseArgs(actor, ActionRead, objectType, "")
	if err != nil {
		return "", nil, err
	}
	return "logged AS (" + caseColumns + caseValues + "FROM " + source +
		" JOIN clients cl ON cl.id = k.client_id RETURNING 1)", args, nil
}

// ListReadCTE is ReadCTE for a list or search: one row per municipality on the page,
// with the cases in case_ids and their data subjects' hashes in data_subject_hashes.
func ListReadCTE(actor access.Actor, source string) (string, []any, error) {
	args, err := caseArgs(actor, ActionRead, ObjectCaseList, "")
	if err != nil {
		return "", nil, err
	}
	return listReadInsert + source + listReadGroup, args, nil
}

// CasesRead records a list or search read of the given cases, one row per
// municipality, like ListReadCTE, for reads that are not one SQL statement.
func CasesRead(ctx context.Context, db *gorm.DB, actor access.Actor, caseIDs ...uuid.UUID) error {
	if len(caseIDs) == 0 {
		return nil
	}
	logged, args, err := ListReadCTE(actor, casesReadSource)
	if err != nil {
		return err
	}
	args = append(args, uuidList(caseIDs)) // the source's parameter comes after the SELECT list's
	var n int
	if err := db.WithContext(ctx).Raw("WITH "+logged+countLogged, args...).Scan(&n).Error; err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	Counted(n)
	return nil
}

// CasesExported records the export of a caseload as a file: one row per
// municipality with the cases in case_ids, like CasesRead, with the action
// exporteren and the format as the object id.
func CasesExported(ctx context.Context, db *gorm.DB, actor access.Actor, format string,
	caseIDs ...uuid.UUID) error {
	if len(caseIDs) == 0 {
		return nil
	}
	args, err := caseArgs(actor, ActionExport, ObjectCaseExport, format)
	if err != nil {
		return err
	}
	args = append(args, uuidList(caseIDs))
	var n int
	err = db.WithContext(ctx).Raw("WITH "+listReadInsert+casesReadSource+listReadGroup+countLogged,
		args...).Scan(&n).Error
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	Counted(n)
	return nil
}

// Account records an act on an account (a grant, a revoke, disabling) within db.
func Account(
	ctx context.Context,
	db *gorm.DB,
	actor access.Actor,
	action string,
	account uuid.UUID,
	municipalityID *int32,
) error {
	role := actor.NationalRoles
	if municipalityID != nil {
		role = actor.RoleIn(*municipalityID)
	}
	return Record(ctx, db, Event{TraceID: traceID(actor), ClientRequestID: actor.ClientRequestID,
		UserID: actor.UserID, Role: role, MunicipalityID: municipalityID,
		Action: action, ObjectType: ObjectAccount, ObjectID: account.String(), ProcessingActivity: ActivityAccounts,
		Outcome: OutcomeOK, ClientAddress: actor.ClientAddress})
}

func traceID(a access.Actor) string {
	if a.TraceID == "" {
		return "cli"
	}
	return capped(a.TraceID, MaxTraceID)
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

// Export records an export of aggregated figures: one row per municipality the actor
// reads outcomes in (one without a municipality for a national reader).
func Export(ctx context.Context, db *gorm.DB, actor access.Actor, objectType, format string) error {
	e := Event{TraceID: traceID(actor), ClientRequestID: actor.ClientRequestID, UserID: actor.UserID,
		Action: ActionExport, ObjectType: objectType,
		ObjectID: format, ProcessingActivity: ActivityPolicy, Outcome: OutcomeOK, ClientAddress: actor.ClientAddress}
	if len(actor.Municipalities) == 0 {
		e.Role = actor.NationalRoles
		return Record(ctx, db, e)
	}
	for _, m := range actor.Municipalities {
		e.MunicipalityID, e.Role = &m, actor.RoleIn(m)
		if err := Record(ctx, db, e); err != nil {
			return err
		}
	}
	return nil
}
