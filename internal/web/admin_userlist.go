package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/users"
)

// The account list: a search on name and e-mail address, a role filter and pages of
// userPageSize, all done by PostgreSQL (users.Find).

const userPageSize = 50

type usersData struct {
	Users  []users.User
	Names  map[string]string // municipality names by CBS code
	Filter userFilter
	Roles  []option
	Total  int
	Page   int
	Pages  int
	First  int // the number of the first account on the page, from 1
	Last   int
	// PrevURL and NextURL keep the filter; empty on the first and last page.
	PrevURL, NextURL string
}

// userFilter is the search as typed.
type userFilter struct{ Text, Role string }

// url is the address of a page of the list with the same filter.
func (f userFilter) url(page int) string {
	v := url.Values{}
	if f.Text != "" {
		v.Set("q", f.Text)
	}
	if f.Role != "" {
		v.Set("rol", f.Role)
	}
	if page > 1 {
		v.Set("pagina", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/beheer/gebruikers"
	}
	return "/beheer/gebruikers?" + v.Encode()
}

// userList shows the accounts that hold a role in the administrator's scope.
func (h *handlers) userList(c echo.Context) error {
	ctx := c.Request().Context()
	actor := h.guard.Actor(c)
	q := c.QueryParams()
	data := usersData{Filter: userFilter{Text: q.Get("q"), Role: q.Get("rol")},
		Page:  pageNumber(q.Get("pagina")),
		Roles: roleChoices(actor)}
	names, _, err := h.municipalityNames(ctx)
	if err != nil {
		return err
	}
	data.Names = names
	mods := []func(*page){inNav("gebruikers")}
	if data.Filter.Role != "" &&
		!slices.ContainsFunc(data.Roles, func(o option) bool { return o.Value == data.Filter.Role }) {
		return h.render(c, http.StatusBadRequest, "users", "Gebruikers", data,
			append(mods, withFields(map[string]string{"rol": "Kies een rol uit de lijst."}))...)
	}
	list, total, err := h.Users.Find(ctx, actor, users.Search{Text: data.Filter.Text,
		Role: data.Filter.Role,
		Page: data.Page, PageSize: userPageSize})
	if err != nil {
		return err
	}
	data.Users, data.Total = list, total
	data.Pages = (total + userPageSize - 1) / userPageSize
	if len(list) > 0 {
		data.First = (data.Page-1)*userPageSize + 1
		data.Last = data.First + len(list) - 1
	}
	if data.Page > 1 && data.Pages > 0 {
		data.PrevURL = data.Filter.url(min(data.Page-1, data.Pages))
	}
	if data.Page < data.Pages {
		data.NextURL = data.Filter.url(data.Page + 1)
	}
	return h.render(c, http.StatusOK, "users", "Gebruikers", data, mods...)
}
