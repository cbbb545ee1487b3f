package worklist

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/cases"
)

// ExportFilter picks the cases of an export: the caseload of the werklijst (a client
// manager's own active cases, a team lead's team unless OnlyMine), narrowed as the
// case list narrows (stage, pilot).
type ExportFilter struct {
	OnlyMine  bool
	Stage     cases.Stage
	PilotCode string
}

// ExportRow is one case of an export: the werklijst's item with its signals, and
// what a client manager needs beside it to call or write (no BSN, no notes).
type ExportRow struct {
	Item
	PilotName    *string
	Phone, Email *string
	LastWeek     *time.Time // the Monday of the last week with hours logged
}

type exportFact struct {
	ID        uuid.UUID
	PilotCode *string
	PilotName *string
	Phone     *string
	Email     *string
	LastWeek  *time.Time
}

// Export reads the caseload for a file in format (csv, xlsx) and records the export in
// the audit log: the cases it holds, by id, in one row per municipality.
func (s *Service) Export(ctx context.Context, actor access.Actor, f ExportFilter, format string) (
	[]ExportRow, error) {
	items, err := s.Caseload(ctx, actor, Filter{OnlyMine: f.OnlyMine})
	if err != nil {
		return nil, err
	}
	if f.Stage != "" {
		kept := items[:0]
		for _, it := range items {
			if it.Stage == f.Stage {
				kept = append(kept, it)
			}
		}
		items = kept
	}
	actor = actor.For("cases", "write")
	ids := make(uuidArray, len(items))
	for i, it := range items {
		ids[i] = it.CaseID
	}
	var out []ExportRow
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		facts := map[uuid.UUID]exportFact{}
		if len(ids) > 0 {
			scope := actor.Scope("k.municipality_id")
			var rows []exportFact
			if err := tx.Raw(exportFacts+scope.SQL, append([]any{ids}, scope.Args...)...).
				Scan(&rows).Error; err != nil {
				return fmt.Errorf("export facts: %w", err)
			}
			for _, r := range rows {
				facts[r.ID] = r
			}
		}
		var exported []uuid.UUID
		for _, it := range items {
			x, ok := facts[it.CaseID]
			if !ok || (f.PilotCode != "" && (x.PilotCode == nil || *x.PilotCode != f.PilotCode)) {
				continue
			}
			out = append(out, ExportRow{Item: it, PilotName: x.PilotName, Phone: x.Phone, Email: x.Email,
				LastWeek: x.LastWeek})
			exported = append(exported, it.CaseID)
		}
		return audit.CasesExported(ctx, tx, actor, format, exported...)
	})
	return out, err
}
