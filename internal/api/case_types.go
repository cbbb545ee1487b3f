package api

import (
	"bytes"
	"encoding/json"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

type createCaseRequest struct {
	Municipality        string  `json:"municipality"`
	BSN                 string  `json:"bsn"`
	Name                string  `json:"name"`
	BirthDate           *string `json:"birthDate"`
	Gender              string  `json:"gender"`
	CountryOfBirth      string  `json:"countryOfBirth"`
	ResidencePermitDate *string `json:"residencePermitDate"`
	HouseholdType       string  `json:"householdType"`
	LanguageLevelIntake string  `json:"languageLevelIntake"`
	Pilot               *string `json:"pilot"`
	ClientManagerID     *string `json:"clientManagerId"`
	RegisteredOn        *string `json:"registeredOn"`
	Note                string  `json:"note"`
}

// toDomain converts the request; problems of format (dates, ids) are returned
// for merging with the domain's own validation.
func (r createCaseRequest) toDomain() (cases.NewCase, errs.Problems) {
	var p errs.Problems
	n := cases.NewCase{MunicipalityCode: r.Municipality, BSN: r.BSN, Name: r.Name,
		BirthDate: parseDate(
			&p,
			"birthDate",
			r.BirthDate,
		), Gender: r.Gender, CountryOfBirth: r.CountryOfBirth,
		ResidencePermitDate: parseDate(&p, "residencePermitDate", r.ResidencePermitDate),
		HouseholdType:       r.HouseholdType, LanguageLevelIntake: r.LanguageLevelIntake, PilotCode: r.Pilot,
		ClientManagerID: parseUUID(&p, "clientManagerId", r.ClientManagerID),
		RegisteredOn:    parseDate(&p, "registeredOn", r.RegisteredOn), Note: r.Note}
	return n, p
}

// patchCaseRequest is a merge-patch body: any field of the case's field table
// (cases.Fields) and a note. Each value stays raw until toDomain converts it by the
// field's kind, so that absent, null and a wrong type can be told apart.
type patchCaseRequest struct {
	fields map[string]Optional[string] // by the table's name
	Note   Optional[string]
}

// UnmarshalJSON reads the body's keys in order and refuses the first that is not a
// field, as decoding into a struct with unknown fields disallowed did. A key matches
// a field exactly or else ignoring case, as encoding/json matches struct fields.
func (r *patchCaseRequest) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil { // the opening brace: decode has checked it is an object
		return err
	}
	r.fields = map[string]Optional[string]{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		var o Optional[string]
		if err := dec.Decode(&o); err != nil {
			return err
		}
		key, _ := tok.(string)
		switch name, ok := patchFieldName(key); {
		case ok:
			r.fields[name] = o
		case strings.EqualFold(key, "note"):
			r.Note = o
		case key == "":
			return &fieldError{name: "body", reason: `Onbekend veld zonder naam ("").`}
		default:
			return &fieldError{name: key, reason: "Onbekend veld."}
		}
	}
	return nil
}

func patchFieldName(key string) (string, bool) {
	if f, ok := cases.FieldNamed(key); ok {
		return f.Name, true
	}
	for _, f := range cases.Fields {
		if strings.EqualFold(f.Name, key) {
			return f.Name, true
		}
	}
	return "", false
}

// toDomain converts every field sent by its kind; problems are reported in the
// order of the field table.
func (r patchCaseRequest) toDomain() (cases.Patch, error) {
	var p errs.Problems
	note := optField(&p, "note", r.Note)
	var out cases.Patch
	for _, f := range cases.Fields {
		o, ok := r.fields[f.Name]
		if !ok {
			continue
		}
		switch f.Kind {
		case cases.KindDate:
			cases.Set(&out, f.Name, optDate(&p, f.Name, o))
		case cases.KindID:
			cases.Set(&out, f.Name, optUUID(&p, f.Name, o))
		default:
			cases.Set(&out, f.Name, optField(&p, f.Name, o))
		}
	}
	if note.Value != nil {
		out.Note = *note.Value
	}
	return out, p.Err()
}

type transitionRequest struct {
	ToStage     string  `json:"toStage"`
	Date        *string `json:"date"`
	Note        string  `json:"note"`
	CloseReason *string `json:"closeReason"`
}

