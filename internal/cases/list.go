package cases

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/paging"
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
	if !paging.Valid(f.Page) {
		p.Add("page", paging.Problem)
	}
	if f.PageSize < 1 || f.PageSize > MaxPageSize {
		p.Add("pageSize", fmt.Sprintf("De paginagrootte moet tussen 1 en %d liggen.", MaxPageSize))
	}
	if f.Stage != "" && !f.Stage.Valid() {
		p.Add("stage", "Onbekende fase.")
	}
	f.Query = strings.TrimSpace(f.Query)
	if _, number := CaseNumberOf(f.Query); f.Sort == "" && (f.Query == "" || number) {
		f.Sort = "-createdAt" // a case number finds one case: no ranking by name
	}
	if _, ok := sortColumns[strings.TrimPrefix(f.Sort, "-")]; !ok && f.Sort != "" {
		p.Add(
			"sort",
			"Sorteer op een van: "+strings.Join(SortKeys(), ", ")+" (met - ervoor voor aflopend).",
		)
	}
	if len(f.Query) > 100 {
		p.Add("q", "De zoekterm is te lang.")
	}
	return p.Err()
}

// orderBy is the order of a page; a name search without a chosen order lists the best
// matches first.
func (f Filter) orderBy() string {
	if f.Sort == "" {
		return nameRankSQL + " DESC, c.name, k.id"
	}
	key, dir := strings.TrimPrefix(f.Sort, "-"), "ASC"
	if strings.HasPrefix(f.Sort, "-") {
		dir = "DESC"
	}
	nulls := ""
	if key == "benefitAppliedOn" { // the only nullable sort key: cases without it go last
		nulls = " NULLS LAST"
	}
	return fmt.Sprintf("%s %s%s, k.id %s", sortColumns[key], dir, nulls, dir)
}

// List returns one page of the cases in the actor's scope that match the filter, and
// the number of matches, in one round trip on pgx. The page is chosen from the cases
// table alone (its indexes start with municipality_id and serve the sort), only its
// rows are joined for display, and the count is a separate scalar subquery instead of
// count(*) OVER (), which would join and count every match.
func (s *Service) List(ctx context.Context, actor access.Actor, f Filter) (Page, error) {
	actor = actor.For("cases", "read")
	if err := f.normalize(); err != nil {
		return Page{}, err
	}
	from, where, args := f.selection(actor)
	page := Page{Page: f.Page, PageSize: f.PageSize, Items: []Summary{}}
	// A list shows names: every case on the page is a read of personal data, recorded
	// by the same statement.
	logged, logArgs, err := audit.ListReadCTE(actor, "page JOIN cases k ON k.id = page.id")
	if err != nil {
		return Page{}, err
	}
	query := listQuery(f.orderBy(), from, where, logged)
	all := append(
		append(append(append([]any{}, args...), f.PageSize, (f.Page-1)*f.PageSize), logArgs...),
		args...,
	)
	rows, err := s.pool.Query(ctx, access.Numbered(query), all...)
	if err != nil {
		return Page{}, fmt.Errorf("list cases: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var it Summary
		err := rows.Scan(&page.Total, &it.ID, &it.MunicipalityCode, &it.PilotCode, &it.ClientManagerID,
			&it.ClientManagerName, &it.ClientName, &it.BirthDate, &it.Gender, &it.Stage, &it.StageEnteredOn,
			&it.BenefitAppliedOn, &it.CreatedAt, &it.CaseNumber)
		if err != nil {
			return Page{}, fmt.Errorf("list cases: %w", err)
		}
		page.Items = append(page.Items, it)
	}
	if err := rows.Err(); err != nil {
		return Page{}, fmt.Errorf("list cases: %w", err)
	}
	audit.Counted(municipalities(page.Items))
	if len(page.Items) > 0 {
		return page, nil
	}
	if f.Page > 1 { // past the end: no row carried the total
		if err := s.pool.QueryRow(
			ctx,
			access.Numbered(countQuery(from, where)),
			args...,
		).Scan(&page.Total); err != nil {
			return Page{}, fmt.Errorf("list cases: %w", err)
		}
	}
	// No case on the page, but the search (and the total, past the end) is still a
	// read of personal data.
	if err := audit.NoCases(ctx, s.db, actor, nil); err != nil {
		return Page{}, err
	}
	return page, nil
}

// selection builds the FROM and WHERE of a list from fixed fragments; only values
// travel as arguments. Codes are turned into ids by scalar subqueries, so that the
// planner can use the (municipality_id, ...) indexes directly.
func (f Filter) selection(actor access.Actor) (from, where string, args []any) {
	from = "cases k"
	if f.Query != "" || strings.TrimPrefix(f.Sort, "-") == "name" {
		// The municipality in the join lets the planner walk the clients' indexes.
		from = "cases k JOIN clients c ON c.id = k.client_id AND c.municipality_id = k.municipality_id"
	}
	number, byNumber := CaseNumberOf(f.Query)
	var search NameSearch
	if f.Query != "" && !byNumber {
		search = SearchByName(f.Query)
		from += search.Join
	}
	scope := actor.Scope("k.municipality_id")
	conds, args := []string{scope.SQL}, append(search.Args, scope.Args...)
	add := func(cond string, v any) {
		conds, args = append(conds, cond), append(args, v)
	}
	if f.MunicipalityCode != "" {
		add(byMunicipalityCode, f.MunicipalityCode)
	}
	if f.Stage != "" {
		add("k.stage = ?", string(f.Stage))
	}
	if f.PilotCode != "" {
		add(byPilotCode, f.PilotCode)
	}
	if f.ClientManagerID != nil {
		add("k.client_manager_id = ?", *f.ClientManagerID)
	}
	if byNumber {
		// A case number is looked up exactly, on (municipality_id, case_number).
		add("k.case_number = ?", number)
	} else if f.Query != "" {
		// The trigram indexes clients_search serve this.
		conds = append(conds, search.Where)
	}
	return from, strings.Join(conds, " AND "), args
}

// municipalities counts the municipalities of a page: the audit rows its read wrote.
func municipalities(items []Summary) int {
	seen := map[string]bool{}
	for _, it := range items {
		seen[it.MunicipalityCode] = true
	}
	return len(seen)
}
