package worklist

import (
	"context"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
)

// FollowUpDue: a note of the case's journal asks for a follow-up on or before today
// and it is not done yet. The signal names the note (NoteID), so that the page can
// link to it; it goes away when the follow-up is marked done or the note withdrawn.
//
// Whose werklijst: the case's, as every signal (its client manager, and the team
// lead who sees the team's cases), and also the follow-up person's own when that is
// someone else (a colleague who stands in, a team lead): the case joins their
// caseload for as long as the follow-up is due (followUpMine).
const FollowUpDue Kind = "opvolging"

// FollowUp describes the note of a FollowUpDue signal.
type FollowUp struct {
	NoteID     int64
	NoteKind   string // gesprek, telefoon, …
	ContactOn  time.Time
	PersonID   *uuid.UUID
	PersonName string
}

// followUpRow is a due follow-up as followUpsDue reads it.
type followUpRow struct {
	ID               int64
	CaseID           uuid.UUID
	Kind             string
	ContactOn        time.Time
	FollowUpOn       time.Time
	FollowUpUserID   *uuid.UUID
	FollowUpUserName *string
}

// withFollowUpPerson widens the ownership condition with the cases whose due
// follow-up is the actor's.
func withFollowUpPerson(actor access.Actor, owned string, args []any, today time.Time) (string, []any) {
	if actor.UserID == nil {
		return owned, args
	}
	return "(" + owned + " OR " + followUpMine + ")", append(args, *actor.UserID, today)
}

// addFollowUps reads the due follow-ups of the caseload in one query and adds a
// signal per note to its case.
func addFollowUps(ctx context.Context, db *gorm.DB, items []Item, rows []facts, today time.Time) error {
	if len(items) == 0 {
		return nil
	}
	seen := map[int32]bool{}
	var munis access.IDList
	ids := make(uuidArray, len(rows))
	at := map[uuid.UUID]int{}
	for i, r := range rows {
		ids[i], at[r.ID] = r.ID, i
		if !seen[r.MunicipalityID] {
			seen[r.MunicipalityID], munis = true, append(munis, r.MunicipalityID)
		}
	}
	var due []followUpRow
	if err := db.WithContext(ctx).Raw(followUpsDue, munis, today, ids).Scan(&due).Error; err != nil {
		return fmt.Errorf("follow-ups: %w", err)
	}
	for _, d := range due {
		i, ok := at[d.CaseID]
		if !ok {
			continue
		}
		s := Signal{Kind: FollowUpDue, Due: d.FollowUpOn, DaysLate: daysBetween(d.FollowUpOn, today),
			FollowUp: &FollowUp{NoteID: d.ID, NoteKind: d.Kind, ContactOn: d.ContactOn,
				PersonID: d.FollowUpUserID}}
		if d.FollowUpUserName != nil {
			s.FollowUp.PersonName = *d.FollowUpUserName
		}
		items[i].Signals = append(items[i].Signals, s)
	}
	return nil
}

// uuidArray passes ids as one PostgreSQL array parameter.
type uuidArray []uuid.UUID

func (a uuidArray) Value() (driver.Value, error) {
	parts := make([]string, len(a))
	for i, id := range a {
		parts[i] = id.String()
	}
	return "{" + strings.Join(parts, ",") + "}", nil
}
