package web

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/journal"
	"github.com/startbaan/startbaan/internal/web/dutch"
	"github.com/startbaan/startbaan/internal/worklist"
)

// The journal section of the case page (templates/case_journal.html): the notes of
// the case (contactmomenten), newest first, a search within them, a form for a new
// note with an optional follow-up, and per note "Opvolging afgerond" and withdrawal.

// journalView is what the section shows.
type journalView struct {
	Notes []noteView
	// Q is the search text; WithWithdrawn shows withdrawn notes too.
	Q             string
	WithWithdrawn bool
	Kinds, People []option
	// Me is the default follow-up person: the user.
	Me       string
	CanWrite bool
}

// noteView is one note as the section lists it.
type noteView struct {
	ID                  int64
	ContactOn, Recorded time.Time
	Kind, Body, Author  string
	FollowUpOn          *time.Time
	FollowUpPerson      string
	FollowUpOpen, Due   bool
	FollowUpDone        string // who completed it and when, once done
	Withdrawn           string // who withdrew it, when and why, once withdrawn
}

// noteKindLabels name the kinds of contact.
var noteKindLabels = map[string]string{"gesprek": "Gesprek", "telefoon": "Telefoongesprek",
	"huisbezoek": "Huisbezoek", "werkgever": "Contact met de werkgever",
	"taalschool": "Contact met de taalschool", "overig": "Overig"}

// loadJournal reads the notes of the case (an audited read) for the section.
func (h *handlers) loadJournal(c echo.Context, k cases.Case, canWrite bool) (journalView, error) {
	ctx, actor := c.Request().Context(), h.guard.Actor(c)
	v := journalView{Q: strings.TrimSpace(c.QueryParam("zoek")),
		WithWithdrawn: c.QueryParam("ingetrokken") == "ja", CanWrite: canWrite,
		Kinds: optionsOf(journal.Kinds, noteKindLabels)}
	notes, err := h.Journal.List(ctx, actor, k.ID,
		journal.Filter{Q: v.Q, WithWithdrawn: v.WithWithdrawn})
	if err != nil {
		return v, err
	}
	today := h.today()
	for _, n := range notes {
		v.Notes = append(v.Notes, newNoteView(n, today))
	}
	if !canWrite || k.Stage == cases.StageAfgesloten {
		v.CanWrite = false
		return v, nil
	}
	people, err := h.Journal.People(ctx, actor, k.ID)
	if err != nil {
		return v, err
	}
	for _, p := range people {
		v.People = append(v.People, option{p.ID.String(), p.Name})
	}
	if actor.UserID != nil {
		v.Me = actor.UserID.String()
	}
	return v, nil
}

func newNoteView(n journal.Note, today time.Time) noteView {
	v := noteView{ID: n.ID, ContactOn: n.ContactOn, Recorded: n.RecordedAt,
		Kind: labelOr(noteKindLabels, n.Kind), Body: n.Body, Author: n.AuthorName,
		FollowUpOn: n.FollowUpOn, FollowUpPerson: textOf(n.FollowUpUserName),
		FollowUpOpen: n.FollowUpOpen(), Due: n.FollowUpDue(today)}
	if n.FollowUpDoneAt != nil {
		v.FollowUpDone = "Opvolging afgerond op " + dutch.Date(calendar.Today(*n.FollowUpDoneAt))
		if who := textOf(n.FollowUpDoneByName); who != "" {
			v.FollowUpDone += " door " + who
		}
	}
	if n.WithdrawnAt != nil {
		v.Withdrawn = "Ingetrokken op " + dutch.Date(calendar.Today(*n.WithdrawnAt))
		if who := textOf(n.WithdrawnByName); who != "" {
			v.Withdrawn += " door " + who
		}
		v.Withdrawn += ". Reden: " + textOf(n.WithdrawnReason)
	}
	return v
}

