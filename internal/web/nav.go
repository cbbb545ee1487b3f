package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/guard"
)

// navItem is an entry of the main navigation, shown only to who may use it.
type navItem struct {
	Key, Label, Href string
}

// navigation is the main navigation, in its order; "Mijn account" comes last, for all.
var navigation = []struct {
	navItem
	p guard.Permission
}{
	{navItem{"werklijst", "Werklijst", "/werklijst"}, writeCases},
	{navItem{"week", "Week afsluiten", weekClosePath}, writeCases},
	{navItem{"dossiers", "Dossiers", "/dossiers"}, readCases},
	{navItem{"werkgevers", "Werkgevers", "/werkgevers"}, readEmployer},
	{navItem{"uitkomsten", "Uitkomsten", "/uitkomsten"}, readOutcomes},
	{navItem{"monitor", "Monitor", "/monitor"}, readMonitor},
	{navItem{"lessen", "Lessen", "/lessen"}, readLessons},
	{navItem{"pilots", "Pilots", "/pilots"}, reference},
	{navItem{"gebruikers", "Gebruikers", "/beheer/gebruikers"}, manageUsers},
	{navItem{"logboek", "Logboek", "/logboek"}, readAudit},
	{navItem{"gemeenten", "Gemeenten", "/beheer/gemeenten"}, manageMunicipalities},
}

// nav is the navigation the user of the request may use.
func (h *handlers) nav(c echo.Context) []navItem {
	var out []navItem
	for _, n := range navigation {
		if h.guard.May(c, n.p.Object, n.p.Action) {
			out = append(out, n.navItem)
		}
	}
	return append(out, navItem{"account", "Mijn account", "/account"})
}

// startPages are where each kind of work starts, in order: a case worker's werklijst,
// the figures of analysts and the ministry, an administrator's accounts.
var startPages = []string{"werklijst", "uitkomsten", "gebruikers"}

// home sends each role to where its work starts.
func (h *handlers) home(c echo.Context) error {
	nav := h.nav(c)
	for _, key := range startPages {
		for _, n := range nav {
			if n.Key == key {
				return c.Redirect(http.StatusSeeOther, n.Href)
			}
		}
	}
	return c.Redirect(http.StatusSeeOther, nav[0].Href)
}
