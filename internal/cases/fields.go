package cases

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/errs"
)

// Kind is how a field's value is written in a request and held in a Patch.
type Kind int

const (
	KindDate Kind = iota + 1 // a calendar date: a time.Time in a Patch
	KindText                 // free text or a code checked by a rule: a string
	KindEnum                 // one of the field's Allowed values: a string
	KindID                   // the id of a colleague: a uuid.UUID
	KindCode                 // the code of a record looked up in the municipality (a pilot): a string
)

func (k Kind) String() string {
	names := map[Kind]string{
		KindDate: "date",
		KindText: "text",
		KindEnum: "enum",
		KindID:   "id",
		KindCode: "code",
	}
	return names[k]
}

// holds reports whether v is a value of this kind as a Patch holds it.
func (k Kind) holds(v any) bool {
	switch v.(type) {
	case time.Time:
		return k == KindDate
	case uuid.UUID:
		return k == KindID
	case string:
		return k == KindText || k == KindEnum || k == KindCode
	}
	return false
}

// Field is one editable field of a case. The table below is the one place that
// spells a field: the API decodes a PATCH body by it, the pages parse their forms by
// it, the history labels its events by it and change planning writes its column.
//
// How a change is checked follows from the row: a stage date (Stage set) is a
// correction of the date a move recorded; a field of the client (table clients) is
// personal data, required and checked together as on creation; an id or a code
// refers to a record of the municipality and is looked up; any other field is checked
// on its own (a date not in the future, an enum value from Allowed).
type Field struct {
	Name     string // in the API, the forms, the problems and the history
	Label    string // Dutch, for the history and messages
	Table    string // cases or clients
	Column   string
	Kind     Kind
	Allowed  []string // the values of an enum
	Personal bool     // personal data: the history names the field, never its values
	Stage    Stage    // for a stage date: the stage whose first date it is
	// Contact marks an optional contact detail (migration 00021, contact.go): it may
	// be cleared, and a value is checked and normalised on its own.
	Contact bool
	// normalise checks a contact detail's text: the value to store, or a problem.
	normalise func(string) (string, string)

	// current reads the value a change replaces. Stage dates have none: they are
	// read from, and checked against, the dates being corrected.
	current func(Case) any
}

// BenefitKinds are the kinds of bijstand benefit.
var BenefitKinds = []string{"volledig", "aanvullend"}

// Fields are the editable fields of a case, in the order a request's problems are
// reported in.
var Fields = append([]Field{
	// The case's own details: checked on their own, or looked up (id, code).
	{Name: "clientManagerId", Label: "Klantmanager", Kind: KindID,
		Table: "cases", Column: "client_manager_id",
		current: func(c Case) any { return c.ClientManagerID }},
	{Name: "pilot", Label: "Pilot", Kind: KindCode,
		Table: "cases", Column: "pilot_id",
		current: func(c Case) any { return c.PilotID }},
	{Name: "integrationRoute", Label: "Leerroute", Kind: KindEnum,
		Table: "cases", Column: "integration_route", Allowed: Routes,
		current: func(c Case) any { return c.Integration.Route }},
	{Name: "brpRegisteredOn", Label: "Inschrijving BRP", Kind: KindDate,
		Table: "cases", Column: "brp_registered_on",
		current: func(c Case) any { return c.Integration.BRPRegisteredOn }},
	{Name: "benefitGrantedOn", Label: "Uitkering toegekend", Kind: KindDate,
		Table: "cases", Column: "benefit_granted_on",
		current: func(c Case) any { return c.Benefit.GrantedOn }},
	{Name: "benefitKind", Label: "Soort uitkering", Kind: KindEnum,
		Table: "cases", Column: "benefit_kind", Allowed: BenefitKinds,
		current: func(c Case) any { return c.Benefit.Kind }},
	{Name: "benefitEndedOn", Label: "Einde uitkering", Kind: KindDate,
		Table: "cases", Column: "benefit_ended_on",
		current: func(c Case) any { return c.Benefit.EndedOn }},
	{Name: "benefitEndReason", Label: "Reden einde uitkering", Kind: KindEnum,
		Table: "cases", Column: "benefit_end_reason", Allowed: BenefitEndReasons,
		current: func(c Case) any { return c.Benefit.EndReason }},
	{Name: "ontzorgenStartedOn", Label: "Start ontzorgen", Kind: KindDate,
		Table: "cases", Column: "ontzorgen_started_on",
		current: func(c Case) any { return c.Integration.OntzorgenStartedOn }},
	{Name: "bredeIntakeStartedOn", Label: "Start brede intake", Kind: KindDate,
		Table: "cases", Column: "brede_intake_started_on",
		current: func(c Case) any { return c.Integration.BredeIntakeStartedOn }},
	{Name: "bredeIntakeCompletedOn", Label: "Brede intake afgerond", Kind: KindDate,
		Table: "cases", Column: "brede_intake_completed_on",
		current: func(c Case) any { return c.Integration.BredeIntakeCompletedOn }},

	// The stage dates: corrections of the dates the moves recorded.
	{Name: "registeredOn", Label: "Datum aanmelding", Kind: KindDate,
		Table: "cases", Column: "registered_on", Stage: StageAangemeld},
	{Name: "settledOn", Label: "Vestigingsdatum", Kind: KindDate,
		Table: "cases", Column: "settled_on", Stage: StageGevestigd},
	{Name: "benefitAppliedOn", Label: "Aanvraagdatum uitkering", Kind: KindDate,
		Table: "cases", Column: "benefit_applied_on", Stage: StageUitkeringAangevraagd},
	{Name: "jobOfferedOn", Label: "Datum baanaanbod", Kind: KindDate,
		Table: "cases", Column: "job_offered_on", Stage: StageBaanAangeboden},
	{Name: "workStartedOn", Label: "Startdatum werk", Kind: KindDate,
		Table: "cases", Column: "work_started_on", Stage: StageAanHetWerk},
	{Name: "leftBenefitOn", Label: "Uitstroomdatum", Kind: KindDate,
		Table: "cases", Column: "left_benefit_on", Stage: StageUitgestroomd},
	{Name: "closedOn", Label: "Sluitingsdatum", Kind: KindDate,
		Table: "cases", Column: "closed_on", Stage: StageAfgesloten},

	// The client's personal data: required, checked together as on creation.
	{Name: "name", Label: "Naam", Kind: KindText,
		Table: "clients", Column: "name", Personal: true,
		current: func(c Case) any { return c.Client.Name }},
	{Name: "birthDate", Label: "Geboortedatum", Kind: KindDate,
		Table: "clients", Column: "birth_date", Personal: true,
		current: func(c Case) any { return c.Client.BirthDate }},
	{Name: "gender", Label: "Geslacht", Kind: KindEnum,
		Table: "clients", Column: "gender", Allowed: genders, Personal: true,
		current: func(c Case) any { return c.Client.Gender }},
	{Name: "countryOfBirth", Label: "Geboorteland", Kind: KindText,
		Table: "clients", Column: "country_of_birth", Personal: true,
		current: func(c Case) any { return c.Client.CountryOfBirth }},
	{Name: "residencePermitDate", Label: "Datum verblijfsvergunning", Kind: KindDate,
		Table: "clients", Column: "residence_permit_date", Personal: true,
		current: func(c Case) any { return c.Client.ResidencePermitDate }},
	{Name: "householdType", Label: "Huishouden", Kind: KindEnum,
		Table: "clients", Column: "household_type", Allowed: householdTypes, Personal: true,
		current: func(c Case) any { return c.Client.HouseholdType }},
	{Name: "languageLevelIntake", Label: "Taalniveau bij intake", Kind: KindEnum,
		Table: "clients", Column: "language_level_intake", Allowed: languageLevels, Personal: true,
		current: func(c Case) any { return c.Client.LanguageLevelIntake }},

	// The contact details (contact.go) follow: optional, each checked on its own.
}, contactFields...)