// noteInputs are the inputs of the new-note form, as the service names its fields.
var noteInputs = []string{"contactOn", "kind", "body", "followUpOn", "followUpUserId"}

// addNote writes a note to the journal of the case.
func (h *handlers) addNote(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	posted := map[string]string{}
	for _, name := range noteInputs {
		posted["note."+name] = c.FormValue(name)
	}
	var p errs.Problems
	in := journal.Input{ContactOn: formDate(&p, "contactOn", c.FormValue("contactOn")),
		Kind: c.FormValue("kind"), Body: c.FormValue("body"),
		FollowUpOn: formDate(&p, "followUpOn", c.FormValue("followUpOn"))}
	if s := strings.TrimSpace(c.FormValue("followUpUserId")); s != "" {
		person, err := uuid.Parse(s)
		if err != nil {
			p.Add("followUpUserId", "Kies wie de opvolging doet.")
		}
		in.FollowUpUserID = &person
	}
	if in.FollowUpOn == nil && len(p) == 0 {
		in.FollowUpUserID = nil // a person chosen by default, without a date: no follow-up
	}
	if len(p) == 0 {
		n, err := h.Journal.Add(c.Request().Context(), h.guard.Actor(c), id, in)
		if err == nil {
			return h.redirect(c, noteAnchor(id, n.ID), "note-added")
		}
		if p, err = formProblems(err); err != nil {
			return err
		}
	}
	return h.formFailed(c, id, "note.", posted, p)
}

// completeFollowUp marks the follow-up of a note done.
func (h *handlers) completeFollowUp(c echo.Context) error {
	id, note, err := notePath(c)
	if err != nil {
		return err
	}
	if _, err := h.Journal.CompleteFollowUp(c.Request().Context(), h.guard.Actor(c), id, note); err != nil {
		return err
	}
	return h.redirect(c, noteAnchor(id, note), "follow-up-done")
}

// withdrawNote withdraws a note with a reason.
func (h *handlers) withdrawNote(c echo.Context) error {
	id, note, err := notePath(c)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("withdraw-%d.", note)
	_, err = h.Journal.Withdraw(c.Request().Context(), h.guard.Actor(c), id, note, c.FormValue("reason"))
	if err == nil {
		return h.redirect(c, "/dossiers/"+id.String()+"?deel=journaal#journaal", "note-withdrawn")
	}
	p, err := formProblems(err)
	if err != nil {
		return err
	}
	return h.formFailed(c, id, key, map[string]string{key + "reason": c.FormValue("reason")}, p)
}

// notePath reads the case and the note of a path; a malformed note id is not found.
func notePath(c echo.Context) (uuid.UUID, int64, error) {
	id, err := caseID(c)
	if err != nil {
		return id, 0, err
	}
	note, err := strconv.ParseInt(c.Param("note"), 10, 64)
	if err != nil || note <= 0 {
		return id, 0, errs.NotFound("Notitie")
	}
	return id, note, nil
}

func noteAnchor(caseID uuid.UUID, note int64) string {
	return fmt.Sprintf("/dossiers/%s?deel=journaal#notitie-%d", caseID, note)
}

// followUpSignal is the werklijst's line for a due follow-up, linking to its note.
// It names the person when that is not the user.
func followUpSignal(it worklist.Item, s worklist.Signal, me *uuid.UUID) worklistSignal {
	f := s.FollowUp
	text := fmt.Sprintf("Opvolging: %s van %s", strings.ToLower(labelOr(noteKindLabels, f.NoteKind)),
		dutch.Date(f.ContactOn))
	if s.DaysLate > 0 {
		text += fmt.Sprintf(" (gepland op %s, %s te laat)", dutch.Date(s.Due), daysText(s.DaysLate))
	}
	if f.PersonName != "" && (me == nil || f.PersonID == nil || *f.PersonID != *me) {
		text += ", door " + f.PersonName
	}
	return worklistSignal{Text: text + ".", Href: noteAnchor(it.CaseID, f.NoteID)}
}
