package api

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/users"
)

type roleJSON struct {
	Role         string `json:"role"`
	Municipality string `json:"municipality"` // CBS code, or NL for national roles
}

type userJSON struct {
	ID        uuid.UUID  `json:"id"`
	Email     string     `json:"email"`
	Name      string     `json:"name"`
	Disabled  bool       `json:"disabled"`
	Roles     []roleJSON `json:"roles"`
	CreatedAt time.Time  `json:"createdAt"`
}

func toUserJSON(u users.User) userJSON {
	out := userJSON{
		ID:        u.ID,
		Email:     u.Email,
		Name:      u.Name,
		Disabled:  u.Disabled,
		Roles:     []roleJSON{},
		CreatedAt: u.CreatedAt,
	}
	for _, g := range u.Grants {
		out.Roles = append(out.Roles, roleJSON{Role: g.Role, Municipality: g.Domain})
	}
	return out
}

func (r roleJSON) grant() users.Grant { return users.Grant{Role: r.Role, Domain: r.Municipality} }

type newUserRequest struct {
	Email    string     `json:"email"`
	Name     string     `json:"name"`
	Password string     `json:"password"`
	Roles    []roleJSON `json:"roles"`
}

func (r newUserRequest) toDomain() users.NewUser {
	in := users.NewUser{Email: r.Email, Name: r.Name, Password: r.Password}
	for _, g := range r.Roles {
		in.Grants = append(in.Grants, g.grant())
	}
	return in
}

type userPatch struct {
	Disabled *bool `json:"disabled"`
}

func (h *handlers) listUsers(c echo.Context) error {
	list, err := h.Users.List(c.Request().Context(), h.guard.Actor(c))
	if err != nil {
		return err
	}
	out := make([]userJSON, len(list))
	for i, u := range list {
		out[i] = toUserJSON(u)
	}
	return h.json(c, http.StatusOK, map[string]any{"users": out})
}

func (h *handlers) createUser(c echo.Context) error {
	var req newUserRequest
	if err := decode(c, &req); err != nil {
		return err
	}
	u, err := h.Users.Create(c.Request().Context(), h.guard.Actor(c), req.toDomain())
	if err != nil {
		return err
	}
	h.guard.AccessChanged(c)
	c.Response().Header().Set(echo.HeaderLocation, BasePath+"/users/"+u.ID.String())
	return h.json(c, http.StatusCreated, toUserJSON(u))
}

func (h *handlers) getUser(c echo.Context) error {
	id, err := pathUUID(c, "userId")
	if err != nil {
		return err
	}
	u, err := h.Users.Get(c.Request().Context(), h.guard.Actor(c), id)
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, toUserJSON(u))
}

// patchUser disables or enables an account; disabling ends its sessions and tokens.
func (h *handlers) patchUser(c echo.Context) error {
	id, err := pathUUID(c, "userId")
	if err != nil {
		return err
	}
	var req userPatch
	if err := decode(c, &req); err != nil {
		return err
	}
	u, err := h.Users.Get(c.Request().Context(), h.guard.Actor(c), id)
	if err == nil && req.Disabled != nil {
		u, err = h.Users.SetDisabled(c.Request().Context(), h.guard.Actor(c), id, *req.Disabled)
		h.guard.AccessChanged(c)
	}
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, toUserJSON(u))
}

func (h *handlers) grantRole(c echo.Context) error {
	id, err := pathUUID(c, "userId")
	if err != nil {
		return err
	}
	var req roleJSON
	if err := decode(c, &req); err != nil {
		return err
	}
	u, err := h.Users.GrantRole(c.Request().Context(), h.guard.Actor(c), id, req.grant())
	if err != nil {
		return err
	}
	h.guard.AccessChanged(c)
	return h.json(c, http.StatusCreated, toUserJSON(u))
}

func (h *handlers) revokeRole(c echo.Context) error {
	id, err := pathUUID(c, "userId")
	if err != nil {
		return err
	}
	g := users.Grant{Role: c.Param("role"), Domain: c.Param("municipality")}
	if _, err := h.Users.RevokeRole(c.Request().Context(), h.guard.Actor(c), id, g); err != nil {
		return err
	}
	h.guard.AccessChanged(c)
	return c.NoContent(http.StatusNoContent)
}
