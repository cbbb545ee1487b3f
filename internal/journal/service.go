// Package journal keeps the journal of a case: one note per contact with or about
// the client (a talk, a call, a home visit, the employer, the language school), with
// an optional follow-up date and person. Notes are personal data: every read and
// every write is recorded in the audit log in the same transaction, they are never
// part of figures, releases or logs, and they are searched only within one case.
// A note is never edited nor deleted; a wrong one is withdrawn with a reason.
package journal

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
)

// Kinds are the kinds of contact, as the table's CHECK allows them.
var Kinds = []string{"gesprek", "telefoon", "huisbezoek", "werkgever", "taalschool", "overig"}

// Limits of a note's text and of a withdrawal's reason (the table's CHECKs).
const (
	MaxBody   = 10000
	MaxReason = 1000
)

// Note is one journal entry as read back.
type Note struct {
	ID                 int64
	CaseID             uuid.UUID
	ContactOn          time.Time
	Kind               string
	Body               string
	FollowUpOn         *time.Time
	FollowUpUserID     *uuid.UUID
	FollowUpUserName   *string
	FollowUpDoneAt     *time.Time
	FollowUpDoneByName *string
	AuthorID           *uuid.UUID
	AuthorName         string
	RecordedAt         time.Time
	WithdrawnAt        *time.Time
	WithdrawnByName    *string
	WithdrawnReason    *string
}

// FollowUpOpen reports a follow-up that is neither done nor gone with its note.
func (n Note) FollowUpOpen() bool {
	return n.FollowUpOn != nil && n.FollowUpDoneAt == nil && n.WithdrawnAt == nil
}

// FollowUpDue reports an open follow-up whose date has come.
func (n Note) FollowUpDue(today time.Time) bool {
	return n.FollowUpOpen() && !n.FollowUpOn.After(today)
}

// Input is a new note.
type Input struct {
	ContactOn  *time.Time // nil: today
	Kind       string
	Body       string
	FollowUpOn *time.Time
	// FollowUpUserID is who follows up; nil with a follow-up date: the author.
	FollowUpUserID *uuid.UUID
}

// Filter narrows the notes of a case.
type Filter struct {
	Q             string // text within the notes, case and diacritics ignored
	WithWithdrawn bool   // also the withdrawn notes (hidden by default)
}

// Person is someone a follow-up can be given to.
type Person struct {
	ID   uuid.UUID
	Name string
}

// Service keeps journals.
type Service struct {
	db    *gorm.DB
	clock func() time.Time
}

// NewService wires the service; clock is time.Now outside tests.
func NewService(db *gorm.DB, clock func() time.Time) *Service {
	if clock == nil {
		clock = time.Now
	}
	return &Service{db: db, clock: clock}
}

// theCase is what the journal needs to know of its case.
type theCase struct {
	MunicipalityID int32
	Stage          string
}

// caseOf reads the case within the actor's scope: another municipality's case is
// "not found", exactly like a case that does not exist.
func caseOf(tx *gorm.DB, actor access.Actor, caseID uuid.UUID) (theCase, error) {
	var rows []theCase
	err := tx.Table("cases k").Select("k.municipality_id, k.stage").Where("k.id = ?", caseID).
		Scopes(actor.Scope("k.municipality_id").Apply).Scan(&rows).Error
	if err != nil {
		return theCase{}, fmt.Errorf("case of journal: %w", err)
	}
	if len(rows) == 0 {
		return theCase{}, errs.NotFound("Dossier")
	}
	return rows[0], nil
}

// Add writes a note to the case's journal.
func (s *Service) Add(ctx context.Context, actor access.Actor, caseID uuid.UUID, in Input) (Note, error) {
	actor = actor.For("cases", "write")
	today := calendar.Today(s.clock())
	var out Note
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		k, err := caseOf(tx, actor, caseID)
		if err != nil {
			return err
		}
		if k.Stage == "afgesloten" {
			return errs.Conflict("Dit dossier is afgesloten; er kunnen geen notities meer bij.")
		}
		row, p := in.row(actor, today)
		if row.FollowUpUserID != nil && !p.named("followUpUserId") {
			ok, err := eligible(tx, k.MunicipalityID, *row.FollowUpUserID)
			if err != nil {
				return err
			}
			if !ok {
				p.Add("followUpUserId", "Kies een klantmanager of teamleider van de gemeente.")
			}
		}
		if err := p.Problems.Err(); err != nil {
			return err
		}
		row.MunicipalityID, row.CaseID = k.MunicipalityID, caseID
		if err := tx.Create(&row).Error; err != nil {
			return fmt.Errorf("add note: %w", err)
		}
		if out, err = one(tx, k.MunicipalityID, caseID, row.ID); err != nil {
			return err
		}
		return audit.Case(ctx, tx, actor, audit.ActionCreate, audit.ObjectCaseNote,
			noteObject(row.ID), caseID)
	})
	return out, err
}

