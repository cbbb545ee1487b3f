package placements

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/contact"
	"github.com/startbaan/startbaan/internal/errs"
)

// Sectors are the sectors employers and placements are grouped by.
var Sectors = []string{"zorg", "logistiek", "schoonmaak", "horeca", "techniek", "groen",
	"detailhandel",
	"productie", "bouw", "gemeente", "onderwijs", "zakelijke_dienstverlening", "anders"}

// Employer belongs to one municipality's records.
type Employer struct {
	ID               uuid.UUID
	MunicipalityCode string
	Name             string
	// The column is named: GORM's own naming would read "kv_k_number", an unknown
	// column, and left the number empty on every read.
	KvKNumber string `gorm:"column:kvk_number"`
	Sector    string
	CreatedAt time.Time
	EmployerContact
}

// EmployerContact is an employer's contact person and address (migration 00021), all
// optional; nil (or empty in NewEmployer) when not known.
type EmployerContact struct {
	ContactPerson *string
	Phone         *string // E.164
	Email         *string
	Street        *string
	HouseNumber   *string
	Postcode      *string // 1234 AB
	City          *string
}

// NewEmployer is the input for recording an employer.
type NewEmployer struct {
	MunicipalityCode string
	Name             string
	KvKNumber        string
	Sector           string
	Contact          EmployerContact
}

// Service stores employers and job offers.
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

func (n *NewEmployer) validate() errs.Problems {
	var p errs.Problems
	n.Name, n.KvKNumber = strings.TrimSpace(n.Name), strings.TrimSpace(n.KvKNumber)
	if n.MunicipalityCode == "" {
		p.Add("municipality", "Kies een gemeente.")
	}
	if n.Name == "" || utf8.RuneCountInString(n.Name) > 200 {
		p.Add("name", "Vul een naam in van hoogstens 200 tekens.")
	}
	if len(n.KvKNumber) != 8 || strings.Trim(n.KvKNumber, "0123456789") != "" {
		p.Add("kvkNumber", "Een KvK-nummer bestaat uit 8 cijfers.")
	}
	if !oneOf(n.Sector, Sectors) {
		p.Add("sector", "Kies een sector: "+strings.Join(Sectors, ", ")+".")
	}
	n.Contact.normalise(&p)
	return p
}

// normalise checks each contact detail given on its own and stores it normalised;
// an empty one is none.
func (k *EmployerContact) normalise(p *errs.Problems) {
	text := func(max int) func(string) (string, string) {
		return func(s string) (string, string) { return contact.Text(s, max) }
	}
	for _, f := range []struct {
		name  string
		value **string
		check func(string) (string, string)
	}{{"contactPerson", &k.ContactPerson, text(200)}, {"phone", &k.Phone, contact.Phone},
		{"email", &k.Email, contact.Email}, {"street", &k.Street, text(200)},
		{"houseNumber", &k.HouseNumber, contact.HouseNumber}, {"postcode", &k.Postcode, contact.Postcode},
		{"city", &k.City, text(100)}} {
		if *f.value == nil || strings.TrimSpace(**f.value) == "" {
			*f.value = nil
			continue
		}
		v, problem := f.check(**f.value)
		if problem != "" {
			p.Add(f.name, problem)
			continue
		}
		*f.value = &v
	}
}

// CreateEmployer records an employer in a municipality of the actor's scope. The
// employer returned is read in the transaction of the write: nothing may fail after
// the commit.
func (s *Service) CreateEmployer(
	ctx context.Context,
	actor access.Actor,
	in NewEmployer,
) (Employer, error) {
	actor = actor.For("employers", "write")
	if err := in.validate().Err(); err != nil {
		return Employer{}, err
	}
	db := s.db.WithContext(ctx)
	var municipalityID int32
	if err := db.Table("municipalities").Select("id").Where(
		"code = ?",
		in.MunicipalityCode,
	).Scan(&municipalityID).Error; err != nil {
		return Employer{}, fmt.Errorf("municipality: %w", err)
	}
	if municipalityID == 0 || !actor.Allows(municipalityID) {
		return Employer{}, errs.Invalid(
			errs.Field("municipality", "Onbekende gemeente, of u werkt niet voor deze gemeente."),
		)
	}
	id := uuid.New()
	// One transaction: what a request commits runs the commit hooks of its context
	// (the idempotency key is marked used with the write), and the answer is read
	// inside it, so nothing can fail after the commit.
	var out Employer
	err := db.Transaction(func(tx *gorm.DB) error {
		k := in.Contact
		err := tx.Create(&employerRow{ID: id, MunicipalityID: municipalityID, Name: in.Name,
			KvKNumber: in.KvKNumber, Sector: in.Sector, ContactPerson: k.ContactPerson, Phone: k.Phone,
			Email: k.Email, Street: k.Street, HouseNumber: k.HouseNumber, Postcode: k.Postcode,
			City: k.City}).Error
		if errs.IsUniqueViolation(err) {
			return errs.Conflict("Deze werkgever (KvK-nummer) is in deze gemeente al vastgelegd.")
		}
		if err != nil {
			return fmt.Errorf("insert employer: %w", err)
		}
		list, err := employers(tx, actor, "e.id = ?", id)
		if err == nil && len(list) == 0 {
			err = errs.NotFound("Werkgever")
		}
		if err == nil {
			out = list[0]
		}
		return err
	})
	if err != nil {
		return Employer{}, err
	}
	return out, nil
}

// EmployerFilter selects employers.
type EmployerFilter struct {
	MunicipalityCode string
	Query            string
}

// ListEmployers lists the employers in the actor's scope, by name.
func (s *Service) ListEmployers(
	ctx context.Context,
	actor access.Actor,
	f EmployerFilter,
) ([]Employer, error) {
	actor = actor.For("employers", "read")
	where, args := "TRUE", []any{}
	if f.MunicipalityCode != "" {
		where, args = where+" AND m.code = ?", append(args, f.MunicipalityCode)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		where, args = where+" AND e.name ILIKE ?", append(args, "%"+escapeLike(q)+"%")
	}
	return employers(s.db.WithContext(ctx), actor, where, args...)
}

// employers reads employers in the actor's scope on db, which may be a transaction.
func employers(db *gorm.DB, actor access.Actor, where string, args ...any) ([]Employer, error) {
	var out []Employer
	err := db.Table("employers e").
		Select("e.id, m.code AS municipality_code, e.name, e.kvk_number, e.sector, e.created_at, "+
			"e.contact_person, e.phone, e.email, e.street, e.house_number, e.postcode, e.city").
		Joins("JOIN municipalities m ON m.id = e.municipality_id").
		Where(where, args...).Scopes(actor.Scope("e.municipality_id").Apply).
		Order("e.name, e.id").Limit(1000).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("list employers: %w", err)
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

func oneOf(v string, allowed []string) bool {
	for _, a := range allowed {
		if a == v {
			return true
		}
	}
	return false
}
