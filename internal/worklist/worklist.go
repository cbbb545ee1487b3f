// Package worklist reads a client manager's caseload with the signals that ask for
// action: a start-job promise about to break, hours not logged, a week or a
// placement below the bar, integration deadlines. It is a read model over the case,
// hours and placement tables: one SQL statement gathers the facts of the whole
// caseload, and plain Go turns facts into signals, so the rules are testable
// without a database.
package worklist

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

// Item is one case of the caseload with its signals (none when all is well).
type Item struct {
	CaseID            uuid.UUID
	ClientName        string
	BirthDate         time.Time // with RegisteredOn, tells apart clients of the same name
	RegisteredOn      time.Time
	CaseNumber        string // "2026-0147", said aloud on the phone
	Stage             cases.Stage
	StageEnteredOn    time.Time
	ClientManagerID   *uuid.UUID
	ClientManagerName *string
	Signals           []Signal
}

// Filter narrows the caseload.
type Filter struct {
	// OnlyMine limits a team lead to the cases assigned to them, as a client manager
	// sees it.
	OnlyMine bool
	// Stage picks the cases in one stage; it may name a stage the active list leaves
	// out (uitgestroomd, afgesloten). Empty: every active case.
	Stage cases.Stage
	// Kind keeps the cases with a signal of this kind. Empty: all.
	Kind Kind
	// Query searches the clients' names (cases.SearchByName); the best matches first.
	Query string
}

func (f *Filter) normalize() error {
	var p errs.Problems
	if f.Stage != "" && !f.Stage.Valid() {
		p.Add("fase", "Onbekende fase.")
	}
	if f.Kind != "" && !f.Kind.Valid() {
		p.Add("signaal", "Onbekend signaal.")
	}
	f.Query = strings.TrimSpace(f.Query)
	if len(f.Query) > 100 {
		p.Add("zoek", "De zoekterm is te lang.")
	}
	return p.Err()
}

// Service reads caseloads.
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

// Caseload returns the active cases the actor works on, ordered by client name:
// the cases assigned to them, and for a team lead (who may assign cases) every
// active case of their municipality. The read of the names is recorded in the audit
// log by the same statement.
func (s *Service) Caseload(ctx context.Context, actor access.Actor, f Filter) ([]Item, error) {
	if err := f.normalize(); err != nil {
		return nil, err
	}
	actor = actor.For("cases", "write")
	today := calendar.Today(s.clock())
	thisMonday := mondayOf(today)
	owned, ownedArgs := ownership(actor, f)
	owned, ownedArgs = withFollowUpPerson(actor, owned, ownedArgs, today)
	scope := actor.Scope("k.municipality_id")
	rank, from, args := "0", "", []any{}
	stage, stageArgs := activeStages, []any(nil)
	if f.Stage != "" {
		stage, stageArgs = byStage, []any{string(f.Stage)}
	}
	where := []string{scope.SQL, stage, owned}
	if f.Query != "" {
		search := cases.SearchByName(f.Query)
		rank, from, args = search.Rank, searchClients+search.Join, search.Args
		where = append(where, search.Where)
	}
	args = append(append(append(args, scope.Args...), stageArgs...), ownedArgs...)
	logged, logArgs, err := audit.ListReadCTE(actor, "load k")
	if err != nil {
		return nil, err
	}
	query := loadQuery(rank, from, strings.Join(where, " AND ")) + ", " + logged + factsQuery
	args = append(append(args, logArgs...), thisMonday.AddDate(0, 0, -7), thisMonday, today,
		today.AddDate(0, 0, -offerOpenDays), today, today.AddDate(0, 0, 7*contractWarnWeeks))
	var rows []facts
	if err := s.db.WithContext(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("caseload: %w", err)
	}
	audit.Counted(municipalities(rows))
	all := make([]Item, len(rows))
	for i, r := range rows {
		all[i] = Item{CaseID: r.ID, ClientName: r.ClientName, BirthDate: r.BirthDate,
			RegisteredOn: r.RegisteredOn, CaseNumber: r.CaseNumber, Stage: cases.Stage(r.Stage),
			StageEnteredOn:  r.StageEnteredOn,
			ClientManagerID: r.ClientManagerID, ClientManagerName: r.ClientManagerName, Signals: r.signals(today)}
	}
	// The follow-ups first: the signal filter may ask for them.
	if err := addFollowUps(ctx, s.db, all, rows, today); err != nil {
		return nil, err
	}
	out := make([]Item, 0, len(all))
	for _, it := range all {
		if f.Kind == "" || it.Has(f.Kind) {
			out = append(out, it)
		}
	}
	return out, nil
}

// Has tells whether the item has a signal of the kind.
func (it Item) Has(k Kind) bool {
	for _, s := range it.Signals {
		if s.Kind == k {
			return true
		}
	}
	return false
}

// Case returns the signals of one case that is not closed, by the werklijst's rules
// and facts, follow-ups due included; none for a closed case or one outside the
// actor's scope. It writes no audit row: the case page that asks has recorded its
// read of the case.
func (s *Service) Case(ctx context.Context, actor access.Actor, id uuid.UUID) ([]Signal, error) {
	actor = actor.For("cases", "read")
	today := calendar.Today(s.clock())
	thisMonday := mondayOf(today)
	scope := actor.Scope("k.municipality_id")
	where := scope.SQL + " AND k.stage <> 'afgesloten' AND " + oneCase
	query := loadQuery("0", "", where) + factsQuery
	args := append(append([]any{}, scope.Args...), id, thisMonday.AddDate(0, 0, -7), thisMonday, today,
		today.AddDate(0, 0, -offerOpenDays), today, today.AddDate(0, 0, 7*contractWarnWeeks))
	var rows []facts
	if err := s.db.WithContext(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("case signals: %w", err)
	}
	if len(rows) == 0 {
		return []Signal{}, nil
	}
	items := []Item{{CaseID: rows[0].ID, Signals: rows[0].signals(today)}}
	if err := addFollowUps(ctx, s.db, items, rows, today); err != nil {
		return nil, err
	}
	return items[0].Signals, nil
}

// DaysLate is the most days any of the item's signals is past its date: how urgent
// the case is. 0 when nothing is late.
func (it Item) DaysLate() int {
	late := 0
	for _, s := range it.Signals {
		late = max(late, s.DaysLate)
	}
	return late
}

// ownership is the condition that picks the actor's own cases, widened to whole
// municipalities where the actor may assign cases (a team lead sees the team's).
func ownership(actor access.Actor, f Filter) (string, []any) {
	if actor.UserID == nil {
		return "TRUE", nil // the system actor has no caseload of its own: everything in scope
	}
	var team []string
	args := []any{*actor.UserID}
	if !f.OnlyMine {
		for _, m := range actor.Municipalities {
			if actor.May(m, "cases", "assign") {
				team, args = append(team, "?"), append(args, m)
			}
		}
	}
	if len(team) == 0 {
		return ownCases, args
	}
	return "(" + ownCases + " OR k.municipality_id IN (" + strings.Join(team, ", ") + "))", args
}

// mondayOf returns the Monday of the ISO week of d.
func mondayOf(d time.Time) time.Time {
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// municipalities counts the municipalities of a caseload: the audit rows its read wrote.
func municipalities(rows []facts) int {
	seen := map[int32]bool{}
	for _, r := range rows {
		seen[r.MunicipalityID] = true
	}
	return len(seen)
}