// problems names which fields already have a problem.
type problems struct{ errs.Problems }

func (p problems) named(name string) bool {
	for _, f := range p.Problems {
		if f.Name == name {
			return true
		}
	}
	return false
}

// row checks the input and makes the row to append; the author is the actor.
func (in Input) row(actor access.Actor, today time.Time) (noteRow, problems) {
	var p problems
	row := noteRow{Kind: in.Kind, Body: strings.TrimSpace(in.Body), FollowUpOn: in.FollowUpOn,
		FollowUpUserID: in.FollowUpUserID, AuthorID: actor.UserID, AuthorName: actor.Name}
	row.ContactOn = today
	if in.ContactOn != nil {
		row.ContactOn = *in.ContactOn
	}
	switch {
	case !calendar.PlausibleEvent(row.ContactOn):
		p.Add("contactOn", calendar.ImplausibleEvent)
	case row.ContactOn.After(today):
		p.Add("contactOn", "Een contactmoment kan niet in de toekomst liggen.")
	}
	if !known(in.Kind) {
		p.Add("kind", "Kies een soort contact.")
	}
	switch n := utf8.RuneCountInString(row.Body); {
	case n == 0:
		p.Add("body", "Schrijf wat er besproken of gebeurd is.")
	case n > MaxBody:
		p.Add("body", fmt.Sprintf("Een notitie is hoogstens %d tekens lang; deze is %d.", MaxBody, n))
	}
	if in.FollowUpOn == nil {
		if in.FollowUpUserID != nil {
			p.Add("followUpOn", "Geef een datum voor de opvolging, of kies geen persoon.")
		}
		return row, p
	}
	switch {
	case !calendar.PlausibleEvent(*in.FollowUpOn):
		p.Add("followUpOn", calendar.ImplausibleEvent)
	case in.FollowUpOn.Before(row.ContactOn):
		p.Add("followUpOn", "De opvolging kan niet voor het contactmoment liggen.")
	case in.FollowUpOn.After(today.AddDate(1, 0, 0)):
		p.Add("followUpOn", "Plan een opvolging hoogstens een jaar vooruit.")
	}
	if row.FollowUpUserID == nil {
		if actor.UserID == nil {
			p.Add("followUpUserId", "Kies wie de opvolging doet.")
		}
		row.FollowUpUserID = actor.UserID
	}
	return row, p
}

func known(kind string) bool {
	for _, k := range Kinds {
		if k == kind {
			return true
		}
	}
	return false
}

// eligible reports whether the person may follow up notes in the municipality.
func eligible(tx *gorm.DB, municipalityID int32, person uuid.UUID) (bool, error) {
	var n int
	if err := tx.Raw(personSQL, municipalityID, person).Scan(&n).Error; err != nil {
		return false, fmt.Errorf("follow-up person: %w", err)
	}
	return n > 0, nil
}

// List returns the notes of the case, newest contact first; withdrawn notes only when
// asked. The read is recorded in the audit log, also when nothing matched.
func (s *Service) List(ctx context.Context, actor access.Actor, caseID uuid.UUID, f Filter) ([]Note, error) {
	actor = actor.For("cases", "read")
	var out []Note
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		k, err := caseOf(tx, actor, caseID)
		if err != nil {
			return err
		}
		q, args := noteSelect, []any{k.MunicipalityID, caseID}
		if !f.WithWithdrawn {
			q += noteNotWithdrawn
		}
		if text := searchText(f.Q); text != "" {
			q, args = q+noteSearch, append(args, likePattern(text))
		}
		if err := tx.Raw(q+noteOrder, args...).Scan(&out).Error; err != nil {
			return fmt.Errorf("list notes: %w", err)
		}
		return audit.Case(ctx, tx, actor, audit.ActionRead, audit.ObjectCaseNote, "", caseID)
	})
	return out, err
}

