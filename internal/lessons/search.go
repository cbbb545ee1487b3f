package lessons

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
)

// Filter narrows a search. Query is Dutch full text (websearch syntax: words, "a
// phrase", -not); the rest are exact filters.
type Filter struct {
	Query        string
	Theme        string
	Pilot        string
	Municipality string
	Status       string
	ReadyOnly    bool
	Page         int
	PageSize     int
}

// List returns the lessons the actor may read that match, best match first when
// searching, newest first otherwise.
func (s *Service) List(ctx context.Context, actor access.Actor, f Filter) ([]Lesson, bool, error) {
	if f.Page == 0 {
		f.Page = 1
	}
	if f.PageSize == 0 {
		f.PageSize = 20
	}
	var p errs.Problems
	if f.Page < 1 || f.PageSize < 1 || f.PageSize > 100 {
		p.Add("pageSize", "Kies een pagina vanaf 1 en een paginagrootte van 1 tot en met 100.")
	}
	if f.Theme != "" && !slices.Contains(Themes, f.Theme) {
		p.Add("theme", "Onbekend thema.")
	}
	if f.Status != "" && f.Status != Draft && f.Status != Published {
		p.Add("status", "Kies concept of gepubliceerd.")
	}
	if err := p.Err(); err != nil {
		return nil, false, err
	}
	where, args := visible(actor)
	conds := []string{where}
	add := func(cond string, v any) { conds, args = append(conds, cond), append(args, v) }
	order, orderArgs := "l.updated_at DESC, l.id", []any{}
	if q := strings.TrimSpace(f.Query); q != "" {
		add("l.search @@ websearch_to_tsquery('dutch', ?)", q)
		order, orderArgs = "ts_rank(l.search, websearch_to_tsquery('dutch', ?)) DESC, "+order, []any{q}
	}
	if f.Theme != "" {
		add("l.theme = ?", f.Theme)
	}
	if f.Pilot != "" {
		add("p.code = ?", f.Pilot)
	}
	if f.Municipality != "" {
		add("m.code = ?", f.Municipality)
	}
	if f.Status != "" {
		add("l.status = ?", f.Status)
	}
	if f.ReadyOnly {
		conds = append(conds, "l.ready_for_scale_up")
	}
	// Placeholders are numbered in the order they appear: WHERE, ORDER BY, LIMIT.
	args = append(append(args, orderArgs...), f.PageSize+1, (f.Page-1)*f.PageSize)
	list, err := query(s.db.WithContext(ctx), strings.Join(conds, " AND ")+" ORDER BY "+order+" LIMIT ? OFFSET ?", args...)
	if err != nil {
		return nil, false, err
	}
	if len(list) > f.PageSize {
		return list[:f.PageSize], true, nil
	}
	return list, false, nil
}

// textArray passes a list of strings as one PostgreSQL text[] literal.
type textArray []string

func (a textArray) Value() (driver.Value, error) {
	parts := make([]string, len(a))
	for i, s := range a {
		parts[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
	}
	return fmt.Sprintf("{%s}", strings.Join(parts, ",")), nil
}
