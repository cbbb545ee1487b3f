package cases

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
)

// NewCase is the input for registering a client's case in a municipality.
type NewCase struct {
	MunicipalityCode    string
	BSN                 string
	Name                string
	BirthDate           *time.Time
	Gender              string
	CountryOfBirth      string
	ResidencePermitDate *time.Time
	HouseholdType       string
	LanguageLevelIntake string
	PilotCode           *string
	ClientManagerID     *uuid.UUID
	RegisteredOn        *time.Time
	Note                string
}

var (
	genders        = []string{"man", "vrouw", "x"}
	householdTypes = []string{
		"alleenstaand",
		"alleenstaande_ouder",
		"paar_zonder_kinderen",
		"paar_met_kinderen",
		"anders",
	}
	languageLevels  = []string{"A0", "A1", "A2", "B1", "B2", "C1"}
	errActiveExists = "Er bestaat al een actief dossier voor deze BSN in deze gemeente."
)

func (n *NewCase) validate(today time.Time) errs.Problems {
	var p errs.Problems
	n.Name = strings.TrimSpace(n.Name)
	n.BSN = strings.TrimSpace(n.BSN)
	if n.MunicipalityCode == "" {
		p.Add("municipality", "Kies een gemeente.")
	}
	if !bsn.Valid(n.BSN) {
		p.Add("bsn", "Het BSN moet uit 9 cijfers bestaan en voldoen aan de elfproef.")
	}
	n.person().validate(&p, today)
	validateEventDate(&p, "registeredOn", n.RegisteredOn, today)
	if n.RegisteredOn != nil && n.ResidencePermitDate != nil &&
		n.RegisteredOn.Before(*n.ResidencePermitDate) {
		p.Add("registeredOn", "De aanmelding ligt voor de datum van de verblijfsvergunning.")
	}
	if utf8.RuneCountInString(n.Note) > maxNoteLength {
		p.Add("note", "De notitie is te lang (hoogstens 2000 tekens).")
	}
	return p
}

// personData are the client's personal data as entered, checked the same way on
// creation and on change.
type personData struct {
	Name                               string
	BirthDate, ResidencePermitDate     *time.Time
	Gender, CountryOfBirth             string
	HouseholdType, LanguageLevelIntake string
}

func (n *NewCase) person() personData {
	return personData{Name: n.Name, BirthDate: n.BirthDate, ResidencePermitDate: n.ResidencePermitDate,
		Gender:         n.Gender,
		CountryOfBirth: n.CountryOfBirth, HouseholdType: n.HouseholdType, LanguageLevelIntake: n.LanguageLevelIntake}
}

func (d personData) validate(p *errs.Problems, today time.Time) {
	if name := strings.TrimSpace(d.Name); name == "" || utf8.RuneCountInString(name) > 200 {
		p.Add("name", "Vul een naam in van hoogstens 200 tekens.")
	}
	validateDate(p, "birthDate", d.BirthDate, today)
	if d.BirthDate != nil && d.BirthDate.After(today.AddDate(-15, 0, 0)) {
		p.Add("birthDate", "De cliënt moet minstens 15 jaar oud zijn.")
	}
	if !oneOf(d.Gender, genders) {
		p.Add("gender", "Kies man, vrouw of x.")
	}
	if !countryCode(d.CountryOfBirth) {
		p.Add(
			"countryOfBirth",
			"Geef het geboorteland als landcode van twee hoofdletters (ISO 3166), bijvoorbeeld SY.",
		)
	}
	validateDate(p, "residencePermitDate", d.ResidencePermitDate, today)
	if d.BirthDate != nil && d.ResidencePermitDate != nil &&
		d.ResidencePermitDate.Before(*d.BirthDate) {
		p.Add("residencePermitDate", "De verblijfsvergunning ligt voor de geboortedatum.")
	}
	if !oneOf(d.HouseholdType, householdTypes) {
		p.Add("householdType", "Kies een bekend huishoudtype.")
	}
	if !oneOf(d.LanguageLevelIntake, languageLevels) {
		p.Add("languageLevelIntake", "Kies een taalniveau: A0, A1, A2, B1, B2 of C1.")
	}
}

