package cases

import (
	"encoding/json"
	"fmt"

	"github.com/startbaan/startbaan/internal/contact"
	"github.com/startbaan/startbaan/internal/errs"
)

// Contact holds the contact details of a case (migration 00021), all optional: the
// client's phone, e-mail, address, preferred language and whether an interpreter is
// needed (in clients), and the language school or course provider with its contact
// (in cases). They are personal data: read with the case (and audited with it), never
// in figures, releases or logs; the history names a changed detail, never its value.
type Contact struct {
	Phone             *string `json:"phone"` // E.164, +31612345678
	Email             *string `json:"email"`
	Street            *string `json:"street"`
	HouseNumber       *string `json:"houseNumber"`
	Postcode          *string `json:"postcode"` // 1234 AB
	City              *string `json:"city"`
	PreferredLanguage *string `json:"preferredLanguage"`
	InterpreterNeeded *string `json:"interpreterNeeded"` // ja or nee; nil: not known
	// The language school or course provider.
	CourseProvider      *string `json:"courseProvider"`
	CourseContactPerson *string `json:"courseContactPerson"`
	CoursePhone         *string `json:"coursePhone"`
	CourseEmail         *string `json:"courseEmail"`
}

// YesNo are the values of interpreterNeeded.
var YesNo = []string{"ja", "nee"}

func text(max int) func(string) (string, string) {
	return func(s string) (string, string) { return contact.Text(s, max) }
}

// contactFields are the rows of Fields for the contact details.
var contactFields = []Field{
	{Name: "phone", Label: "Telefoonnummer", Kind: KindText, Table: "clients", Column: "phone",
		Personal: true, Contact: true, normalise: contact.Phone,
		current: func(c Case) any { return c.Contact.Phone }},
	{Name: "email", Label: "E-mailadres", Kind: KindText, Table: "clients", Column: "email",
		Personal: true, Contact: true, normalise: contact.Email,
		current: func(c Case) any { return c.Contact.Email }},
	{Name: "street", Label: "Straat", Kind: KindText, Table: "clients", Column: "street",
		Personal: true, Contact: true, normalise: text(200),
		current: func(c Case) any { return c.Contact.Street }},
	{Name: "houseNumber", Label: "Huisnummer", Kind: KindText, Table: "clients", Column: "house_number",
		Personal: true, Contact: true, normalise: contact.HouseNumber,
		current: func(c Case) any { return c.Contact.HouseNumber }},
	{Name: "postcode", Label: "Postcode", Kind: KindText, Table: "clients", Column: "postcode",
		Personal: true, Contact: true, normalise: contact.Postcode,
		current: func(c Case) any { return c.Contact.Postcode }},
	{Name: "city", Label: "Woonplaats", Kind: KindText, Table: "clients", Column: "city",
		Personal: true, Contact: true, normalise: text(100),
		current: func(c Case) any { return c.Contact.City }},
	{Name: "preferredLanguage", Label: "Voorkeurstaal", Kind: KindText, Table: "clients",
		Column: "preferred_language", Personal: true, Contact: true, normalise: text(100),
		current: func(c Case) any { return c.Contact.PreferredLanguage }},
	{Name: "interpreterNeeded", Label: "Tolk nodig", Kind: KindEnum, Allowed: YesNo, Table: "clients",
		Column: "interpreter_needed", Personal: true, Contact: true,
		current: func(c Case) any { return c.Contact.InterpreterNeeded }},
	{Name: "courseProvider", Label: "Taalschool of cursusaanbieder", Kind: KindText, Table: "cases",
		Column: "course_provider", Personal: true, Contact: true, normalise: text(200),
		current: func(c Case) any { return c.Contact.CourseProvider }},
	{Name: "courseContactPerson", Label: "Contactpersoon taalschool", Kind: KindText, Table: "cases",
		Column: "course_contact_person", Personal: true, Contact: true, normalise: text(200),
		current: func(c Case) any { return c.Contact.CourseContactPerson }},
	{Name: "coursePhone", Label: "Telefoonnummer taalschool", Kind: KindText, Table: "cases",
		Column: "course_phone", Personal: true, Contact: true, normalise: contact.Phone,
		current: func(c Case) any { return c.Contact.CoursePhone }},
	{Name: "courseEmail", Label: "E-mailadres taalschool", Kind: KindText, Table: "cases",
		Column: "course_email", Personal: true, Contact: true, normalise: contact.Email,
		current: func(c Case) any { return c.Contact.CourseEmail }},
}

// planContactChanges plans the contact details of a patch: nil clears one; a value
// is checked and normalised on its own (an enum against its allowed values).
func planContactChanges(probs *errs.Problems, k Case, p Patch) []change {
	var out []change
	for _, f := range Fields {
		v, ok := p.Values[f.Name]
		if !ok || !f.Contact {
			continue
		}
		if s, isText := v.(string); isText {
			switch {
			case f.normalise != nil:
				norm, problem := f.normalise(s)
				if problem != "" {
					probs.Add(f.Name, problem)
					continue
				}
				v = norm
			case !oneOf(s, f.Allowed):
				probs.Add(f.Name, allowedText(f.Allowed))
				continue
			}
		}
		out = append(out, f.change(f.current(k), v))
	}
	return out
}

// decodeContact reads the contact column of caseQuery (one JSON object).
func decodeContact(b []byte) (Contact, error) {
	var c Contact
	if len(b) == 0 {
		return c, nil
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("contact of case: %w", err)
	}
	return c, nil
}
