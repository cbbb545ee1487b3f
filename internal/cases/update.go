package cases

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
)

// change is one planned column change and how to record it.
type change struct {
	api, table, column string
	old, new           any
	personal           bool // personal data: the event names the field, not the values
	correction         bool // a stage date correction
}

// Update applies a partial update when version is still the current one. The case
// returned is read within the transaction, so that nothing can fail after the commit.
func (s *Service) Update(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	version int,
	p Patch,
) (Case, error) {
	actor = actor.For("cases", "write")
	if err := p.check(); err != nil {
		return Case{}, err
	}
	var out Case
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := lockCase(tx, actor, id)
		if err != nil {
			return err
		}
		if err := refuseClosed(cur); err != nil {
			return err
		}
		if version != cur.Version {
			return errs.Stale()
		}
		if p.has("clientManagerId") && !actor.May(cur.MunicipalityID, "cases", "assign") {
			return errs.Forbidden("Alleen een teamleider wijst dossiers toe aan een klantmanager.")
		}
		full, err := s.getIn(tx, actor, id)
		if err != nil {
			return err
		}
		changes, err := s.planUpdate(tx, cur, full, p)
		if err != nil {
			return err
		}
		if changes = withoutNoOps(changes); len(changes) == 0 {
			// Nothing changed, but the case goes back to the caller: a read on record.
			out = full
			return audit.Case(
				ctx,
				tx,
				actor.For("cases", "read"),
				audit.ActionRead,
				audit.ObjectCase,
				"",
				id,
			)
		}
		if err := applyChanges(tx, actor, cur, full.Client.ID, changes, p.Note); err != nil {
			return err
		}
		return changedCase(ctx, tx, s, actor, id, &out)
	})
	if err != nil {
		return Case{}, err
	}
	return out, nil
}

func (s *Service) planUpdate(tx *gorm.DB, cur lockedCase, full Case, p Patch) ([]change, error) {
	var probs errs.Problems
	if utf8.RuneCountInString(p.Note) > maxNoteLength {
		probs.Add("note", "De notitie is te lang (hoogstens 2000 tekens).")
	}
	today := s.today()
	changes := planDetailChanges(&probs, full, p, today)
	changes = append(changes, planClientChanges(&probs, full, p, today)...)
	changes = append(changes, planContactChanges(&probs, full, p)...)
	dateChanges, dates := planDateCorrections(&probs, cur, p)
	changes = append(changes, dateChanges...)
	if len(probs) == 0 {
		probs = append(probs, dates.checkOrder(today, cur.AllowsPreSettlementOffer)...)
	}
	refChanges, err := planRefChanges(tx, &probs, cur, full, p)
	if err != nil {
		return nil, err
	}
	return append(changes, refChanges...), probs.Err()
}

// planDetailChanges plans the fields of the case that are checked on their own: a
// date not in the future and from 2000 on, an enum value from the field's list.
func planDetailChanges(probs *errs.Problems, c Case, p Patch, today time.Time) []change {
	var out []change
	for _, f := range Fields {
		v, ok := p.Values[f.Name]
		if !ok || f.Table != "cases" || f.Stage != "" || f.Kind == KindID || f.Kind == KindCode || f.Contact {
			continue
		}
		switch x := v.(type) {
		case time.Time:
			if x.After(today) {
				probs.Add(f.Name, "De datum ligt in de toekomst.")
			} else if !calendar.PlausibleEvent(x) {
				probs.Add(f.Name, calendar.ImplausibleEvent)
			}
		case string:
			if f.Kind == KindEnum && !oneOf(x, f.Allowed) {
				probs.Add(f.Name, allowedText(f.Allowed))
			}
		}
		out = append(out, f.change(f.current(c), v))
	}
	in := c.Integration
	started := pick(opt[time.Time](p, "bredeIntakeStartedOn"), in.BredeIntakeStartedOn)
	completed := pick(opt[time.Time](p, "bredeIntakeCompletedOn"), in.BredeIntakeCompletedOn)
	if started != nil && completed != nil && completed.Before(*started) {
		probs.Add("bredeIntakeCompletedOn", "De brede intake is afgerond voor hij begon.")
	}
	if completed != nil && started == nil {
		probs.Add("bredeIntakeStartedOn", "Vul ook de startdatum van de brede intake in.")
	}
	return out
}

// Routes are the integration routes of the Wet inburgering 2021.
var Routes = []string{"b1", "onderwijs", "z"}

func pick[T any](o Opt[T], current *T) *T {
	if o.Set {
		return o.Value
	}
	return current
}

