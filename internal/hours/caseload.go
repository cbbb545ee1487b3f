package hours

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
)

// Where a pre-filled plan comes from, for the screen to say.
const (
	FromStored   = "opgeslagen"  // the week as stored
	FromContract = "contract"    // the accepted placement's contract hours
	FromPIP      = "pip"         // the PIP's planned integration hours per week
	FromPrevious = "vorige_week" // the plan of the week before
	FromNothing  = ""            // nothing to go by
)

// CaseloadFilter narrows the week screen of a team lead to one client manager.
type CaseloadFilter struct {
	ManagerID *uuid.UUID
}

// CaseWeek is one client's row on the week screen: who, the targets, the week as
// stored (Stored false and UpdatedAt nil when nothing is), and the plan to pre-fill.
type CaseWeek struct {
	CaseID            uuid.UUID
	MunicipalityID    int32
	ClientName        string
	BirthYear         int
	ClientManagerID   *uuid.UUID
	ClientManagerName string
	Targets           *Targets
	Stored            bool
	Entry             Entry // as stored; zero with blank actuals when not stored
	UpdatedAt         *time.Time
	Judgement         Judgement
	// Plan is what the screen pre-fills: the stored plan, else the contract's hours
	// and the PIP's integration hours, else last week's plan; WorkFrom and
	// IntegrationFrom say where each came from.
	PlannedWork, PlannedIntegration float64
	WorkFrom, IntegrationFrom       string
}

// Manager is a client manager with cases on a team lead's week screen.
type Manager struct {
	ID   uuid.UUID
	Name string
}

// CaseloadWeek is the week screen's data.
type CaseloadWeek struct {
	Week     Week
	Ended    bool // the week is over: its hours are judged
	Rows     []CaseWeek
	Team     bool      // the actor sees a team (may assign cases), not only their own
	Managers []Manager // the managers of the team's rows, by name (for the filter)
}

// caseloadRow is what the screen's query returns per case.
type caseloadRow struct {
	CaseID                  uuid.UUID
	MunicipalityID          int32
	ClientName              string
	BirthDate               time.Time
	ClientManagerID         *uuid.UUID
	ClientManagerName       *string
	HasPilot                bool
	Combined                float64
	MinWork                 float64
	MinIntegration          float64
	Stored                  bool
	PlannedWorkHours        *float64
	ActualWorkHours         *float64
	PlannedIntegrationHours *float64
	ActualIntegrationHours  *float64
	AbsenceHours            *float64
	AbsenceReason           *string
	UpdatedAt               *time.Time
	PreviousWork            *float64
	PreviousIntegration     *float64
	ContractHours           *float64
	PIPHours                *float64 `gorm:"column:pip_hours"`
}

// CaseloadWeek reads the week screen: one row per case of the actor's caseload that is
// at work in week w (a client manager's own cases; a team lead's whole municipality,
// or one manager's cases with f), by client name, in one statement that also writes
// the audit row of the list read.
func (s *Service) CaseloadWeek(
	ctx context.Context,
	actor access.Actor,
	f CaseloadFilter,
	w Week,
) (CaseloadWeek, error) {
	actor = actor.For("cases", "write")
	monday := w.Monday()
	sunday := monday.AddDate(0, 0, 6)
	owned, ownedArgs, team := caseloadOwnership(actor)
	scope := actor.Scope("k.municipality_id")
	logged, logArgs, err := audit.ListReadCTE(actor, "load k")
	if err != nil {
		return CaseloadWeek{}, err
	}
	query := caseloadLoad + scope.SQL + caseloadAtWork + owned + "), " + logged + caseloadFacts
	args := append(append([]any{}, scope.Args...), sunday, monday)
	args = append(append(args, ownedArgs...), logArgs...)
	args = append(args, sunday, monday, sunday, monday, monday.AddDate(0, 0, -7))
	var rows []caseloadRow
	if err := s.db.WithContext(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return CaseloadWeek{}, fmt.Errorf("caseload week: %w", err)
	}
	audit.Counted(countMunicipalities(rows))
	today := calendar.Today(s.clock())
	out := CaseloadWeek{Week: w, Ended: !monday.AddDate(0, 0, 7).After(today), Team: team}
	seen := map[uuid.UUID]bool{}
	for _, r := range rows {
		if r.ClientManagerID != nil && r.ClientManagerName != nil && !seen[*r.ClientManagerID] {
			seen[*r.ClientManagerID] = true
			out.Managers = append(out.Managers, Manager{*r.ClientManagerID, *r.ClientManagerName})
		}
		if f.ManagerID != nil && (r.ClientManagerID == nil || *r.ClientManagerID != *f.ManagerID) {
			continue
		}
		out.Rows = append(out.Rows, r.caseWeek(out.Ended))
	}
	sortManagers(out.Managers)
	return out, nil
}

