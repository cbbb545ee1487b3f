package web

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// Reference pages: the pilots and their municipalities (read from pilots/ and synced
// into the database), and the employers of the user's municipalities.

var variantLabels = map[string]string{"gemeente": "Baan bij de gemeente",
	"private_werkgever":   "Private werkgever",
	"sociale_onderneming": "Sociale onderneming", "gemengd": "Gemengd"}

func variantLabel(v string) string {
	if l, ok := variantLabels[v]; ok {
		return l
	}
	return v
}

func (h *handlers) pilotList(c echo.Context) error {
	list, err := h.Pilots.Pilots(c.Request().Context())
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "pilots", "Pilots", list)
}

// pilotPage shows one pilot; an unknown code is not found.
func (h *handlers) pilotPage(c echo.Context) error {
	p, err := h.Pilots.Pilot(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "pilots-detail", p.Name, p, inNav("pilots"))
}
