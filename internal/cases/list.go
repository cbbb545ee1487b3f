package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
)

// Filter selects and orders a page of cases.
type Filter struct {
	MunicipalityCode string
	Stage            Stage
	PilotCode        string
	ClientManagerID  *uuid.UUID
	Query            string // part of the client's name
	Sort             string // a sort key, "-" in front for descending
	Page             int    // 1-based
	PageSize         int
}

// Page is one page of a case list with the total number of matches.
type Page struct {
	Items    []Summary
	Total    int
	Page     int
	PageSize int
}

// MaxPageSize bounds a page so that one request cannot read a whole municipality.
const MaxPageSize = 100

// sortColumns maps the public sort keys to SQL; each ends on the id for a stable order.
var sortColumns = map[string]string{
	"createdAt":        "k.created_at",
	"stageEnteredOn":   "k.stage_entered_on",
	"benefitAppliedOn": "k.benefit_applied_on",
	"registeredOn":     "k.registered_on",
	"name":             "c.name",
}

// SortKeys lists the accepted sort keys.
func SortKeys() []string {
	return []string{"createdAt", "stageEnteredOn", "benefitAppliedOn", "registeredOn", "name"}
}

func (f *Filter) normalize() error {
	var p errs.Problems
	if f.Page == 0 {
		f.Page = 1
	}
	if f.PageSize == 0 {
		f.PageSize = 25
	}
	if f.Page < 1 || f.Page > 100000 {
		p.Add("page", "Het paginanummer moet 1 of hoger zijn.")
	}
	if f.PageSize < 1 || f.PageSize > MaxPageSize {
		p.Add("pageSize", fmt.Sprintf("De paginagrootte moet tussen 1 en %d liggen.", MaxPageSize))
	}
	if f.Stage != "" && !f.Stage.Valid() {
		p.Add("stage", "Onbekende fase.")
	}
	if f.Sort == "" {
		f.Sort = "-createdAt"
	}
	if _, ok := sortColumns[strings.TrimPrefix(f.Sort, "-")]; !ok {
		p.Add("sort", "Sorteer op een van: "+strings.Join(SortKeys(), ", ")+" (met - ervoor voor aflopend).")
	}
	f.Query = strings.TrimSpace(f.Query)
	if len(f.Query) > 100 {
		p.Add("q", "De zoekterm is te lang.")
	}
	return p.Err()
}

func (f Filter) orderBy() string {
	key, dir := strings.TrimPrefix(f.Sort, "-"), "ASC"
	if strings.HasPrefix(f.Sort, "-") {
		dir = "DESC"
	}
	return fmt.Sprintf("%s %s NULLS LAST, k.id %s", sortColumns[key], dir, dir)
}

type summaryRow struct {
	Summary
	Total int
}

// List returns one page of the cases in the actor's scope that match the filter,
// with the total count computed in the same query.
func (s *Service) List(ctx context.Context, actor access.Actor, f Filter) (Page, error) {
	if err := f.normalize(); err != nil {
		return Page{}, err
	}
	q := s.db.WithContext(ctx).Table("cases k").
		Select(`k.id, m.code AS municipality_code, p.code AS pilot_code, k.client_manager_id,
			u.name AS client_manager_name, c.name AS client_name, c.gender, k.stage, k.stage_entered_on,
			k.benefit_applied_on, k.created_at, count(*) OVER () AS total`).
		Joins("JOIN clients c ON c.id = k.client_id").
		Joins("JOIN municipalities m ON m.id = k.municipality_id").
		Joins("LEFT JOIN pilots p ON p.id = k.pilot_id").
		Joins("LEFT JOIN users u ON u.id = k.client_manager_id").
		Scopes(actor.Scope("k.municipality_id"))
	if f.MunicipalityCode != "" {
		q = q.Where("m.code = ?", f.MunicipalityCode)
	}
	if f.Stage != "" {
		q = q.Where("k.stage = ?", string(f.Stage))
	}
	if f.PilotCode != "" {
		q = q.Where("p.code = ?", f.PilotCode)
	}
	if f.ClientManagerID != nil {
		q = q.Where("k.client_manager_id = ?", *f.ClientManagerID)
	}
	if f.Query != "" {
		// The trigram index on (municipality_id, name) serves this.
		q = q.Where("c.name ILIKE ?", "%"+escapeLike(f.Query)+"%")
	}
	var rows []summaryRow
	err := q.Order(f.orderBy()).Limit(f.PageSize).Offset((f.Page - 1) * f.PageSize).Scan(&rows).Error
	if err != nil {
		return Page{}, fmt.Errorf("list cases: %w", err)
	}
	page := Page{Items: make([]Summary, len(rows)), Page: f.Page, PageSize: f.PageSize}
	for i, r := range rows {
		page.Items[i], page.Total = r.Summary, r.Total
	}
	if len(rows) == 0 && f.Page > 1 {
		page.Total, err = s.count(ctx, actor, f)
	}
	return page, err
}

// count is only needed when a page past the end returns no rows to carry the total.
func (s *Service) count(ctx context.Context, actor access.Actor, f Filter) (int, error) {
	f.Page, f.PageSize = 1, 1
	p, err := s.List(ctx, actor, f)
	return p.Total, err
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
