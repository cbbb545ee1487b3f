package users

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/paging"
)

// Search is a query of the administration's account list: a piece of the name or
// e-mail address, a role, and a page.
type Search struct {
	Text string
	// Role keeps the accounts holding it in the actor's scope (anywhere for a
	// national actor).
	Role     string
	Page     int // from 1
	PageSize int
}

// MaxSearchPageSize bounds one page of the account list.
const MaxSearchPageSize = 200

// Find returns one page of the accounts visible to the actor that match, by name,
// and how many match in all. Filtering, counting and paging are done by PostgreSQL.
func (s *Service) Find(ctx context.Context, actor access.Actor, q Search) ([]User, int, error) {
	actor = actor.For("users", "manage")
	q.Page = paging.Clamp(q.Page)
	if q.PageSize < 1 || q.PageSize > MaxSearchPageSize {
		q.PageSize = MaxSearchPageSize
	}
	where, args := visible(actor)
	if text := strings.TrimSpace(q.Text); text != "" {
		like := "%" + likeEscaper.Replace(text) + "%"
		where += searchTextSQL
		args = append(args, like, like)
	}
	if q.Role != "" {
		if actor.National {
			where += searchRoleSQL
			args = append(args, q.Role)
		} else {
			where += searchRoleScopedSQL
			args = append(args, q.Role, access.IDList(actor.Municipalities))
		}
	}
	var rows []struct {
		ID    uuid.UUID
		Total int
	}
	db := s.db.WithContext(ctx)
	err := db.Raw(
		searchSelect+where+searchOrder,
		append(args, q.PageSize, (q.Page-1)*q.PageSize)...,
	).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("find users: %w", err)
	}
	if len(rows) == 0 {
		if q.Page > 1 { // past the end: count what the first page would hold
			_, total, err := s.Find(ctx, actor, Search{Text: q.Text, Role: q.Role, Page: 1, PageSize: 1})
			return []User{}, total, err
		}
		return []User{}, 0, nil
	}
	ids := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	list, err := s.query(db, "u.id IN ?", ids)
	if err != nil {
		return nil, 0, err
	}
	return list, rows[0].Total, nil
}

// likeEscaper makes typed text match literally in ILIKE (backslash is its escape).
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
