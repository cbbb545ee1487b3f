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

// Opt is a field of a partial update: Set means the caller sent it; a nil Value
// with Set clears the field.
type Opt[T any] struct {
	Set   bool
	Value *T
}

// Patch is a partial update of a case. Stage dates are corrections of the dates
// recorded by transitions; each correction is recorded as an event.
type Patch struct {
	ClientManagerID        Opt[uuid.UUID]
	PilotCode              Opt[string]
	IntegrationRoute       Opt[string]
	BRPRegisteredOn        Opt[time.Time]
	BenefitGrantedOn       Opt[time.Time]
	BenefitKind            Opt[string]
	BenefitEndedOn         Opt[time.Time]
	BenefitEndReason       Opt[string]
	OntzorgenStartedOn     Opt[time.Time]
	BredeIntakeStartedOn   Opt[time.Time]
	BredeIntakeCompletedOn Opt[time.Time]

	RegisteredOn     Opt[time.Time]
	SettledOn        Opt[time.Time]
	BenefitAppliedOn Opt[time.Time]
	JobOfferedOn     Opt[time.Time]
	WorkStartedOn    Opt[time.Time]
	LeftBenefitOn    Opt[time.Time]
	ClosedOn         Opt[time.Time]

	Name                Opt[string]
	BirthDate           Opt[time.Time]
	Gender              Opt[string]
	CountryOfBirth      Opt[string]
	ResidencePermitDate Opt[time.Time]
	HouseholdType       Opt[string]
	LanguageLevelIntake Opt[string]

	Note string // why the change was made; kept with the events
}

// change is one planned column change and how to record it.
type change struct {
	api, table, column string
	old, new           any
	personal           bool // personal data: the event names the field, not the values
	correction         bool // a stage date correction
}