// countryCode reports whether s is two letters A-Z, as the database requires: "12"
// or "Ä" (two bytes) are not, although they equal their upper case.
func countryCode(s string) bool {
	return len(s) == 2 && 'A' <= s[0] && s[0] <= 'Z' && 'A' <= s[1] && s[1] <= 'Z'
}

func validateDate(p *errs.Problems, field string, d *time.Time, today time.Time) {
	switch {
	case d == nil:
		p.Add(field, "Vul een datum in.")
	case d.After(today):
		p.Add(field, "De datum ligt in de toekomst.")
	case !calendar.Plausible(*d):
		p.Add(field, calendar.Implausible)
	}
}

// validateEventDate checks a date of the case's trajectory: from 2000 (calendar).
func validateEventDate(p *errs.Problems, field string, d *time.Time, today time.Time) {
	if d != nil && !d.After(today) && !calendar.PlausibleEvent(*d) {
		p.Add(field, calendar.ImplausibleEvent)
		return
	}
	validateDate(p, field, d, today)
}

// Validate checks the input of Create without touching the database, so that a
// transport layer can report these problems together with its own.
func (s *Service) Validate(in NewCase) errs.Problems { return in.validate(s.today()) }

// Create registers a new case (stage aangemeld) and its client in one transaction.
// A client already known by BSN in the municipality is reused, unless an active case
// exists for them. The case returned is read within the transaction: once it commits,
// nothing can fail any more, so a stored case is never answered with an error.
func (s *Service) Create(ctx context.Context, actor access.Actor, in NewCase) (Case, error) {
	actor = actor.For("cases", "write")
	if p := in.validate(s.today()); len(p) > 0 {
		return Case{}, p.Err()
	}
	var out Case
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		refs, err := resolveRefs(tx, actor, in)
		if err != nil {
			return err
		}
		clientID, err := s.upsertClient(tx, refs.municipalityID, in)
		if err != nil {
			return err
		}
		id, err := insertCase(tx, refs, clientID, in)
		if err != nil {
			return err
		}
		err = recordEvent(tx, actor, refs.municipalityID, id, eventRow{Kind: "aangemaakt",
			ToStage: ptr(string(StageAangemeld)), OccurredOn: in.RegisteredOn, Note: in.Note})
		if err != nil {
			return err
		}
		if err := audit.Case(ctx, tx, actor, audit.ActionCreate, audit.ObjectCase, "", id); err != nil {
			return err
		}
		out, err = s.getIn(tx, actor, id)
		return err
	})
	if err != nil {
		return Case{}, err
	}
	return out, nil
}

type caseRefs struct {
	municipalityID int32
	pilotID        *int32
}

// resolveRefs turns the codes of the input into ids, within the actor's scope.
func resolveRefs(tx *gorm.DB, actor access.Actor, in NewCase) (caseRefs, error) {
	var refs caseRefs
	var p errs.Problems
	err := tx.Table("municipalities").Select("id").Where(
		"code = ?",
		in.MunicipalityCode,
	).Scan(&refs.municipalityID).Error
	if err != nil {
		return refs, fmt.Errorf("municipality: %w", err)
	}
	if refs.municipalityID == 0 || !actor.Allows(refs.municipalityID) {
		p.Add("municipality", "Onbekende gemeente, of u werkt niet voor deze gemeente.")
		return refs, p.Err()
	}
	pilotID, err := pilotFor(tx, refs.municipalityID, in.PilotCode)
	if err != nil {
		return refs, err
	}
	refs.pilotID = pilotID
	if in.ClientManagerID != nil {
		if actor.UserID != nil && *in.ClientManagerID != *actor.UserID &&
			!actor.May(refs.municipalityID, "cases", "assign") {
			return refs, errs.Forbidden(
				"Alleen een teamleider wijst een dossier toe aan een andere klantmanager.",
			)
		}
		ok, err := worksHere(tx, refs.municipalityID, *in.ClientManagerID)
		if err != nil {
			return refs, err
		}
		if !ok {
			p.Add("clientManagerId", managerUnknown)
		}
	}
	return refs, p.Err()
}

