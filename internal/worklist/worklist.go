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
)

// Item is one case of the caseload with its signals (none when all is well).
type Item struct {
	CaseID            uuid.UUID
	ClientName        string
	BirthDate         time.Time // with RegisteredOn, tells apart clients of the same name
	RegisteredOn      time.Time
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
	actor = actor.For("cases", "write")
	today := calendar.Today(s.clock())
	thisMonday := mondayOf(today)
	owned, ownedArgs := ownership(actor, f)
	scope := actor.Scope("k.municipality_id")
	logged, logArgs, err := audit.ListReadCTE(actor, "load k")
	if err != nil {
		return nil, err
	}
	query := `WITH load AS (
			SELECT k.id, k.municipality_id, k.client_id, k.pilot_id, k.client_manager_id, k.stage,
				k.stage_entered_on, k.settled_on, k.registered_on
			FROM cases k WHERE ` + scope.SQL + ` AND k.stage <> 'afgesloten' AND ` + owned + `), ` + logged + factsQuery
	args := append(append(append(scope.Args, ownedArgs...), logArgs...), thisMonday.AddDate(0, 0, -7), thisMonday, today)
	var rows []facts
	if err := s.db.WithContext(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("caseload: %w", err)
	}
	audit.Counted(municipalities(rows))
	out := make([]Item, len(rows))
	for i, r := range rows {
		out[i] = Item{CaseID: r.ID, ClientName: r.ClientName, BirthDate: r.BirthDate, RegisteredOn: r.RegisteredOn, Stage: cases.Stage(r.Stage), StageEnteredOn: r.StageEnteredOn,
			ClientManagerID: r.ClientManagerID, ClientManagerName: r.ClientManagerName, Signals: r.signals(today)}
	}
	return out, nil
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
		return "k.client_manager_id = ?", args
	}
	return "(k.client_manager_id = ? OR k.municipality_id IN (" + strings.Join(team, ", ") + "))", args
}

// factsQuery gathers, per case of load, what the signals need. Every subquery
// walks an index that starts with (municipality_id, case_id): the cost grows with
// the caseload, never with the municipality. Its parameters: the Monday of last
// week, the Monday of this week, today.
const factsQuery = `
SELECT l.id, l.municipality_id, c.name AS client_name, c.birth_date, l.registered_on, l.stage, l.stage_entered_on, l.client_manager_id,
	u.name AS client_manager_name, l.settled_on,
	p.target_max_days_to_offer AS max_days_to_offer, p.target_combined_hours_per_week AS combined,
	p.target_min_work_hours_per_week AS min_work, p.target_min_integration_hours_per_week AS min_integration,
	EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = l.municipality_id AND o.case_id = l.id
		AND o.offered_on >= l.stage_entered_on) AS offered_since_stage,
	EXISTS (SELECT 1 FROM weekly_hours w WHERE w.municipality_id = l.municipality_id AND w.case_id = l.id
		AND w.week_start = ? AND w.actual_work_hours + w.actual_integration_hours + w.absence_hours > 0) AS last_week_logged,
	rw.week_start AS recent_week, rw.planned_work_hours, rw.actual_work_hours, rw.planned_integration_hours,
	rw.actual_integration_hours, rw.absence_hours,
	po.status AS offer_status, po.contract_type AS offer_contract_type, po.hours_per_week AS offer_hours_per_week,
	po.offered_on AS offer_offered_on, po.start_date AS offer_start_date, po.end_date AS offer_end_date,
	(SELECT v.drawn_up_on FROM case_pips v WHERE v.municipality_id = l.municipality_id AND v.case_id = l.id
		ORDER BY v.version LIMIT 1) AS first_pip_on,
	EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = l.municipality_id AND r.case_id = l.id
		AND r.kind IN ('ontheffing', 'vrijstelling') AND r.outcome = 'verleend') AS exempt
FROM load l
JOIN clients c ON c.id = l.client_id
LEFT JOIN pilots p ON p.id = l.pilot_id
LEFT JOIN users u ON u.id = l.client_manager_id
LEFT JOIN LATERAL (SELECT w.week_start, w.planned_work_hours, w.actual_work_hours, w.planned_integration_hours,
		w.actual_integration_hours, w.absence_hours
	FROM weekly_hours w WHERE w.municipality_id = l.municipality_id AND w.case_id = l.id AND w.week_start < ?
		AND w.actual_work_hours + w.actual_integration_hours + w.absence_hours > 0
	ORDER BY w.week_start DESC LIMIT 1) rw ON true
LEFT JOIN LATERAL (SELECT o.status, o.contract_type, o.hours_per_week, o.offered_on, o.start_date, o.end_date
	FROM job_offers o WHERE o.municipality_id = l.municipality_id AND o.case_id = l.id AND o.status <> 'afgewezen'
		AND (o.end_date IS NULL OR o.end_date >= ?)
	ORDER BY o.offered_on DESC, o.created_at DESC LIMIT 1) po ON true
ORDER BY c.name, l.id`

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
