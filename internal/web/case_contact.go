package web

import (
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/contact"
)

// The contact block of the case page (templates/case_contact.html): the contact
// details of the client and the language school, and a form that changes them
// through the case's field table (editForms "contact", saved by editCase).

// contactInputs are the fields of the contact form, in the order shown.
var contactInputs = []string{"phone", "email", "street", "houseNumber", "postcode", "city",
	"preferredLanguage", "interpreterNeeded", "courseProvider", "courseContactPerson", "coursePhone",
	"courseEmail"}

// contactView is what the block shows beside the case's own values: the phone
// numbers as people read them, and the choices of the interpreter question.
type contactView struct {
	Phone, CoursePhone string
	Interpreter        string
	YesNo              []option
	// Address is street, number, postcode and town on one line; "" when none is known.
	Address string
}

var yesNoLabels = map[string]string{"ja": "Ja", "nee": "Nee"}

func newContactView(k cases.Contact) contactView {
	v := contactView{Phone: phoneText(k.Phone), CoursePhone: phoneText(k.CoursePhone),
		Interpreter: labelOr(yesNoLabels, textOf(k.InterpreterNeeded)),
		YesNo:       optionsOf(cases.YesNo, yesNoLabels)}
	street := joinNonEmpty(" ", textOf(k.Street), textOf(k.HouseNumber))
	town := joinNonEmpty(" ", textOf(k.Postcode), textOf(k.City))
	v.Address = joinNonEmpty(", ", street, town)
	return v
}

func phoneText(s *string) string {
	if s == nil {
		return ""
	}
	return contact.PhoneDisplay(*s)
}

func joinNonEmpty(sep string, parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += p
	}
	return out
}
