package web

import (
	"net/http"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/users"
)

// Creating an account: name, e-mail address, initial password and a first role.

type newUserData struct {
	Form           newUserForm
	Roles          []option
	Municipalities []option
}

// newUserForm keeps what was typed, except the password: it is never written back
// into a page.
type newUserForm struct{ Name, Email, Role, Municipality string }

// minPasswordLength is what the users package demands; the form says it up front.
const minPasswordLength = 12

func (h *handlers) newUserPage(c echo.Context) error {
	return h.renderNewUser(c, http.StatusOK, newUserForm{})
}

func (h *handlers) renderNewUser(
	c echo.Context,
	status int,
	form newUserForm,
	mod ...func(*page),
) error {
	_, list, err := h.municipalityNames(c.Request().Context())
	if err != nil {
		return err
	}
	actor := h.guard.Actor(c)
	data := newUserData{
		Form:           form,
		Roles:          roleChoices(actor),
		Municipalities: domainChoices(list, actor),
	}
	if data.Form.Municipality == "" && len(data.Municipalities) == 1 {
		data.Form.Municipality = data.Municipalities[0].Value
	}
	return h.render(
		c,
		status,
		"users-new",
		"Nieuw account",
		data,
		append([]func(*page){inNav("gebruikers")}, mod...)...,
	)
}

// createUser makes the account. Every field is checked first, so that all problems
// show at once: empty fields here, the rest (address, name length, password length,
// whether the role belongs in a municipality) by the users package's own rules. Only
// then does the service judge the municipality and the administrator's scope.
func (h *handlers) createUser(c echo.Context) error {
	form := newUserForm{Name: formValue(c, "name"), Email: formValue(c, "email"),
		Role: formValue(c, "role"), Municipality: formValue(c, "municipality")}
	password := c.FormValue("password")
	in := users.NewUser{Name: form.Name, Email: form.Email, Password: password}
	if form.Role != "" && form.Municipality != "" {
		in.Grants = []users.Grant{{Role: form.Role, Domain: form.Municipality}}
	}
	if fields := newUserFields(form, in); len(fields) > 0 {
		return h.renderNewUser(
			c,
			http.StatusBadRequest,
			form,
			withFields(fields),
			retypePassword(password),
		)
	}
	u, err := h.Users.Create(c.Request().Context(), h.guard.Actor(c), in)
	if err != nil {
		// the address is taken: say so beside it
		if e, ok := errs.As(err); ok && e.Kind == errs.KindConflict {
			return h.renderNewUser(
				c,
				http.StatusConflict,
				form,
				withFields(map[string]string{"email": e.Detail}),
				retypePassword(password),
			)
		}
		status, mod, ok := formFailure(err, map[string]string{"roles": "role"})
		if !ok {
			return err
		}
		return h.renderNewUser(c, status, form, mod, retypePassword(password))
	}
	h.guard.AccessChanged(c)
	return h.redirect(c, "/beheer/gebruikers/"+u.ID.String(), "user-created")
}

// newUserFields names every problem of the form: a missing field says so, any other
// field gets the domain's reason.
func newUserFields(f newUserForm, in users.NewUser) map[string]string {
	fields := missingUserFields(f, in.Password)
	if e, ok := errs.As(in.Check()); ok {
		for _, p := range e.Fields {
			name := p.Name
			if name == "roles" {
				name = "role"
			}
			if _, seen := fields[name]; !seen {
				fields[name] = sentence(p.Reason)
			}
		}
	}
	return fields
}

func missingUserFields(f newUserForm, password string) map[string]string {
	fields := map[string]string{}
	if f.Name == "" {
		fields["name"] = "Vul een naam in."
	}
	if f.Email == "" {
		fields["email"] = "Vul een e-mailadres in."
	}
	if password == "" {
		fields["password"] = "Kies een wachtwoord van minstens 12 tekens."
	}
	if f.Role == "" {
		fields["role"] = "Kies een rol."
	}
	if f.Municipality == "" {
		fields["municipality"] = "Kies een gemeente."
	}
	return fields
}

// retypePassword tells why the password field is empty again when the password
// itself was fine: the page does not send a password back. A hint, not an error:
// the template shows it as a description of the field.
func retypePassword(password string) func(*page) {
	return func(p *page) {
		if _, wrong := p.Fields["password"]; !wrong &&
			utf8.RuneCountInString(password) >= minPasswordLength {
			p.Fields["password-again"] = "Vul het wachtwoord opnieuw in; het wordt om veiligheidsredenen niet bewaard."
		}
	}
}