// planClientChanges plans the client's personal data: required, and checked
// together the way they are on creation.
func planClientChanges(probs *errs.Problems, k Case, p Patch, today time.Time) []change {
	c := k.Client
	for _, f := range Fields {
		if v, ok := p.Values[f.Name]; ok && v == nil && f.Table == "clients" && !f.Contact {
			probs.Add(f.Name, "Dit veld is verplicht.")
		}
	}
	if len(*probs) > 0 {
		return nil
	}
	check := personData{Name: strings.TrimSpace(deref(opt[string](p, "name"), c.Name)),
		BirthDate:           ptr(deref(opt[time.Time](p, "birthDate"), c.BirthDate)),
		ResidencePermitDate: ptr(deref(opt[time.Time](p, "residencePermitDate"), c.ResidencePermitDate)),
		Gender:              deref(opt[string](p, "gender"), c.Gender),
		CountryOfBirth:      deref(opt[string](p, "countryOfBirth"), c.CountryOfBirth),
		HouseholdType:       deref(opt[string](p, "householdType"), c.HouseholdType),
		LanguageLevelIntake: deref(opt[string](p, "languageLevelIntake"), c.LanguageLevelIntake)}
	check.validate(probs, today)
	if p.has("residencePermitDate") && check.ResidencePermitDate.After(k.Dates.RegisteredOn) {
		probs.Add("residencePermitDate", "De verblijfsvergunning ligt na de aanmelding.")
	}
	var out []change
	for _, f := range Fields {
		v, ok := p.Values[f.Name]
		if !ok || f.Table != "clients" || f.Contact {
			continue
		}
		if f.Name == "name" {
			v = check.Name // stored without the spaces around it
		}
		out = append(out, f.change(f.current(k), v))
	}
	return out
}

func deref[T any](o Opt[T], current T) T {
	if o.Set && o.Value != nil {
		return *o.Value
	}
	return current
}

// planDateCorrections applies stage date corrections to a copy of the dates.
// A date can be corrected once the case has reached its stage; settledOn may also be
// filled in later for a pre-settlement offer. Stage dates are never cleared.
func planDateCorrections(probs *errs.Problems, cur lockedCase, p Patch) ([]change, StageDates) {
	dates := cur.StageDates
	var out []change
	if o := opt[time.Time](p, "registeredOn"); o.Set {
		f := stageField(StageAangemeld)
		switch {
		case o.Value == nil:
			probs.Add(f.Name, "Een fasedatum kan niet worden gewist.")
		case !calendar.PlausibleEvent(*o.Value):
			probs.Add(f.Name, calendar.ImplausibleEvent)
		default:
			out = append(out, f.correction(dates.RegisteredOn, *o.Value))
			dates.RegisteredOn = *o.Value
		}
	}
	for _, sd := range stageDateFields {
		f := stageField(sd.stage)
		o := opt[time.Time](p, f.Name)
		if !o.Set {
			continue
		}
		field := sd.get(&dates)
		switch {
		case o.Value == nil:
			probs.Add(f.Name, "Een fasedatum kan niet worden gewist.")
		case !calendar.PlausibleEvent(*o.Value):
			probs.Add(f.Name, calendar.ImplausibleEvent)
		case *field == nil && !(sd.stage == StageGevestigd && cur.Stage != StageAangemeld):
			probs.Add(f.Name, "Het dossier heeft deze fase nog niet bereikt.")
		default:
			out = append(out, f.correction(*field, *o.Value))
			*field = o.Value
		}
	}
	return out, dates
}

// planRefChanges plans the fields that refer to a record of the municipality: the
// pilot by its code, the client manager by id.
func planRefChanges(
	tx *gorm.DB,
	probs *errs.Problems,
	cur lockedCase,
	c Case,
	p Patch,
) ([]change, error) {
	var out []change
	if o := opt[string](p, "pilot"); o.Set {
		var pilotID *int32
		if o.Value != nil {
			id, err := pilotFor(tx, cur.MunicipalityID, o.Value)
			if err != nil {
				if e, ok := errs.As(err); ok {
					*probs = append(*probs, e.Fields...)
					return out, nil
				}
				return nil, err
			}
			pilotID = id
		}
		out = append(out, refChange("pilot", c, pilotID))
	}
	if o := opt[uuid.UUID](p, "clientManagerId"); o.Set {
		if v := o.Value; v != nil {
			ok, err := worksHere(tx, cur.MunicipalityID, *v)
			if err != nil {
				return nil, err
			}
			if !ok {
				probs.Add("clientManagerId", managerUnknown)
			}
		}
		out = append(out, refChange("clientManagerId", c, o.Value))
	}
	return out, nil
}

func refChange(name string, c Case, to any) change {
	f, _ := FieldNamed(name)
	return f.change(f.current(c), to)
}

// change plans writing the field's column; a personal field's event will not keep
// the values.
func (f Field) change(old, to any) change {
	return change{
		api:      f.Name,
		table:    f.Table,
		column:   f.Column,
		old:      old,
		new:      to,
		personal: f.Personal,
	}
}

// correction plans correcting a stage date.
func (f Field) correction(old, to any) change {
	c := f.change(old, to)
	c.correction = true
	return c
}

// withoutNoOps drops changes that set a field to the value it has, so that neither
// the version nor the history moves for them.
func withoutNoOps(cs []change) []change {
	out := cs[:0]
	for _, c := range cs {
		o, n := formatValue(c.old), formatValue(c.new)
		if (o == nil) != (n == nil) || (o != nil && *o != *n) {
			out = append(out, c)
		}
	}
	return out
}
