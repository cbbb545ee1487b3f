package web

import (
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/placements"
)

// Werkgevers: the employers of the user's municipalities, and a form to add one.

type employersData struct {
	Employers      []placements.Employer
	Names          map[string]string // municipality names by CBS code
	Query          string
	CanAdd         bool
	Municipalities []option // where the user may add an employer
	Sectors        []option
	Form           employerForm
}

type employerForm struct {
	Municipality, Name, KvKNumber, Sector string
	// the optional contact details (migration 00021)
	ContactPerson, Phone, Email, Street, HouseNumber, Postcode, City string
}

// employerContactText is an employer's contact person, phone, e-mail and address on
// one line for the list; "" when none is known.
func employerContactText(e placements.Employer) string {
	k := e.EmployerContact
	address := joinNonEmpty(", ", joinNonEmpty(" ", textOf(k.Street), textOf(k.HouseNumber)),
		joinNonEmpty(" ", textOf(k.Postcode), textOf(k.City)))
	return joinNonEmpty(" · ", textOf(k.ContactPerson), phoneText(k.Phone), textOf(k.Email), address)
}

// contact is the form's contact details as the service takes them; empty is none.
func (f employerForm) contact() placements.EmployerContact {
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	return placements.EmployerContact{ContactPerson: opt(f.ContactPerson), Phone: opt(f.Phone),
		Email: opt(f.Email), Street: opt(f.Street), HouseNumber: opt(f.HouseNumber),
		Postcode: opt(f.Postcode), City: opt(f.City)}
}

func (h *handlers) employerList(c echo.Context) error {
	return h.renderEmployers(c, http.StatusOK, employerForm{})
}

// renderEmployers shows the list (filtered by ?q=) and, to who may add, the form.
func (h *handlers) renderEmployers(
	c echo.Context,
	status int,
	form employerForm,
	mod ...func(*page),
) error {
	ctx := c.Request().Context()
	q := strings.TrimSpace(c.QueryParam("q"))
	list, err := h.Placements.ListEmployers(ctx, h.guard.Actor(c), placements.EmployerFilter{Query: q})
	if err != nil {
		return err
	}
	names, all, err := h.municipalityNames(ctx)
	if err != nil {
		return err
	}
	data := employersData{
		Employers: list,
		Names:     names,
		Query:     q,
		Form:      form,
		Sectors:   sectorChoices(),
	}
	if h.guard.May(c, writeEmployer.Object, writeEmployer.Action) {
		data.CanAdd = true
		data.Municipalities = municipalityChoices(
			all,
			h.guard.ActorFor(c, writeEmployer.Object, writeEmployer.Action),
		)
		if data.Form.Municipality == "" && len(data.Municipalities) == 1 {
			data.Form.Municipality = data.Municipalities[0].Value
		}
	}
	return h.render(
		c,
		status,
		"employers",
		"Werkgevers",
		data,
		append([]func(*page){inNav("werkgevers")}, mod...)...,
	)
}

// createEmployer records an employer; the service checks the municipality against
// the user's scope, whatever the form offered.
func (h *handlers) createEmployer(c echo.Context) error {
	form := employerForm{Municipality: formValue(c, "municipality"), Name: formValue(c, "name"),
		KvKNumber: formValue(c, "kvkNumber"), Sector: formValue(c, "sector"),
		ContactPerson: formValue(c, "contactPerson"), Phone: formValue(c, "phone"),
		Email: formValue(c, "email"), Street: formValue(c, "street"),
		HouseNumber: formValue(c, "houseNumber"), Postcode: formValue(c, "postcode"), City: formValue(c, "city")}
	_, err := h.Placements.CreateEmployer(c.Request().Context(), h.guard.Actor(c),
		placements.NewEmployer{MunicipalityCode: form.Municipality, Name: form.Name,
			KvKNumber: form.KvKNumber, Sector: form.Sector, Contact: form.contact()})
	if err != nil {
		status, mod, ok := formFailure(err, nil)
		if !ok {
			return err
		}
		return h.renderEmployers(c, status, form, mod)
	}
	return h.redirect(c, "/werkgevers", "employer-added")
}

// sectorLabel writes a sector code as Dutch text: zakelijke_dienstverlening →
// Zakelijke dienstverlening.
func sectorLabel(s string) string { return sentence(strings.ReplaceAll(s, "_", " ")) }

func sectorChoices() []option {
	out := make([]option, len(placements.Sectors))
	for i, s := range placements.Sectors {
		out[i] = option{s, sectorLabel(s)}
	}
	return out
}
