package hours

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
)

// WeekInput is one week of a batch: its hours, and the updated_at of the week as
// the caller last saw it (nil when it was not stored then).
type WeekInput struct {
	Week  Week
	Entry Entry
	Seen  *time.Time
}

// StaleWeeks is the detail of a batch refused because weeks changed since the
// caller read them; the error's Fields name each such week (field "2026-W05").
const StaleWeeks = "Iemand anders heeft intussen uren van dit dossier gewijzigd. Uw uren zijn niet opgeslagen."

// PutWeeks stores several weeks of a case in one transaction: all of them or none.
// A problem of a week is reported under "<week>.<field>" (2026-W05.actualWorkHours).
// A week that someone else stored or changed after the caller read it fails the batch
// with errs.KindPrecondition: never overwrite what the caller has not seen. Weeks
// whose hours equal what is stored are left alone. It returns the weeks as stored.
func (s *Service) PutWeeks(
	ctx context.Context,
	actor access.Actor,
	caseID uuid.UUID,
	in []WeekInput,
) ([]Record, error) {
	actor = actor.For("cases", "write")
	today := calendar.Today(s.clock())
	var out []Record
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.caseContext(tx, actor, caseID, true)
		if err != nil {
			return err
		}
		in = normaliseBatch(in, today)
		if err := validateBatch(in, c, today); err != nil {
			return err
		}
		stored, err := lockWeeks(tx, c.MunicipalityID, caseID, in)
		if err != nil {
			return err
		}
		if err := checkSeen(in, stored); err != nil {
			return err
		}
		changed := changedWeeks(in, stored)
		if err := checkWindow(changed, c); err != nil {
			return err
		}
		if err := upsertWeeks(tx, c.MunicipalityID, caseID, changed); err != nil {
			return err
		}
		out, err = s.readWeeks(tx, c, caseID, in, today)
		if err != nil || len(changed) == 0 {
			return err
		}
		return audit.Case(ctx, tx, actor, audit.ActionChange, audit.ObjectWeek, weekList(changed), caseID)
	})
	return out, err
}

func normaliseBatch(in []WeekInput, today time.Time) []WeekInput {
	out := make([]WeekInput, len(in))
	for i, w := range in {
		w.Entry = w.Entry.normalise(w.Week, today)
		out[i] = w
	}
	return out
}

func validateBatch(in []WeekInput, c caseContext, today time.Time) error {
	var p errs.Problems
	seen := map[Week]bool{}
	for _, w := range in {
		if seen[w.Week] {
			p.Add(w.Week.String()+".week", "Deze week staat twee keer in de invoer.")
		}
		seen[w.Week] = true
		for _, q := range w.Entry.validate(w.Week, c, today) {
			p.Add(w.Week.String()+"."+q.Name, q.Reason)
		}
	}
	return p.Err()
}

// checkWindow refuses weeks outside the period the case is at work. Only the weeks
// that change are checked: a grid sends back the stored weeks it showed, and a week
// stored before the rule existed must not block saving the others.
func checkWindow(changed []WeekInput, c caseContext) error {
	var p errs.Problems
	for _, w := range changed {
		if reason := c.outsideWork(w.Week); reason != "" {
			p.Add(w.Week.String()+".week", reason)
		}
	}
	return p.Err()
}

// lockWeeks reads the stored rows of the batch's weeks FOR UPDATE, so that nobody
// changes them between the check and the write.
func lockWeeks(
	tx *gorm.DB,
	municipalityID int32,
	caseID uuid.UUID,
	in []WeekInput,
) (map[Week]weekRow, error) {
	mondays := make([]time.Time, len(in))
	for i, w := range in {
		mondays[i] = w.Week.Monday()
	}
	var rows []weekRow
	err := tx.Where(
		"municipality_id = ? AND case_id = ? AND week_start IN ?",
		municipalityID,
		caseID,
		mondays,
	).
		Clauses(clause.Locking{Strength: "UPDATE"}).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("lock weeks: %w", err)
	}
	out := make(map[Week]weekRow, len(rows))
	for _, r := range rows {
		out[WeekOf(r.WeekStart)] = r
	}
	return out, nil
}

// checkSeen refuses the batch when a week is not as the caller saw it.
func checkSeen(in []WeekInput, stored map[Week]weekRow) error {
	var fields []errs.FieldProblem
	for _, w := range in {
		cur, ok := stored[w.Week]
		switch {
		case !ok && w.Seen == nil:
		case ok && w.Seen != nil && cur.UpdatedAt.Equal(*w.Seen):
		// stored meanwhile, with the same hours: no clash
		case ok && w.Seen == nil && cur.entry().Equal(w.Entry):
		default:
			fields = append(
				fields,
				errs.Field(w.Week.String(), "Deze week is intussen door iemand anders gewijzigd."),
			)
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &errs.Error{Kind: errs.KindPrecondition, Detail: StaleWeeks, Fields: fields}
}

func changedWeeks(in []WeekInput, stored map[Week]weekRow) []WeekInput {
	var out []WeekInput
	for _, w := range in {
		if cur, ok := stored[w.Week]; ok && cur.entry().Equal(w.Entry) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// upsertWeeks writes the changed weeks in one statement. updated_at is set by
// clock_timestamp(), so that a week stored again in the same transaction still
// gets a new one.
func upsertWeeks(tx *gorm.DB, municipalityID int32, caseID uuid.UUID, in []WeekInput) error {
	if len(in) == 0 {
		return nil
	}
	rows := make([]weekRow, len(in))
	for i, w := range in {
		e := w.Entry
		rows[i] = weekRow{MunicipalityID: municipalityID, CaseID: caseID, WeekStart: w.Week.Monday(),
			PlannedWorkHours: e.PlannedWork, ActualWorkHours: e.ActualWork, PlannedIntegrationHours: e.PlannedIntegration,
			ActualIntegrationHours: e.ActualIntegration, AbsenceHours: e.Absence,
			AbsenceReason: e.reason()}
	}
	err := tx.Clauses(clause.OnConflict{
		Columns: []clause.Column{{Name: "municipality_id"}, {Name: "case_id"}, {Name: "week_start"}},
		DoUpdates: append(clause.AssignmentColumns([]string{"planned_work_hours", "actual_work_hours",
			"planned_integration_hours", "actual_integration_hours", "absence_hours",
			"absence_reason"}),
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

// readWeeks returns the batch's weeks as stored now, oldest first.
func (s *Service) readWeeks(
	tx *gorm.DB,
	c caseContext,
	caseID uuid.UUID,
	in []WeekInput,
	today time.Time,
) ([]Record, error) {
	stored, err := lockWeeks(tx, c.MunicipalityID, caseID, in)
	if err != nil {
		return nil, err
	}
	out := make([]Record, 0, len(stored))
	for w, r := range stored {
		out = append(out, newRecord(w, r.entry(), c.targets(), r.UpdatedAt, today))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Week.Monday().Before(out[j].Week.Monday()) })
	return out, nil
}

func weekList(in []WeekInput) string {
	names := make([]string, len(in))
	for i, w := range in {
		names[i] = w.Week.String()
	}
	return strings.Join(names, ",")
}