// recordLabels name the history's entries that are no field of a Patch: they are
// written by their own use cases (AddPIP, AddResult).
var recordLabels = map[string]string{"pipVersion": "PIP-versie",
	"integrationResult": "Inburgeringsresultaat"}

// FieldNamed returns the field of that name.
func FieldNamed(name string) (Field, bool) {
	for _, f := range Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// FieldLabel is the Dutch name of a field or of another entry of the history; an
// unknown name is returned as it is.
func FieldLabel(name string) string {
	if f, ok := FieldNamed(name); ok {
		return f.Label
	}
	if l, ok := recordLabels[name]; ok {
		return l
	}
	return name
}

// stageField is the field of the date on which a case first entered stage s.
func stageField(s Stage) Field {
	for _, f := range Fields {
		if f.Stage == s {
			return f
		}
	}
	return Field{}
}

// Patch is a partial update of a case: the fields the caller sent, by name (see
// Fields), each with its new value, and why the change was made. Stage dates are
// corrections of the dates recorded by moves; each correction is recorded as an event.
type Patch struct {
	Values Values
	Note   string // why the change was made; kept with the events
}

// Values are new field values by field name: a time.Time for a date, a uuid.UUID for
// an id, a string for anything else. A nil value clears the field.
type Values map[string]any

// Opt is an optional value: Set means the caller sent it; a nil Value with Set
// clears the field.
type Opt[T any] struct {
	Set   bool
	Value *T
}

// Set records the new value of a field from an Opt: nothing when it is not set, a
// clear when its value is nil.
func Set[T any](p *Patch, name string, o Opt[T]) {
	if !o.Set {
		return
	}
	if p.Values == nil {
		p.Values = Values{}
	}
	if o.Value == nil {
		p.Values[name] = nil
		return
	}
	p.Values[name] = *o.Value
}

// has reports whether the patch sets (or clears) the field.
func (p Patch) has(name string) bool {
	_, ok := p.Values[name]
	return ok
}

// opt reads a field of the patch; check has made sure its type is right.
func opt[T any](p Patch, name string) Opt[T] {
	v, ok := p.Values[name]
	if !ok {
		return Opt[T]{}
	}
	if v == nil {
		return Opt[T]{Set: true}
	}
	t := v.(T)
	return Opt[T]{Set: true, Value: &t}
}

// check refuses a name outside the table (a problem of the caller's input) and a
// value of the wrong Go type (a programming error: the transports convert by Kind).
func (p Patch) check() error {
	names := make([]string, 0, len(p.Values))
	for name := range p.Values {
		names = append(names, name)
	}
	sort.Strings(names)
	var probs errs.Problems
	for _, name := range names {
		f, ok := FieldNamed(name)
		if !ok {
			probs.Add(name, "Onbekend veld.")
			continue
		}
		if v := p.Values[name]; v != nil && !f.Kind.holds(v) {
			return fmt.Errorf("patch of %s: a %T is no %s value", name, v, f.Kind)
		}
	}
	return probs.Err()
}

// allowedText lists an enum's values for a problem.
func allowedText(allowed []string) string {
	return "Kies een van: " + strings.Join(allowed, ", ") + "."
}