func (r caseloadRow) caseWeek(ended bool) CaseWeek {
	cw := CaseWeek{CaseID: r.CaseID, MunicipalityID: r.MunicipalityID, ClientName: r.ClientName,
		BirthYear: r.BirthDate.Year(), ClientManagerID: r.ClientManagerID, Stored: r.Stored,
		UpdatedAt: r.UpdatedAt}
	if r.ClientManagerName != nil {
		cw.ClientManagerName = *r.ClientManagerName
	}
	if r.HasPilot {
		cw.Targets = &Targets{Combined: r.Combined, MinWork: r.MinWork, MinIntegration: r.MinIntegration}
	}
	if r.Stored {
		cw.Entry = Entry{PlannedWork: val(r.PlannedWorkHours), ActualWork: r.ActualWorkHours,
			PlannedIntegration: val(r.PlannedIntegrationHours), ActualIntegration: r.ActualIntegrationHours,
			Absence: val(r.AbsenceHours)}
		if r.AbsenceReason != nil {
			cw.Entry.AbsenceReason = *r.AbsenceReason
		}
		cw.Judgement = Judge(cw.Entry, cw.Targets, ended)
	}
	cw.PlannedWork, cw.WorkFrom = prefill(r.Stored, r.PlannedWorkHours, r.ContractHours, r.PreviousWork,
		FromContract)
	cw.PlannedIntegration, cw.IntegrationFrom = prefill(r.Stored, r.PlannedIntegrationHours, r.PIPHours,
		r.PreviousIntegration, FromPIP)
	return cw
}

// prefill picks a week's plan: the stored plan, else the source of record (the
// contract, the PIP), else last week's plan, else nothing (0).
func prefill(stored bool, plan, source, previous *float64, sourceName string) (float64, string) {
	switch {
	case stored && plan != nil:
		return *plan, FromStored
	case source != nil:
		return *source, sourceName
	case previous != nil:
		return *previous, FromPrevious
	}
	return 0, FromNothing
}

// caseloadOwnership is the condition on the caseload's cases: the actor's own, and
// every case of a municipality where the actor may assign cases (a team lead's team).
func caseloadOwnership(actor access.Actor) (string, []any, bool) {
	if actor.UserID == nil {
		return "TRUE", nil, true // the system actor: everything in scope
	}
	var team []string
	args := []any{*actor.UserID}
	for _, m := range actor.Municipalities {
		if actor.May(m, "cases", "assign") {
			team, args = append(team, "?"), append(args, m)
		}
	}
	if len(team) == 0 {
		return caseloadOwn, args, false
	}
	return "(" + caseloadOwn + " OR k.municipality_id IN (" + strings.Join(team, ", ") + "))", args, true
}

func countMunicipalities(rows []caseloadRow) int {
	seen := map[int32]bool{}
	for _, r := range rows {
		seen[r.MunicipalityID] = true
	}
	return len(seen)
}

func sortManagers(m []Manager) {
	slices.SortFunc(m, func(a, b Manager) int {
		return strings.Compare(strings.ToLower(a.Name), strings.ToLower(b.Name))
	})
}
