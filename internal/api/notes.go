package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/journal"
)

// The journal of a case (internal/journal): its notes, a new note, a follow-up done,
// a withdrawal. Notes are personal data; every call is audited by the service.

type noteRequest struct {
	ContactOn      *string `json:"contactOn"`
	Kind           string  `json:"kind"`
	Body           string  `json:"body"`
	FollowUpOn     *string `json:"followUpOn"`
	FollowUpUserID *string `json:"followUpUserId"`
}

func (r noteRequest) toDomain() (journal.Input, error) {
	var p errs.Problems
	in := journal.Input{ContactOn: parseDate(&p, "contactOn", r.ContactOn), Kind: r.Kind, Body: r.Body,
		FollowUpOn: parseDate(&p, "followUpOn", r.FollowUpOn)}
	if r.FollowUpUserID != nil {
		id, err := uuid.Parse(*r.FollowUpUserID)
		if err != nil {
			p.Add("followUpUserId", "Geef het id van een klantmanager of teamleider.")
		}
		in.FollowUpUserID = &id
	}
	return in, p.Err()
}

type withdrawRequest struct {
	Reason string `json:"reason"`
}

type noteJSON struct {
	ID               int64      `json:"id"`
	ContactOn        Date       `json:"contactOn"`
	Kind             string     `json:"kind"`
	Body             string     `json:"body"`
	FollowUpOn       *Date      `json:"followUpOn"`
	FollowUpUserID   *uuid.UUID `json:"followUpUserId"`
	FollowUpUserName *string    `json:"followUpUserName"`
	FollowUpDoneAt   *time.Time `json:"followUpDoneAt"`
	AuthorName       string     `json:"authorName"`
	RecordedAt       time.Time  `json:"recordedAt"`
	WithdrawnAt      *time.Time `json:"withdrawnAt"`
	WithdrawnReason  *string    `json:"withdrawnReason"`
}

func toNoteJSON(n journal.Note) noteJSON {
	return noteJSON{ID: n.ID, ContactOn: date(n.ContactOn), Kind: n.Kind, Body: n.Body,
		FollowUpOn: datePtr(n.FollowUpOn), FollowUpUserID: n.FollowUpUserID,
		FollowUpUserName: n.FollowUpUserName, FollowUpDoneAt: n.FollowUpDoneAt, AuthorName: n.AuthorName,
		RecordedAt: n.RecordedAt, WithdrawnAt: n.WithdrawnAt, WithdrawnReason: n.WithdrawnReason}
}

// listNotes lists the notes of a case, newest contact first; q searches within them,
// withdrawn=true includes withdrawn notes.
func (h *handlers) listNotes(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	f := journal.Filter{Q: c.QueryParam("q")}
	switch c.QueryParam("withdrawn") {
	case "", "false":
	case "true":
		f.WithWithdrawn = true
	default:
		return errs.Invalid(errs.Field("withdrawn", "Geef true of false."))
	}
	notes, err := h.Journal.List(c.Request().Context(), h.guard.Actor(c), id, f)
	if err != nil {
		return err
	}
	out := make([]noteJSON, len(notes))
	for i, n := range notes {
		out[i] = toNoteJSON(n)
	}
	return h.json(c, http.StatusOK, map[string]any{"notes": out})
}

func (h *handlers) createNote(c echo.Context) error {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return err
	}
	var req noteRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	in, err := req.toDomain()
	if err != nil {
		return err
	}
	n, err := h.Journal.Add(c.Request().Context(), h.guard.Actor(c), id, in)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusCreated, toNoteJSON(n))
}

func (h *handlers) completeFollowUp(c echo.Context) error {
	id, note, err := notePath(c)
	if err != nil {
		return err
	}
	n, err := h.Journal.CompleteFollowUp(c.Request().Context(), h.guard.Actor(c), id, note)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, toNoteJSON(n))
}

func (h *handlers) withdrawNote(c echo.Context) error {
	id, note, err := notePath(c)
	if err != nil {
		return err
	}
	var req withdrawRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	n, err := h.Journal.Withdraw(c.Request().Context(), h.guard.Actor(c), id, note, req.Reason)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, toNoteJSON(n))
}

// notePath reads the case and note ids of a path; a malformed one is not found.
func notePath(c echo.Context) (uuid.UUID, int64, error) {
	id, err := pathUUID(c, "caseId")
	if err != nil {
		return id, 0, err
	}
	note, err := strconv.ParseInt(c.Param("noteId"), 10, 64)
	if err != nil || note <= 0 {
		return id, 0, errs.NotFound("Notitie")
	}
	return id, note, nil
}
