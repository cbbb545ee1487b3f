package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/pilots"
)

// municipalityRow is a municipality with the pilots it takes part in.
type municipalityRow struct {
	pilots.Municipality
	Pilots []pilots.Pilot
}

// municipalityList is read-only: municipalities and pilots are files under pilots/,
// reviewed like code and applied with `startbaan pilots sync` when the platform team
// deploys; there is no API that changes them, so the page does not pretend there is,
// and explains this to an administrator without the jargon.
func (h *handlers) municipalityList(c echo.Context) error {
	ctx := c.Request().Context()
	munis, err := h.Pilots.Municipalities(ctx)
	if err != nil {
		return err
	}
	list, err := h.Pilots.Pilots(ctx)
	if err != nil {
		return err
	}
	byCode := map[string][]pilots.Pilot{}
	for _, p := range list {
		for _, m := range p.Municipalities {
			byCode[m.Code] = append(byCode[m.Code], p)
		}
	}
	rows := make([]municipalityRow, len(munis))
	for i, m := range munis {
		rows[i] = municipalityRow{Municipality: m, Pilots: byCode[m.Code]}
	}
	return h.render(
		c,
		http.StatusOK,
		"municipalities",
		"Gemeenten en pilots",
		rows,
		inNav("gemeenten"),
	)
}