// toDomain converts the request; version is the case version of If-Match, if any.
func (r transitionRequest) toDomain(version *int) (cases.TransitionInput, error) {
	var p errs.Problems
	in := cases.TransitionInput{To: cases.Stage(r.ToStage), On: parseDate(&p, "date", r.Date),
		Note:        r.Note,
		CloseReason: r.CloseReason, IfVersion: version}
	if r.Date == nil {
		p.Add("date", "Vul een datum in.")
	}
	return in, p.Err()
}

type pipRequest struct {
	DrawnUpOn               *string  `json:"drawnUpOn"`
	Route                   string   `json:"route"`
	PlannedIntegrationHours *float64 `json:"plannedIntegrationHoursPerWeek"`
}

func (r pipRequest) toDomain() (cases.NewPIP, error) {
	var p errs.Problems
	in := cases.NewPIP{DrawnUpOn: parseDate(&p, "drawnUpOn", r.DrawnUpOn), Route: r.Route,
		PlannedIntegrationHours: r.PlannedIntegrationHours}
	return in, p.Err()
}

type resultRequest struct {
	Kind    string  `json:"kind"`
	Outcome string  `json:"outcome"`
	OnDate  *string `json:"onDate"`
}

func (r resultRequest) toDomain() (cases.NewResult, error) {
	var p errs.Problems
	in := cases.NewResult{Kind: r.Kind, Outcome: r.Outcome, OnDate: parseDate(&p, "onDate", r.OnDate)}
	return in, p.Err()
}

// caseSearchRequest searches by BSN or by (part of) a name: personal data travels in
// the body, never in a URL, where it would end up in logs and browser history.
type caseSearchRequest struct {
	BSN          string `json:"bsn"`
	Name         string `json:"name"`
	Municipality string `json:"municipality"`
}

type pipJSON struct {
	Version                 int       `json:"version"`
	DrawnUpOn               Date      `json:"drawnUpOn"`
	Route                   string    `json:"route"`
	PlannedIntegrationHours *float64  `json:"plannedIntegrationHoursPerWeek"`
	RecordedAt              time.Time `json:"recordedAt"`
}

type resultJSON struct {
	ID      int64  `json:"id"`
	Kind    string `json:"kind"`
	Outcome string `json:"outcome"`
	OnDate  Date   `json:"onDate"`
}

// caseJSON is the representation of a case: flat, in the same shape a merge-patch
// body takes.
type caseJSON struct {
	ID                        uuid.UUID    `json:"id"`
	Municipality              string       `json:"municipality"`
	CaseNumber                string       `json:"caseNumber"`
	Pilot                     *string      `json:"pilot"`
	ClientManagerID           *uuid.UUID   `json:"clientManagerId"`
	ClientManagerName         *string      `json:"clientManagerName"`
	Stage                     string       `json:"stage"`
	StageEnteredOn            Date         `json:"stageEnteredOn"`
	NextStages                []string     `json:"nextStages"`
	OfferDueOn                *Date        `json:"offerDueOn"`
	OfferOverdue              bool         `json:"offerOverdue"`
	Version                   int          `json:"version"`
	ReentryCount              int          `json:"reentryCount"`
	CloseReason               *string      `json:"closeReason"`
	Name                      string       `json:"name"`
	BirthDate                 Date         `json:"birthDate"`
	Gender                    string       `json:"gender"`
	CountryOfBirth            string       `json:"countryOfBirth"`
	ResidencePermitDate       Date         `json:"residencePermitDate"`
	HouseholdType             string       `json:"householdType"`
	LanguageLevelIntake       string       `json:"languageLevelIntake"`
	RegisteredOn              Date         `json:"registeredOn"`
	SettledOn                 *Date        `json:"settledOn"`
	BenefitAppliedOn          *Date        `json:"benefitAppliedOn"`
	JobOfferedOn              *Date        `json:"jobOfferedOn"`
	WorkStartedOn             *Date        `json:"workStartedOn"`
	LeftBenefitOn             *Date        `json:"leftBenefitOn"`
	ClosedOn                  *Date        `json:"closedOn"`
	BRPRegisteredOn           *Date        `json:"brpRegisteredOn"`
	BenefitGrantedOn          *Date        `json:"benefitGrantedOn"`
	BenefitKind               *string      `json:"benefitKind"`
	BenefitEndedOn            *Date        `json:"benefitEndedOn"`
	BenefitEndReason          *string      `json:"benefitEndReason"`
	OntzorgenStartedOn        *Date        `json:"ontzorgenStartedOn"`
	OntzorgenEndsOn           *Date        `json:"ontzorgenEndsOn"`
	BredeIntakeStartedOn      *Date        `json:"bredeIntakeStartedOn"`
	BredeIntakeCompletedOn    *Date        `json:"bredeIntakeCompletedOn"`
	IntegrationRoute          *string      `json:"integrationRoute"`
	FirstPIPOn                *Date        `json:"firstPipOn"`
	InburgeringstermijnEndsOn *Date        `json:"inburgeringstermijnEndsOn"`
	PIPs                      []pipJSON    `json:"pips"`
	IntegrationResults        []resultJSON `json:"integrationResults"`
	CreatedAt                 time.Time    `json:"createdAt"`
	UpdatedAt                 time.Time    `json:"updatedAt"`
	contactJSON                            // flattened: the same names as in a PATCH
}

