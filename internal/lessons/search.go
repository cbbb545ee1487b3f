package lessons

import (
	"context"
	"database/sql/driver"
	"fmt"
	"slices"
	"strings"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/paging"
)

// Filter narrows a search. Query is Dutch full text (websearch syntax: words, "a
// phrase", -not) over the text and the ministry's tags; the rest are exact filters.
type Filter struct {
	Query        string
	Theme        string
	Pilot        string
	Municipality string
	Status       string
	Tag          string // one of the ministry's labels
	ReadyOnly    bool
	Page         int
	PageSize     int
}

// List returns the lessons the actor may read that match, best match first when
// searching, newest first otherwise.
func (s *Service) List(ctx context.Context, actor access.Actor, f Filter) ([]Lesson, bool, error) {
	f, where, args, err := f.conditions(actor)
	if err != nil {
		return nil, false, err
	}
	order, orderArgs := "l.updated_at DESC, l.id", []any{}
	if q := strings.TrimSpace(f.Query); q != "" {
		order, orderArgs = "ts_rank("+searchable+", websearch_to_tsquery('dutch', ?)) DESC, "+
			order, []any{q}
	}
	// Placeholders are numbered in the order they appear: WHERE, ORDER BY, LIMIT.
	args = append(append(args, orderArgs...), f.PageSize+1, (f.Page-1)*f.PageSize)
	list, err := query(s.db.WithContext(ctx), where+" ORDER BY "+order+" LIMIT ? OFFSET ?", args...)
	if err != nil {
		return nil, false, err
	}
	if len(list) > f.PageSize {
		return list[:f.PageSize], true, nil
	}
	return list, false, nil
}

// Count is the number of lessons List finds over all its pages.
func (s *Service) Count(ctx context.Context, actor access.Actor, f Filter) (int, error) {
	_, where, args, err := f.conditions(actor)
	if err != nil {
		return 0, err
	}
	var n int
	err = s.db.WithContext(ctx).Raw(countSelect+where, args...).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("count lessons: %w", err)
	}
	return n, nil
}

// Tags lists the ministry's labels in use, for a filter.
func (s *Service) Tags(ctx context.Context) ([]string, error) {
	var tags []string
	err := s.db.WithContext(ctx).Raw(tagsSQL).Scan(&tags).Error
	if err != nil {
		return nil, fmt.Errorf("lesson tags: %w", err)
	}
	return tags, nil
}

// conditions checks the filter and returns it with its defaults and the WHERE
// clause of the lessons it finds for the actor.
func (f Filter) conditions(actor access.Actor) (Filter, string, []any, error) {
	if f.Page == 0 {
		f.Page = 1
	}
	if f.PageSize == 0 {
		f.PageSize = 20
	}
	var p errs.Problems
	if !paging.Valid(f.Page) {
		p.Add("page", paging.Problem)
	}
	if f.PageSize < 1 || f.PageSize > 100 {
		p.Add("pageSize", "Kies een paginagrootte van 1 tot en met 100.")
	}
	if f.Theme != "" && !slices.Contains(Themes, f.Theme) {
		p.Add("theme", "Onbekend thema.")
	}
	if f.Status != "" && f.Status != Draft && f.Status != Published {
		p.Add("status", "Kies concept of gepubliceerd.")
	}
	if err := p.Err(); err != nil {
		return f, "", nil, err
	}
	where, args := visible(actor)
	conds := []string{where}
	add := func(cond string, v any) { conds, args = append(conds, cond), append(args, v) }
	if q := strings.TrimSpace(f.Query); q != "" {
		add(searchable+" @@ websearch_to_tsquery('dutch', ?)", q)
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
	if tag := strings.ToLower(strings.TrimSpace(f.Tag)); tag != "" {
		add("? = ANY (l.tags)", tag) // tags are stored in lower case (Assess)
	}
	if f.ReadyOnly {
		conds = append(conds, "l.ready_for_scale_up")
	}
	return f, strings.Join(conds, " AND "), args, nil
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