// pilotFor finds the named pilot of the municipality, or its only pilot when none is named.
func pilotFor(tx *gorm.DB, municipalityID int32, code *string) (*int32, error) {
	var ids []int32
	q := tx.Table("pilots p").Select("p.id").
		Joins(
			"JOIN pilot_municipalities pm ON pm.pilot_id = p.id AND pm.municipality_id = ?",
			municipalityID,
		)
	if code != nil {
		q = q.Where("p.code = ?", *code)
	}
	if err := q.Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("pilot: %w", err)
	}
	switch {
	case code != nil && len(ids) == 0:
		return nil, errs.Invalid(errs.Field("pilot", "Deze pilot bestaat niet in deze gemeente."))
	case len(ids) == 1:
		return &ids[0], nil
	default:
		return nil, nil
	}
}

func (s *Service) upsertClient(tx *gorm.DB, municipalityID int32, in NewCase) (uuid.UUID, error) {
	hash := s.sealer.Hash(in.BSN)
	var existing struct {
		ID     uuid.UUID
		Active bool
	}
	err := tx.Raw(clientByHashSQL, municipalityID, hash).Scan(&existing).Error
	if err != nil {
		return uuid.Nil, fmt.Errorf("find client: %w", err)
	}
	if existing.Active {
		return uuid.Nil, errs.Conflict(errActiveExists)
	}
	if existing.ID != uuid.Nil {
		err = tx.Model(&clientRow{}).Where("id = ?", existing.ID).Updates(map[string]any{"name": in.Name,
			"birth_date": *in.BirthDate, "gender": in.Gender, "country_of_birth": in.CountryOfBirth,
			"residence_permit_date": *in.ResidencePermitDate, "household_type": in.HouseholdType,
			"language_level_intake": in.LanguageLevelIntake}).Error
		return existing.ID, err
	}
	id := uuid.New()
	err = tx.Create(&clientRow{ID: id, MunicipalityID: municipalityID,
		BSNCiphertext: s.sealer.Seal(in.BSN),
		BSNHash:       hash, Name: in.Name, BirthDate: *in.BirthDate, Gender: in.Gender, CountryOfBirth: in.CountryOfBirth,
		ResidencePermitDate: *in.ResidencePermitDate, HouseholdType: in.HouseholdType,
		LanguageLevelIntake: in.LanguageLevelIntake}).Error
	if errs.IsUniqueViolation(err) {
		return uuid.Nil, errs.Conflict(errActiveExists) // a concurrent create for the same BSN won
	}
	if err != nil {
		return uuid.Nil, fmt.Errorf("insert client: %w", err)
	}
	return id, nil
}

func insertCase(tx *gorm.DB, refs caseRefs, clientID uuid.UUID, in NewCase) (uuid.UUID, error) {
	id := uuid.New()
	err := tx.Create(&caseRecord{ID: id, MunicipalityID: refs.municipalityID, ClientID: clientID,
		PilotID:         refs.pilotID,
		ClientManagerID: in.ClientManagerID, Stage: string(StageAangemeld), StageEnteredOn: *in.RegisteredOn,
		RegisteredOn: *in.RegisteredOn}).Error
	if err != nil {
		if errs.IsUniqueViolation(err) {
			return uuid.Nil, errs.Conflict(errActiveExists)
		}
		return uuid.Nil, fmt.Errorf("insert case: %w", err)
	}
	return id, nil
}

const managerUnknown = "Geen klantmanager of teamleider van deze gemeente."

// worksHere reports whether the user may take on cases in the municipality: an
// enabled account with the role klantmanager or teamleider there. One answer for an
// unknown account and one elsewhere: an id of another municipality reveals nothing.
func worksHere(tx *gorm.DB, municipalityID int32, userID uuid.UUID) (bool, error) {
	var ok bool
	err := tx.Raw(worksHereSQL, userID, municipalityID).Scan(&ok).Error
	if err != nil {
		return false, fmt.Errorf("client manager: %w", err)
	}
	return ok, nil
}
