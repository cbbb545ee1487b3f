package hours

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/decimal"
	"github.com/startbaan/startbaan/internal/errs"
)

// Record is one stored week with its judgement.
type Record struct {
	Week      Week
	Entry     Entry
	Targets   *Targets
	Judgement Judgement
	UpdatedAt time.Time
}

// Service stores weekly hours.
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

// caseContext is what storing a week needs to know of its case.
type caseContext struct {
	CaseID         uuid.UUID // read only by caseContexts
	MunicipalityID int32
	RegisteredOn   time.Time
	WorkStartedOn  *time.Time
	LeftWorkOn     *time.Time // nil while the case is aan_het_werk
	HasPilot       bool
	Combined       float64
	MinWork        float64
	MinIntegration float64
}

func (c caseContext) targets() *Targets {
	if !c.HasPilot {
		return nil
	}
	return &Targets{Combined: c.Combined, MinWork: c.MinWork, MinIntegration: c.MinIntegration}
}

// caseContext reads the case of a week within the actor's scope. With lock, the case
// row is locked until the transaction ends: every write of a source of the case's
// derived facts (migration 00012) takes that lock first, so that writers of one case
// take turns and each recomputes the facts with the others' rows in view.
func (s *Service) caseContext(
	tx *gorm.DB,
	actor access.Actor,
	caseID uuid.UUID,
	lock bool,
) (caseContext, error) {
	var rows []caseContext
	q := tx.Table("cases k").Select(caseContextColumns).
		Joins("LEFT JOIN pilots p ON p.id = k.pilot_id").
		Where("k.id = ?", caseID).Scopes(actor.Scope("k.municipality_id").Apply)
	if lock {
		q = q.Clauses(clause.Locking{Strength: "NO KEY UPDATE", Table: clause.Table{Name: "k"}})
	}
	if err := q.Scan(&rows).Error; err != nil {
		return caseContext{}, fmt.Errorf("case of week: %w", err)
	}
	if len(rows) == 0 {
		return caseContext{}, errs.NotFound("Dossier")
	}
	return rows[0], nil
}

// validate checks the hours of a week: none negative, at most two decimals (the
// columns are numeric(5,2): a third decimal would be rounded away after this check),
// work at most 60, no week over 168 hours, actual hours only for weeks that have
// begun, absence with a known reason, and the week within the period the case is at
// work (outsideWork, checked by the callers on the weeks they change). Sums are taken in hundredths, exactly as PostgreSQL adds the stored values; a
// blank actual adds nothing.
func (e Entry) validate(w Week, c caseContext, today time.Time) errs.Problems {
	p := e.checkHours()
	monday := w.Monday()
	if !calendar.PlausibleEvent(monday) {
		p.Add("week", calendar.ImplausibleEvent)
	}
	if monday.After(today) && e.Work()+e.Integration()+e.Absence > 0 {
		p.Add(
			"week",
			"Werkelijke uren en verzuim kunnen niet in een week liggen die nog niet begonnen is.",
		)
	}
	if monday.AddDate(0, 0, 6).Before(c.RegisteredOn) {
		p.Add("week", "De week ligt voor de aanmelding van het dossier.")
	}
	if monday.After(today.AddDate(1, 0, 0)) {
		p.Add("week", "Plan hoogstens een jaar vooruit.")
	}
	return p
}

// checkHours checks the figures and the absence reason of an entry on their own.
func (e Entry) checkHours() errs.Problems {
	var p errs.Problems
	fields := []struct {
		name  string
		v     *float64
		limit int64
	}{
		{"plannedWorkHours", &e.PlannedWork, 60}, {"actualWorkHours", e.ActualWork, 60},
		{"plannedIntegrationHours", &e.PlannedIntegration, 168},
		{"actualIntegrationHours", e.ActualIntegration, 168},
		{"absenceHours", &e.Absence, 168},
	}
	cents := make([]int64, len(fields))
	for i, f := range fields {
		if f.v == nil {
			continue
		}
		n, exact := decimal.Cents(*f.v)
		cents[i] = n
		switch {
		case math.IsNaN(*f.v) || *f.v < 0:
			p.Add(f.name, "Het aantal uren kan niet negatief zijn.")
		case !exact:
			p.Add(f.name, decimal.TooPrecise)
		case n > f.limit*100:
			p.Add(f.name, fmt.Sprintf("Hoogstens %d uur per week.", f.limit))
		}
	}
	fieldsOK := len(p) == 0 // sums of numbers refused on their own say nothing more
	if fieldsOK && cents[0]+cents[2] > 168*100 {
		p.Add("plannedIntegrationHours", "Een week heeft 168 uur; de geplande uren zijn samen meer.")
	}
	if fieldsOK && cents[1]+cents[3]+cents[4] > 168*100 {
		p.Add("absenceHours", "Een week heeft 168 uur; werk, inburgering en verzuim zijn samen meer.")
	}
	switch {
	case e.AbsenceReason != "" && !slices.Contains(AbsenceReasons, e.AbsenceReason):
		p.Add("absenceReason", "Kies ziek, verlof, ongeoorloofd of overig.")
	case e.Absence > 0 && e.AbsenceReason == "":
		p.Add("absenceReason", "Geef de reden van het verzuim.")
	case e.Absence == 0 && e.AbsenceReason != "":
		p.Add("absenceHours", "Vul de uren verzuim in, of laat de reden leeg.")
	}
	return p
}

