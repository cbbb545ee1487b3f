package web

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/users"
)

// One account: its roles, a form to grant one, a button per role to revoke it, and
// disabling. The service decides; the page hides what it would refuse, and shows
// the refusal when a request asks anyway.

type userData struct {
	User  users.User
	Names map[string]string
	Roles []grantRow
	// Self: the administrator's own account, which only someone else may change.
	Self bool
	// AllInScope: every role lies in the administrator's scope, which disabling needs.
	AllInScope     bool
	Form           grantForm
	RoleChoices    []option
	Municipalities []option
}

type grantRow struct {
	users.Grant
	InScope bool // the administrator may revoke it
}

type grantForm struct{ Role, Municipality string }

func (h *handlers) userPage(c echo.Context) error {
	return h.renderUser(c, http.StatusOK, grantForm{})
}

// userID reads the account id of the path.
func userID(c echo.Context) (uuid.UUID, error) { return pathID(c, "Account") }

func (h *handlers) renderUser(
	c echo.Context,
	status int,
	form grantForm,
	mod ...func(*page),
) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	actor := h.guard.Actor(c)
	u, err := h.Users.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	names, list, err := h.municipalityNames(ctx)
	if err != nil {
		return err
	}
	ids := make(map[string]int32, len(list))
	for _, m := range list {
		ids[m.Code] = m.ID
	}
	data := userData{User: u, Names: names, Form: form, AllInScope: true,
		RoleChoices: roleChoices(actor), Municipalities: domainChoices(list, actor)}
	data.Self = actor.UserID != nil && *actor.UserID == u.ID
	for _, g := range u.Grants {
		in := grantInScope(actor, g, ids)
		data.Roles = append(data.Roles, grantRow{Grant: g, InScope: in})
		data.AllInScope = data.AllInScope && in
	}
	if data.Form.Municipality == "" && len(data.Municipalities) == 1 {
		data.Form.Municipality = data.Municipalities[0].Value
	}
	return h.render(
		c,
		status,
		"user",
		u.Name,
		data,
		append([]func(*page){inNav("gebruikers")}, mod...)...,
	)
}

// grantInScope mirrors the service's rule, to offer only what it would allow.
func grantInScope(actor access.Actor, g users.Grant, ids map[string]int32) bool {
	if g.Domain == access.NationalDomain {
		return actor.National
	}
	id, ok := ids[g.Domain]
	return ok && actor.Allows(id)
}

// userFailure shows a refusal or invalid input on the account's page; anything else
// goes to the error page.
func (h *handlers) userFailure(c echo.Context, err error, form grantForm) error {
	status, mod, ok := formFailure(err, map[string]string{"roles": "role"})
	if !ok {
		return err
	}
	return h.renderUser(c, status, form, mod)
}

func (h *handlers) grantRole(c echo.Context) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	form := grantForm{Role: formValue(c, "role"), Municipality: formValue(c, "municipality")}
	fields := map[string]string{}
	if form.Role == "" {
		fields["role"] = "Kies een rol."
	}
	if form.Municipality == "" {
		fields["municipality"] = "Kies een gemeente."
	}
	if len(fields) > 0 {
		return h.renderUser(c, http.StatusBadRequest, form, withFields(fields))
	}
	_, err = h.Users.GrantRole(
		c.Request().Context(),
		h.guard.Actor(c),
		id,
		users.Grant{Role: form.Role, Domain: form.Municipality},
	)
	if err != nil {
		return h.userFailure(c, err, form)
	}
	h.guard.AccessChanged(c)
	return h.redirect(c, "/beheer/gebruikers/"+id.String(), "role-granted")
}

// revokeRole takes a role away. When it was the account's last role in the
// administrator's scope, the account leaves their view: back to the list then.
func (h *handlers) revokeRole(c echo.Context) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	actor := h.guard.Actor(c)
	g := users.Grant{Role: c.Param("rol"), Domain: c.Param("gemeente")}
	if _, err := h.Users.RevokeRole(ctx, actor, id, g); err != nil {
		return h.userFailure(c, err, grantForm{})
	}
	h.guard.AccessChanged(c)
	if _, err := h.Users.Get(ctx, actor, id); errs.Is(err, errs.KindNotFound) {
		return h.redirect(c, "/beheer/gebruikers", "role-revoked")
	}
	return h.redirect(c, "/beheer/gebruikers/"+id.String(), "role-revoked")
}

func (h *handlers) disableUser(c echo.Context) error { return h.setDisabled(c, true) }
func (h *handlers) enableUser(c echo.Context) error  { return h.setDisabled(c, false) }

// setDisabled disables an account (ending its sessions and tokens) or enables it.
func (h *handlers) setDisabled(c echo.Context, disabled bool) error {
	id, err := userID(c)
	if err != nil {
		return err
	}
	if _, err := h.Users.SetDisabled(
		c.Request().Context(),
		h.guard.Actor(c),
		id,
		disabled,
	); err != nil {
		return h.userFailure(c, err, grantForm{})
	}
	h.guard.AccessChanged(c)
	notice := "user-enabled"
	if disabled {
		notice = "user-disabled"
	}
	return h.redirect(c, "/beheer/gebruikers/"+id.String(), notice)
}
