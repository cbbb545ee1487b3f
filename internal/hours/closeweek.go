package hours

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
)

// CaseWeekInput is one row of a week closed for a caseload: a case, its hours, and
// the updated_at of its week as the user saw it (nil when nothing was stored then).
type CaseWeekInput struct {
	CaseID uuid.UUID
	Entry  Entry
	Seen   *time.Time
}

// RowStatus says what became of one row of CloseWeek.
type RowStatus string

// The outcomes of a row.
const (
	RowSaved     RowStatus = "opgeslagen"
	RowUnchanged RowStatus = "ongewijzigd"
	RowStale     RowStatus = "gewijzigd_door_collega" // kept as typed, not stored
	RowInvalid   RowStatus = "ongeldig"               // Problems say why
)

// RowResult is the outcome of one row: for a saved or unchanged row the week as
// stored now; for a stale row what the colleague stored (Current) instead.
type RowResult struct {
	CaseID    uuid.UUID
	Status    RowStatus
	Problems  errs.Problems // field names as in Entry.validate: actualWorkHours, week, …
	Current   *Record       // the week as stored now (nil when nothing is)
	Judgement Judgement
}

// CloseWeek stores week w for many cases in one transaction, row by row: a row with a
// problem, of a case not found, or whose week someone else stored or changed since the
// user saw it is reported and left alone, and the others are stored — not all or
// nothing, because one colleague's edit must not cost the user forty rows. The rows
// are checked against the cases and weeks locked in one statement each (case rows
// first, in id order, as the fact triggers lock them), so nothing changes between the
// check and the write; the changed weeks are written in one statement and audited in
// one. Rows equal to what is stored are not written.
func (s *Service) CloseWeek(
	ctx context.Context,
	actor access.Actor,
	w Week,
	in []CaseWeekInput,
) ([]RowResult, error) {
	actor = actor.For("cases", "write")
	today := calendar.Today(s.clock())
	out := make([]RowResult, len(in))
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		ids := make([]uuid.UUID, len(in))
		for i, r := range in {
			ids[i] = r.CaseID
		}
		contexts, err := s.caseContexts(tx, actor, ids)
		if err != nil {
			return err
		}
		stored, err := lockCaseWeeks(tx, contexts, w)
		if err != nil {
			return err
		}
		var write []weekRow
		var changed []uuid.UUID
		dup := map[uuid.UUID]bool{}
		for i, r := range in {
			res := RowResult{CaseID: r.CaseID}
			c, found := contexts[r.CaseID]
			cur, has := stored[r.CaseID]
			e := r.Entry.normalise(w, today)
			switch {
			case dup[r.CaseID]:
				res.Status = RowInvalid
				res.Problems.Add("week", "Dit dossier staat twee keer in de invoer.")
			case !found:
				res.Status = RowInvalid
				res.Problems.Add("week", "Dossier bestaat niet of is niet toegankelijk.")
			case !seenMatches(r.Seen, cur, has, e):
				res.Status = RowStale
			case has && cur.entry().Equal(e):
				res.Status = RowUnchanged
			default:
				res.Problems = e.validate(w, c, today)
				if reason := c.outsideWork(w); reason != "" {
					res.Problems.Add("week", reason)
				}
				res.Status = RowSaved
				if len(res.Problems) > 0 {
					res.Status = RowInvalid
					break
				}
				write = append(write, weekRow{MunicipalityID: c.MunicipalityID, CaseID: r.CaseID,
					WeekStart: w.Monday(), PlannedWorkHours: e.PlannedWork, ActualWorkHours: e.ActualWork,
					PlannedIntegrationHours: e.PlannedIntegration, ActualIntegrationHours: e.ActualIntegration,
					AbsenceHours: e.Absence, AbsenceReason: e.reason()})
				changed = append(changed, r.CaseID)
			}
			dup[r.CaseID] = true
			out[i] = res
		}
		if err := writeRows(tx, write); err != nil {
			return err
		}
		now, err := lockCaseWeeks(tx, contexts, w)
		if err != nil {
			return err
		}
		for i := range out {
			if row, ok := now[out[i].CaseID]; ok && out[i].Status != RowInvalid {
				c := contexts[out[i].CaseID]
				rec := newRecord(w, row.entry(), c.targets(), row.UpdatedAt, today)
				out[i].Current, out[i].Judgement = &rec, rec.Judgement
			}
		}
		return audit.Case(ctx, tx, actor, audit.ActionChange, audit.ObjectWeek, w.String(), changed...)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// seenMatches: the week is as the user saw it — not stored then nor now, or stored
// with the stamp the user saw, or stored meanwhile with exactly the hours the user
// typed (two people entering the same is no clash).
func seenMatches(seen *time.Time, cur weekRow, has bool, e Entry) bool {
	switch {
	case !has && seen == nil:
		return true
	case has && seen != nil && cur.UpdatedAt.Equal(*seen):
		return true
	case has && seen == nil && cur.entry().Equal(e):
		return true
	}
	return false
}

// caseContexts reads and locks the cases of the rows within the actor's scope, in id
// order (as lock_cases of migration 00013 does, so that the fact triggers that follow
// cannot deadlock with another writer).
func (s *Service) caseContexts(
	tx *gorm.DB,
	actor access.Actor,
	ids []uuid.UUID,
) (map[uuid.UUID]caseContext, error) {
	out := map[uuid.UUID]caseContext{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []caseContext
	err := tx.Table("cases k").Select(caseContextsColumns).
		Joins("LEFT JOIN pilots p ON p.id = k.pilot_id").
		Where("k.id IN ?", ids).Scopes(actor.Scope("k.municipality_id").Apply).
		Order("k.id").
		Clauses(clause.Locking{Strength: "NO KEY UPDATE", Table: clause.Table{Name: "k"}}).
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("cases of week: %w", err)
	}
	for _, r := range rows {
		out[r.CaseID] = r
	}
	return out, nil
}

// lockCaseWeeks reads week w of the given cases FOR UPDATE.
func lockCaseWeeks(
	tx *gorm.DB,
	contexts map[uuid.UUID]caseContext,
	w Week,
) (map[uuid.UUID]weekRow, error) {
	out := map[uuid.UUID]weekRow{}
	if len(contexts) == 0 {
		return out, nil
	}
	ids := make([]uuid.UUID, 0, len(contexts))
	munis := map[int32]bool{}
	var municipalities []int32
	for id, c := range contexts {
		ids = append(ids, id)
		if !munis[c.MunicipalityID] {
			munis[c.MunicipalityID] = true
			municipalities = append(municipalities, c.MunicipalityID)
		}
	}
	var rows []weekRow
	err := tx.Where("municipality_id IN ? AND case_id IN ? AND week_start = ?",
		municipalities, ids, w.Monday()).
		Order("case_id").Clauses(clause.Locking{Strength: "UPDATE"}).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("lock weeks: %w", err)
	}
	for _, r := range rows {
		out[r.CaseID] = r
	}
	return out, nil
}

// writeRows stores the changed weeks in one statement, like upsertWeeks.
func writeRows(tx *gorm.DB, rows []weekRow) error {
	if len(rows) == 0 {
		return nil
	}
	err := tx.Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "municipality_id"}, {Name: "case_id"}, {Name: "week_start"}},
		DoUpdates: append(clause.AssignmentColumns([]string{"planned_work_hours", "actual_work_hours",
			"planned_integration_hours", "actual_integration_hours", "absence_hours", "absence_reason"}),
			clause.Assignment{
				Column: clause.Column{Name: "updated_at"},
				Value:  gorm.Expr("clock_timestamp()"),
			}),
	}).Create(&rows).Error
	if err != nil {
		return fmt.Errorf("store weeks: %w", err)
	}
	return nil
}
