package api

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/pilots"
)

type municipalityJSON struct {
	Code               string `json:"code"`
	Name               string `json:"name"`
	LabourMarketRegion string `json:"labourMarketRegion"`
}

type pilotJSON struct {
	Code                     string             `json:"code"`
	Name                     string             `json:"name"`
	Variant                  string             `json:"variant"`
	Description              string             `json:"description"`
	StartDate                Date               `json:"startDate"`
	EndDate                  *Date              `json:"endDate"`
	AllowsPreSettlementOffer bool               `json:"allowsPreSettlementOffer"`
	Targets                  pilotTargetsJSON   `json:"targets"`
	Municipalities           []municipalityJSON `json:"municipalities"`
}

type pilotTargetsJSON struct {
	CombinedHoursPerWeek       float64 `json:"combinedHoursPerWeek"`
	MinWorkHoursPerWeek        float64 `json:"minWorkHoursPerWeek"`
	MinIntegrationHoursPerWeek float64 `json:"minIntegrationHoursPerWeek"`
	MaxDaysToOffer             int     `json:"maxDaysToOffer"`
}

func toMunicipalities(list []pilots.Municipality) []municipalityJSON {
	out := make([]municipalityJSON, len(list))
	for i, m := range list {
		out[i] = municipalityJSON{Code: m.Code, Name: m.Name, LabourMarketRegion: m.LabourMarketRegion}
	}
	return out
}

func toPilotJSON(p pilots.Pilot) pilotJSON {
	return pilotJSON{Code: p.Code, Name: p.Name, Variant: p.Variant, Description: p.Description,
		StartDate: date(p.StartDate), EndDate: datePtr(p.EndDate), AllowsPreSettlementOffer: p.AllowsPreSettlementOffer,
		Targets: pilotTargetsJSON{CombinedHoursPerWeek: p.Targets.CombinedHoursPerWeek,
			MinWorkHoursPerWeek:        p.Targets.MinWorkHoursPerWeek,
			MinIntegrationHoursPerWeek: p.Targets.MinIntegrationHoursPerWeek, MaxDaysToOffer: p.Targets.MaxDaysToOffer},
		Municipalities: toMunicipalities(p.Municipalities)}
}

// Municipalities and pilots are public reference data: no personal data.
func (h *handlers) listMunicipalities(c echo.Context) error {
	list, err := h.Pilots.Municipalities(c.Request().Context())
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, map[string]any{"municipalities": toMunicipalities(list)})
}

func (h *handlers) listPilots(c echo.Context) error {
	list, err := h.Pilots.Pilots(c.Request().Context())
	if err != nil {
		return err
	}
	out := make([]pilotJSON, len(list))
	for i, p := range list {
		out[i] = toPilotJSON(p)
	}
	return h.json(c, http.StatusOK, map[string]any{"pilots": out})
}

func (h *handlers) getPilot(c echo.Context) error {
	p, err := h.Pilots.Pilot(c.Request().Context(), c.Param("pilotCode"))
	if err != nil {
		return err
	}
	return h.json(c, http.StatusOK, toPilotJSON(p))
}