// outsideWork says why a week lies outside the period the case is at work (empty when
// it does not): hours are kept only from the week work started until the week the
// case left work (docs/domain.md, weekly hours). A pilot that allows offers before
// settlement needs nothing else: its case is at work from its start date too.
func (c caseContext) outsideWork(w Week) string {
	if c.WorkStartedOn == nil {
		return "Uren horen bij een dossier dat aan het werk is; dit dossier is nog niet aan het werk."
	}
	if w.Monday().AddDate(0, 0, 6).Before(*c.WorkStartedOn) {
		return fmt.Sprintf("Het werk begon op %s (week %s); deze week ligt ervoor.",
			c.WorkStartedOn.Format("2-1-2006"), WeekOf(*c.WorkStartedOn))
	}
	if c.LeftWorkOn != nil && w.Monday().After(*c.LeftWorkOn) {
		return fmt.Sprintf("Het dossier is sinds %s niet meer aan het werk (week %s); deze week ligt erna.",
			c.LeftWorkOn.Format("2-1-2006"), WeekOf(*c.LeftWorkOn))
	}
	return ""
}

// normalise drops an actual of 0 in a week not begun yet: nothing can have been done
// in it, so it stays blank instead of counting as a logged week (API clients sent 0
// before actuals could be blank).
func (e Entry) normalise(w Week, today time.Time) Entry {
	if w.Monday().After(today) {
		if e.ActualWork != nil && *e.ActualWork == 0 {
			e.ActualWork = nil
		}
		if e.ActualIntegration != nil && *e.ActualIntegration == 0 {
			e.ActualIntegration = nil
		}
	}
	return e
}

// Put stores the hours of one week, replacing what was stored for that week, so that
// sending a week twice updates it instead of doubling it. created reports a new week.
func (s *Service) Put(
	ctx context.Context,
	actor access.Actor,
	caseID uuid.UUID,
	w Week,
	e Entry,
) (rec Record, created bool, err error) {
	actor = actor.For("cases", "write")
	today := calendar.Today(s.clock())
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		c, err := s.caseContext(tx, actor, caseID, true)
		if err != nil {
			return err
		}
		e = e.normalise(w, today)
		p := e.validate(w, c, today)
		if reason := c.outsideWork(w); reason != "" {
			p.Add("week", reason)
		}
		if err := p.Err(); err != nil {
			return err
		}
		var out struct {
			UpdatedAt time.Time
			Inserted  bool
		}
		err = tx.Raw(upsertWeekSQL, c.MunicipalityID, caseID, w.Monday(), e.PlannedWork, e.ActualWork,
			e.PlannedIntegration, e.ActualIntegration, e.Absence, e.reason()).Scan(&out).Error
		if err != nil {
			return fmt.Errorf("store week: %w", err)
		}
		rec = newRecord(w, e, c.targets(), out.UpdatedAt, today)
		created = out.Inserted
		action := audit.ActionChange
		if created {
			action = audit.ActionCreate
		}
		return audit.Case(ctx, tx, actor, action, audit.ObjectWeek, w.String(), caseID)
	})
	return rec, created, err
}

func newRecord(w Week, e Entry, t *Targets, updated, today time.Time) Record {
	ended := !w.Monday().AddDate(0, 0, 7).After(today)
	return Record{Week: w, Entry: e, Targets: t, Judgement: Judge(e, t, ended), UpdatedAt: updated}
}

// List returns the stored weeks of a case between from and to (inclusive), oldest first.
func (s *Service) List(
	ctx context.Context,
	actor access.Actor,
	caseID uuid.UUID,
	from,
	to *Week,
) ([]Record, error) {
	actor = actor.For("cases", "read")
	db := s.db.WithContext(ctx)
	c, err := s.caseContext(db, actor, caseID, false)
	if err != nil {
		return nil, err
	}
	q := db.Where("municipality_id = ? AND case_id = ?", c.MunicipalityID, caseID)
	if from != nil {
		q = q.Where("week_start >= ?", from.Monday())
	}
	if to != nil {
		q = q.Where("week_start <= ?", to.Monday())
	}
	var rows []weekRow
	if err := q.Order("week_start").Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("list weeks: %w", err)
	}
	today := calendar.Today(s.clock())
	out := make([]Record, len(rows))
	for i, r := range rows {
		out[i] = newRecord(WeekOf(r.WeekStart), r.entry(), c.targets(), r.UpdatedAt, today)
	}
	return out, audit.Case(ctx, db, actor, audit.ActionRead, audit.ObjectWeek, "", caseID)
}

// CaseTargets returns the weekly targets of a case's pilot (nil without a pilot), for a
// grid that also shows weeks nothing was stored for yet.
func (s *Service) CaseTargets(
	ctx context.Context,
	actor access.Actor,
	caseID uuid.UUID,
) (*Targets, error) {
	c, err := s.caseContext(s.db.WithContext(ctx), actor.For("cases", "read"), caseID, false)
	if err != nil {
		return nil, err
	}
	return c.targets(), nil
}
