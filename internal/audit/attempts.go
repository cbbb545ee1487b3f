package audit

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
)

// NoCases records a list or search that showed no case: a search with no hits, or a
// page past the end, which still tells the total of matches (how many clients of a
// name are in a stage). It is an access to personal data all the same: one row per
// municipality the actor searched in, with no cases. subjectHash is the keyed hash
// of a BSN searched for, if any.
func NoCases(ctx context.Context, db *gorm.DB, actor access.Actor, subjectHash []byte) error {
	municipalities := actor.Municipalities
	if actor.National || len(municipalities) == 0 {
		municipalities = []int32{0} // one row without a municipality
	}
	for _, m := range municipalities {
		e := Event{TraceID: traceID(actor), ClientRequestID: actor.ClientRequestID, UserID: actor.UserID,
			Role: actor.NationalRoles, Action: ActionRead, ObjectType: ObjectCaseList, ProcessingActivity: ActivityCaseWork,
			Outcome: OutcomeOK, ClientAddress: actor.ClientAddress}
		if m != 0 {
			e.MunicipalityID, e.Role = &m, actor.RoleIn(m)
		}
		if err := recordList(ctx, db, e, subjectHash); err != nil {
			return err
		}
	}
	return nil
}

func recordList(ctx context.Context, db *gorm.DB, e Event, subjectHash []byte) error {
	err := db.WithContext(ctx).Exec(noCasesSQL, capped(e.TraceID, MaxTraceID), e.UserID,
		nullable(e.Role), e.MunicipalityID, e.Action, e.ObjectType,
		e.ProcessingActivity, e.Outcome, nullable(e.ClientAddress), nullable(e.ClientRequestID), subjectHash).Error
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// MissingCase records a request about a case that was answered "not found": a case
// of a municipality outside the actor's scope (outcome geweigerd, recorded in that
// municipality's log with its data subject, so that its team lead sees who tried),
// or one that does not exist or a part of a case that does not (outcome mislukt).
// The caller learns nothing from it: the answer stays 404. rawID is the id as the
// request gave it.
func MissingCase(ctx context.Context, db *gorm.DB, actor access.Actor, method, rawID string) error {
	var caseID any
	if id, err := uuid.Parse(rawID); err == nil {
		caseID = id
	}
	scope := actor.Scope("k.municipality_id")
	roles, err := rolesJSON(actor)
	if err != nil {
		return err
	}
	args := []any{traceID(actor), actor.UserID, roles, nullable(actor.NationalRoles), actionOf(method),
		ObjectCase,
		capped(rawID, MaxObjectID), ActivityCaseWork}
	args = append(
		append(args, scope.Args...),
		nullable(actor.ClientAddress),
		nullable(actor.ClientRequestID),
		caseID,
	)
	err = db.WithContext(ctx).Exec(missingCaseInsert+scope.SQL+missingCaseFrom, args...).Error
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	return nil
}

// actionOf is the act a request method attempts.
func actionOf(method string) string {
	switch method {
	case "GET", "HEAD":
		return ActionRead
	case "POST":
		return ActionCreate
	case "DELETE":
		return "verwijderen"
	}
	return ActionChange
}