// contactJSON are the contact details of a case (cases.Contact), all nullable.
type contactJSON struct {
	Phone               *string `json:"phone"`
	Email               *string `json:"email"`
	Street              *string `json:"street"`
	HouseNumber         *string `json:"houseNumber"`
	Postcode            *string `json:"postcode"`
	City                *string `json:"city"`
	PreferredLanguage   *string `json:"preferredLanguage"`
	InterpreterNeeded   *string `json:"interpreterNeeded"`
	CourseProvider      *string `json:"courseProvider"`
	CourseContactPerson *string `json:"courseContactPerson"`
	CoursePhone         *string `json:"coursePhone"`
	CourseEmail         *string `json:"courseEmail"`
}

func toContactJSON(k cases.Contact) contactJSON {
	return contactJSON{Phone: k.Phone, Email: k.Email, Street: k.Street, HouseNumber: k.HouseNumber,
		Postcode: k.Postcode, City: k.City, PreferredLanguage: k.PreferredLanguage,
		InterpreterNeeded: k.InterpreterNeeded, CourseProvider: k.CourseProvider,
		CourseContactPerson: k.CourseContactPerson, CoursePhone: k.CoursePhone, CourseEmail: k.CourseEmail}
}

func toCaseJSON(c cases.Case, today time.Time) caseJSON {
	out := caseJSON{ID: c.ID, Municipality: c.MunicipalityCode, CaseNumber: c.CaseNumber,
		Pilot:             c.PilotCode,
		ClientManagerID:   c.ClientManagerID,
		ClientManagerName: c.ClientManagerName, Stage: string(c.Stage), StageEnteredOn: date(c.StageEnteredOn),
		NextStages: make(
			[]string,
			0,
			len(c.NextStages),
		), Version: c.Version, ReentryCount: c.ReentryCount,
		CloseReason: c.CloseReason, Name: c.Client.Name, BirthDate: date(c.Client.BirthDate), Gender: c.Client.Gender,
		CountryOfBirth: c.Client.CountryOfBirth, ResidencePermitDate: date(c.Client.ResidencePermitDate),
		HouseholdType: c.Client.HouseholdType, LanguageLevelIntake: c.Client.LanguageLevelIntake,
		RegisteredOn: date(c.Dates.RegisteredOn), SettledOn: datePtr(c.Dates.SettledOn),
		BenefitAppliedOn: datePtr(c.Dates.BenefitAppliedOn), JobOfferedOn: datePtr(c.Dates.JobOfferedOn),
		WorkStartedOn: datePtr(c.Dates.WorkStartedOn), LeftBenefitOn: datePtr(c.Dates.LeftBenefitOn),
		ClosedOn: datePtr(c.Dates.ClosedOn), BRPRegisteredOn: datePtr(c.Integration.BRPRegisteredOn),
		BenefitGrantedOn: datePtr(c.Benefit.GrantedOn), BenefitKind: c.Benefit.Kind,
		BenefitEndedOn: datePtr(c.Benefit.EndedOn), BenefitEndReason: c.Benefit.EndReason,
		OntzorgenStartedOn:   datePtr(c.Integration.OntzorgenStartedOn),
		BredeIntakeStartedOn: datePtr(c.Integration.BredeIntakeStartedOn),
		BredeIntakeCompletedOn: datePtr(
			c.Integration.BredeIntakeCompletedOn,
		), IntegrationRoute: c.Integration.Route,
		FirstPIPOn: datePtr(c.Integration.FirstPIPOn), InburgeringstermijnEndsOn: datePtr(
			c.Integration.InburgeringstermijnEnds,
		),
		PIPs: make([]pipJSON, 0, len(c.Integration.PIPs)), IntegrationResults: make(
			[]resultJSON,
			0,
			len(c.Integration.Results),
		),
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt,
		OfferDueOn: datePtr(c.OfferDueOn), OfferOverdue: c.OfferOverdue(today),
		contactJSON: toContactJSON(c.Contact)}
	for _, s := range c.NextStages {
		out.NextStages = append(out.NextStages, string(s))
	}
	if s := c.Integration.OntzorgenStartedOn; s != nil {
		// Ontzorgen covers the first six months of the benefit.
		end := s.AddDate(0, 6, 0)
		out.OntzorgenEndsOn = datePtr(&end)
	}
	for _, p := range c.Integration.PIPs {
		out.PIPs = append(
			out.PIPs,
			pipJSON{
				Version:                 p.Version,
				DrawnUpOn:               date(p.DrawnUpOn),
				Route:                   p.Route,
				RecordedAt:              p.RecordedAt,
				PlannedIntegrationHours: p.PlannedIntegrationHours,
			},
		)
	}
	for _, r := range c.Integration.Results {
		out.IntegrationResults = append(
			out.IntegrationResults,
			resultJSON{ID: r.ID, Kind: r.Kind, Outcome: r.Outcome, OnDate: date(r.OnDate)},
		)
	}
	return out
}