// Update applies a partial update when version is still the current one. The case
// returned is read within the transaction, so that nothing can fail after the commit.
func (s *Service) Update(ctx context.Context, actor access.Actor, id uuid.UUID, version int, p Patch) (Case, error) {
	actor = actor.For("cases", "write")
	var out Case
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		cur, err := lockCase(tx, actor, id)
		if err != nil {
			return err
		}
		if version != cur.Version {
			return errs.Stale()
		}
		if p.ClientManagerID.Set && !actor.May(cur.MunicipalityID, "cases", "assign") {
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
			return audit.Case(ctx, tx, actor.For("cases", "read"), audit.ActionRead, audit.ObjectCase, "", id)
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
	changes = append(changes, planClientChanges(&probs, full.Client, p, full.Dates.RegisteredOn, today)...)
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

func planDetailChanges(probs *errs.Problems, c Case, p Patch, today time.Time) []change {
	var out []change
	dateField := func(api, column string, o Opt[time.Time], old *time.Time) {
		if !o.Set {
			return
		}
		switch {
		case o.Value != nil && o.Value.After(today):
			probs.Add(api, "De datum ligt in de toekomst.")
		case o.Value != nil && !calendar.PlausibleEvent(*o.Value):
			probs.Add(api, calendar.ImplausibleEvent)
		}
		out = append(out, change{api: api, table: "cases", column: column, old: old, new: o.Value})
	}
	enumField := func(api, column string, o Opt[string], allowed []string, old *string) {
		if !o.Set {
			return
		}
		if o.Value != nil && !oneOf(*o.Value, allowed) {
			probs.Add(api, "Kies een van: "+strings.Join(allowed, ", ")+".")
		}
		out = append(out, change{api: api, table: "cases", column: column, old: old, new: o.Value})
	}
	in := c.Integration
	dateField("brpRegisteredOn", "brp_registered_on", p.BRPRegisteredOn, in.BRPRegisteredOn)
	dateField("benefitGrantedOn", "benefit_granted_on", p.BenefitGrantedOn, c.Benefit.GrantedOn)
	dateField("benefitEndedOn", "benefit_ended_on", p.BenefitEndedOn, c.Benefit.EndedOn)
	dateField("ontzorgenStartedOn", "ontzorgen_started_on", p.OntzorgenStartedOn, in.OntzorgenStartedOn)
	dateField("bredeIntakeStartedOn", "brede_intake_started_on", p.BredeIntakeStartedOn, in.BredeIntakeStartedOn)
	dateField("bredeIntakeCompletedOn", "brede_intake_completed_on", p.BredeIntakeCompletedOn, in.BredeIntakeCompletedOn)
	enumField("integrationRoute", "integration_route", p.IntegrationRoute, Routes, in.Route)
	enumField("benefitKind", "benefit_kind", p.BenefitKind, []string{"volledig", "aanvullend"}, c.Benefit.Kind)
	enumField("benefitEndReason", "benefit_end_reason", p.BenefitEndReason, BenefitEndReasons, c.Benefit.EndReason)
	started, completed := pick(p.BredeIntakeStartedOn, in.BredeIntakeStartedOn), pick(p.BredeIntakeCompletedOn, in.BredeIntakeCompletedOn)
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

func planClientChanges(probs *errs.Problems, c Client, p Patch, registeredOn, today time.Time) []change {
	var out []change
	add := func(api, column string, set bool, old, new any) {
		if set {
			out = append(out, change{api: api, table: "clients", column: column, old: old, new: new, personal: true})
		}
	}
	required := func(api string, set, isNil bool) {
		if set && isNil {
			probs.Add(api, "Dit veld is verplicht.")
		}
	}
	required("name", p.Name.Set, p.Name.Value == nil)
	required("birthDate", p.BirthDate.Set, p.BirthDate.Value == nil)
	required("gender", p.Gender.Set, p.Gender.Value == nil)
	required("countryOfBirth", p.CountryOfBirth.Set, p.CountryOfBirth.Value == nil)
	required("residencePermitDate", p.ResidencePermitDate.Set, p.ResidencePermitDate.Value == nil)
	required("householdType", p.HouseholdType.Set, p.HouseholdType.Value == nil)
	required("languageLevelIntake", p.LanguageLevelIntake.Set, p.LanguageLevelIntake.Value == nil)
	if len(*probs) > 0 {
		return nil
	}
	check := personData{Name: strings.TrimSpace(deref(p.Name, c.Name)),
		BirthDate: ptr(deref(p.BirthDate, c.BirthDate)), ResidencePermitDate: ptr(deref(p.ResidencePermitDate, c.ResidencePermitDate)),
		Gender: deref(p.Gender, c.Gender), CountryOfBirth: deref(p.CountryOfBirth, c.CountryOfBirth),
		HouseholdType: deref(p.HouseholdType, c.HouseholdType), LanguageLevelIntake: deref(p.LanguageLevelIntake, c.LanguageLevelIntake)}
	check.validate(probs, today)
	if p.ResidencePermitDate.Set && check.ResidencePermitDate.After(registeredOn) {
		probs.Add("residencePermitDate", "De verblijfsvergunning ligt na de aanmelding.")
	}
	add("name", "name", p.Name.Set, c.Name, check.Name)
	add("birthDate", "birth_date", p.BirthDate.Set, c.BirthDate, p.BirthDate.Value)
	add("gender", "gender", p.Gender.Set, c.Gender, p.Gender.Value)
	add("countryOfBirth", "country_of_birth", p.CountryOfBirth.Set, c.CountryOfBirth, p.CountryOfBirth.Value)
	add("residencePermitDate", "residence_permit_date", p.ResidencePermitDate.Set, c.ResidencePermitDate, p.ResidencePermitDate.Value)
	add("householdType", "household_type", p.HouseholdType.Set, c.HouseholdType, p.HouseholdType.Value)
	add("languageLevelIntake", "language_level_intake", p.LanguageLevelIntake.Set, c.LanguageLevelIntake, p.LanguageLevelIntake.Value)
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
	if p.RegisteredOn.Set {
		switch {
		case p.RegisteredOn.Value == nil:
			probs.Add("registeredOn", "Een fasedatum kan niet worden gewist.")
		case !calendar.PlausibleEvent(*p.RegisteredOn.Value):
			probs.Add("registeredOn", calendar.ImplausibleEvent)
		default:
			out = append(out, change{api: "registeredOn", table: "cases", column: "registered_on", old: dates.RegisteredOn, new: *p.RegisteredOn.Value, correction: true})
			dates.RegisteredOn = *p.RegisteredOn.Value
		}
	}
	opts := map[string]Opt[time.Time]{"settledOn": p.SettledOn, "benefitAppliedOn": p.BenefitAppliedOn,
		"jobOfferedOn": p.JobOfferedOn, "workStartedOn": p.WorkStartedOn, "leftBenefitOn": p.LeftBenefitOn, "closedOn": p.ClosedOn}
	for _, f := range stageDateFields {
		o := opts[f.api]
		if !o.Set {
			continue
		}
		field := f.get(&dates)
		switch {
		case o.Value == nil:
			probs.Add(f.api, "Een fasedatum kan niet worden gewist.")
		case !calendar.PlausibleEvent(*o.Value):
			probs.Add(f.api, calendar.ImplausibleEvent)
		case *field == nil && !(f.stage == StageGevestigd && cur.Stage != StageAangemeld):
			probs.Add(f.api, "Het dossier heeft deze fase nog niet bereikt.")
		default:
			out = append(out, change{api: f.api, table: "cases", column: f.column, old: *field, new: *o.Value, correction: true})
			*field = o.Value
		}
	}
	return out, dates
}

func planRefChanges(tx *gorm.DB, probs *errs.Problems, cur lockedCase, c Case, p Patch) ([]change, error) {
	var out []change
	if p.PilotCode.Set {
		var pilotID *int32
		if p.PilotCode.Value != nil {
			id, err := pilotFor(tx, cur.MunicipalityID, p.PilotCode.Value)
			if err != nil {
				if e, ok := errs.As(err); ok {
					*probs = append(*probs, e.Fields...)
					return out, nil
				}
				return nil, err
			}
			pilotID = id
		}
		out = append(out, change{api: "pilot", table: "cases", column: "pilot_id", old: c.PilotID, new: pilotID})
	}
	if p.ClientManagerID.Set {
		if v := p.ClientManagerID.Value; v != nil {
			ok, err := worksHere(tx, cur.MunicipalityID, *v)
			if err != nil {
				return nil, err
			}
			if !ok {
				probs.Add("clientManagerId", managerUnknown)
			}
		}
		out = append(out, change{api: "clientManagerId", table: "cases", column: "client_manager_id", old: c.ClientManagerID, new: p.ClientManagerID.Value})
	}
	return out, nil
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
