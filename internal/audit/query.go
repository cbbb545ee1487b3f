package audit

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/paging"
)

// Filter narrows the log a team lead reads. From and To bound occurred_at
// (From inclusive, To exclusive).
type Filter struct {
	UserID   *uuid.UUID
	CaseID   *uuid.UUID
	From, To *time.Time
	Page     int
	PageSize int
}

// Entry is one row of the log as a reader sees it: the data subject's hash stays in
// the database.
type Entry struct {
	ID                 int64
	OccurredAt         time.Time
	TraceID            string
	UserID             *uuid.UUID
	UserName           *string
	Role               *string
	MunicipalityCode   *string
	Action             string
	ObjectType         string
	ObjectID           *string
	CaseID             *uuid.UUID
	CaseIDs            []uuid.UUID `gorm:"serializer:json"`
	ProcessingActivity string
	Outcome            string
	ClientAddress      *string
	ClientRequestID    *string
}

// MaxPageSize bounds one page of the log.
const MaxPageSize = 200

// List reads the log of the actor's municipalities, newest first. hasMore tells
// whether a next page exists (the log grows fast; no total is counted).
func List(
	ctx context.Context,
	db *gorm.DB,
	actor access.Actor,
	f Filter,
) (entries []Entry, hasMore bool, err error) {
	actor = actor.For("audit", "read")
	if f.Page == 0 {
		f.Page = 1
	}
	if f.PageSize == 0 {
		f.PageSize = 50
	}
	var p errs.Problems
	if !paging.Valid(f.Page) {
		p.Add("page", paging.Problem)
	}
	if f.PageSize < 1 || f.PageSize > MaxPageSize {
		p.Add("pageSize", fmt.Sprintf("Kies een paginagrootte van 1 tot en met %d.", MaxPageSize))
	}
	if f.From != nil && f.To != nil && !f.To.After(*f.From) {
		p.Add("to", "Het einde van de periode ligt na het begin.")
	}
	if err := p.Err(); err != nil {
		return nil, false, err
	}
	scope := actor.Scope("a.municipality_id")
	conds, args := []string{scope.SQL}, scope.Args
	add := func(cond string, v any) { conds, args = append(conds, cond), append(args, v) }
	if f.UserID != nil {
		add("a.user_id = ?", *f.UserID)
	}
	if f.CaseID != nil {
		conds = append(conds, "(a.case_id = ? OR a.case_ids @> ARRAY[?]::uuid[])")
		args = append(args, *f.CaseID, *f.CaseID)
	}
	if f.From != nil {
		add("a.occurred_at >= ?", *f.From)
	}
	if f.To != nil {
		add("a.occurred_at < ?", *f.To)
	}
	args = append(args, f.PageSize+1, (f.Page-1)*f.PageSize)
	err = db.WithContext(ctx).Raw(
		entriesSelect+strings.Join(conds, " AND ")+entriesOrder,
		args...,
	).Scan(&entries).Error
	if err != nil {
		return nil, false, fmt.Errorf("audit log: %w", err)
	}
	if len(entries) > f.PageSize {
		return entries[:f.PageSize], true, nil
	}
	return entries, false, nil
}