type caseSummaryJSON struct {
	ID                uuid.UUID  `json:"id"`
	Municipality      string     `json:"municipality"`
	CaseNumber        string     `json:"caseNumber"`
	Pilot             *string    `json:"pilot"`
	ClientManagerID   *uuid.UUID `json:"clientManagerId"`
	ClientManagerName *string    `json:"clientManagerName"`
	Name              string     `json:"name"`
	Gender            string     `json:"gender"`
	Stage             string     `json:"stage"`
	StageEnteredOn    Date       `json:"stageEnteredOn"`
	BenefitAppliedOn  *Date      `json:"benefitAppliedOn"`
	CreatedAt         time.Time  `json:"createdAt"`
}

func toSummaries(list []cases.Summary) []caseSummaryJSON {
	out := make([]caseSummaryJSON, len(list))
	for i, s := range list {
		out[i] = caseSummaryJSON{ID: s.ID, Municipality: s.MunicipalityCode, CaseNumber: s.CaseNumber,
			Pilot:           s.PilotCode,
			ClientManagerID: s.ClientManagerID, ClientManagerName: s.ClientManagerName, Name: s.ClientName,
			Gender: s.Gender, Stage: string(s.Stage), StageEnteredOn: date(s.StageEnteredOn),
			BenefitAppliedOn: datePtr(s.BenefitAppliedOn), CreatedAt: s.CreatedAt}
	}
	return out
}

type eventJSON struct {
	ID         int64      `json:"id"`
	Kind       string     `json:"kind"`
	FromStage  *string    `json:"fromStage"`
	ToStage    *string    `json:"toStage"`
	OccurredOn *Date      `json:"occurredOn"`
	Field      *string    `json:"field"`
	OldValue   *string    `json:"oldValue"`
	NewValue   *string    `json:"newValue"`
	Reentry    bool       `json:"reentry"`
	Note       string     `json:"note"`
	ActorID    *uuid.UUID `json:"actorId"`
	ActorName  string     `json:"actorName"`
	RecordedAt time.Time  `json:"recordedAt"`
	// UndoesEventID: the transition a correctie or heropend event took back;
	// JobOfferID: the offer that caused a transition or that a correction is about.
	UndoesEventID *int64     `json:"undoesEventId"`
	JobOfferID    *uuid.UUID `json:"jobOfferId"`
}

func toEvents(list []cases.Event) []eventJSON {
	out := make([]eventJSON, len(list))
	for i, e := range list {
		out[i] = eventJSON{ID: e.ID, Kind: e.Kind, FromStage: e.FromStage, ToStage: e.ToStage,
			OccurredOn: datePtr(e.OccurredOn), Field: e.Field, OldValue: e.OldValue, NewValue: e.NewValue,
			Reentry: e.Reentry, Note: e.Note, ActorID: e.ActorID, ActorName: e.ActorName, RecordedAt: e.RecordedAt,
			UndoesEventID: e.UndoesEventID, JobOfferID: e.JobOfferID}
	}
	return out
}