// CompleteFollowUp marks the note's follow-up done. A follow-up already done, or the
// follow-up of a withdrawn note, is a conflict.
func (s *Service) CompleteFollowUp(
	ctx context.Context,
	actor access.Actor,
	caseID uuid.UUID,
	noteID int64,
) (Note, error) {
	return s.change(ctx, actor, caseID, noteID, func(tx *gorm.DB, n Note) error {
		switch {
		case n.FollowUpOn == nil:
			return errs.Conflict("Deze notitie heeft geen opvolging.")
		case n.WithdrawnAt != nil:
			return errs.Conflict("Deze notitie is ingetrokken.")
		case n.FollowUpDoneAt != nil:
			return errs.Conflict("De opvolging is al afgerond.")
		}
		return tx.Model(&noteRow{}).Where("id = ? AND follow_up_done_at IS NULL", noteID).
			Updates(map[string]any{"follow_up_done_at": gorm.Expr("now()"),
				"follow_up_done_by": actor.UserID}).Error
	})
}

// Withdraw withdraws a note with a reason: it stays, marked, for the record.
func (s *Service) Withdraw(
	ctx context.Context,
	actor access.Actor,
	caseID uuid.UUID,
	noteID int64,
	reason string,
) (Note, error) {
	reason = strings.TrimSpace(reason)
	switch n := utf8.RuneCountInString(reason); {
	case n == 0:
		return Note{}, errs.Invalid(errs.Field("reason", "Geef een reden voor het intrekken."))
	case n > MaxReason:
		return Note{}, errs.Invalid(errs.Field("reason",
			fmt.Sprintf("Een reden is hoogstens %d tekens lang.", MaxReason)))
	}
	return s.change(ctx, actor, caseID, noteID, func(tx *gorm.DB, n Note) error {
		if n.WithdrawnAt != nil {
			return errs.Conflict("Deze notitie is al ingetrokken.")
		}
		return tx.Model(&noteRow{}).Where("id = ? AND withdrawn_at IS NULL", noteID).
			Updates(map[string]any{"withdrawn_at": gorm.Expr("now()"), "withdrawn_by": actor.UserID,
				"withdrawn_reason": reason}).Error
	})
}

// change applies one of the two permitted updates to a note of the case, locked,
// and records it in the audit log.
func (s *Service) change(
	ctx context.Context,
	actor access.Actor,
	caseID uuid.UUID,
	noteID int64,
	apply func(*gorm.DB, Note) error,
) (Note, error) {
	actor = actor.For("cases", "write")
	var out Note
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		k, err := caseOf(tx, actor, caseID)
		if err != nil {
			return err
		}
		n, err := one(tx, k.MunicipalityID, caseID, noteID)
		if err != nil {
			return err
		}
		if err := apply(tx, n); err != nil {
			return fmt.Errorf("change note: %w", err)
		}
		if out, err = one(tx, k.MunicipalityID, caseID, noteID); err != nil {
			return err
		}
		return audit.Case(ctx, tx, actor, audit.ActionChange, audit.ObjectCaseNote,
			noteObject(noteID), caseID)
	})
	return out, err
}

// one reads a note of the case; one of another case is not found.
func one(tx *gorm.DB, municipalityID int32, caseID uuid.UUID, noteID int64) (Note, error) {
	var rows []Note
	if err := tx.Raw(noteSelect+noteOne, municipalityID, caseID, noteID).Scan(&rows).Error; err != nil {
		return Note{}, fmt.Errorf("read note: %w", err)
	}
	if len(rows) == 0 {
		return Note{}, errs.NotFound("Notitie")
	}
	return rows[0], nil
}

// People lists who can follow up a note of the case: its municipality's client
// managers and team leads.
func (s *Service) People(ctx context.Context, actor access.Actor, caseID uuid.UUID) ([]Person, error) {
	actor = actor.For("cases", "write")
	db := s.db.WithContext(ctx)
	k, err := caseOf(db, actor, caseID)
	if err != nil {
		return nil, err
	}
	var out []Person
	if err := db.Raw(peopleSQL, k.MunicipalityID).Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("follow-up people: %w", err)
	}
	return out, nil
}

func noteObject(id int64) string { return fmt.Sprintf("note-%d", id) }
