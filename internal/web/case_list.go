package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

type caseListData struct {
	Stage, Pilot, Sort string
	Mine               bool
	Stages, Pilots     []option
	Sorts              []option
	Search             string // the name or BSN searched for; travels in a POST body only
	Searched           bool
	Items              []caseListRow
	Total, Page, Pages int
	PrevURL, NextURL   string
	ShowMunicipality   bool
}

type caseListRow struct {
	ID, Name, Stage, Manager, Municipality string
	BirthYear                              int    // beside the name: tells namesakes apart
	Number                                 string // the case number ("2026-0147")
	Since                                  time.Time
	Applied                                *time.Time
}

var caseSorts = []option{{"-createdAt", "Nieuwste dossier eerst"}, {"name", "Naam"},
	{"-stageEnteredOn", "Laatst van fase veranderd"}, {
		"benefitAppliedOn",
		"Aanvraag uitkering, oudste eerst",
	}}

const casePageSize = 25

// caseList shows a page of the cases in the user's scope, filtered by stage, pilot
// and "my cases". Filters are in the URL: they hold no personal data.
func (h *handlers) caseList(c echo.Context) error {
	q := c.QueryParams()
	data, err := h.caseListForm(
		c,
		q.Get("fase"),
		q.Get("pilot"),
		q.Get("sorteer"),
		q.Get("mijn") == "1",
	)
	if err != nil {
		return err
	}
	page, _ := strconv.Atoi(q.Get("pagina"))
	f := data.filter(c, h)
	f.Page, f.PageSize = max(page, 1), casePageSize
	list, err := h.Cases.List(c.Request().Context(), h.guard.Actor(c), f)
	if e, ok := errs.As(err); ok && e.Kind == errs.KindInvalid {
		return h.render(
			c,
			http.StatusBadRequest,
			"dossiers",
			"Dossiers",
			data,
			withFields(fieldProblems(e.Fields)),
		)
	}
	if err != nil {
		return err
	}
	data.fill(list.Items)
	data.Total, data.Page = list.Total, list.Page
	data.Pages = (list.Total + casePageSize - 1) / casePageSize
	data.links()
	return h.render(c, http.StatusOK, "dossiers", "Dossiers", data)
}

// caseSearch finds cases by BSN (nine digits) or by part of the name. It is a POST,
// so that neither ever appears in a URL, a browser history or an access log.
func (h *handlers) caseSearch(c echo.Context) error {
	data, err := h.caseListForm(
		c,
		c.FormValue("fase"),
		c.FormValue("pilot"),
		c.FormValue("sorteer"),
		c.FormValue("mijn") == "1",
	)
	if err != nil {
		return err
	}
	data.Search, data.Searched = strings.TrimSpace(c.FormValue("zoek")), true
	if data.Search == "" {
		return h.render(c, http.StatusBadRequest, "dossiers", "Dossiers", data,
			withFields(map[string]string{"zoek": "Vul een naam, een BSN of een dossiernummer in."}))
	}
	items, err := h.searchCases(c, data)
	if e, ok := errs.As(err); ok && e.Kind == errs.KindInvalid {
		fields := fieldProblems(e.Fields)
		if r, ok := fields["bsn"]; ok {
			fields["zoek"] = r
		}
		return h.render(c, http.StatusBadRequest, "dossiers", "Dossiers", data, withFields(fields))
	}
	if err != nil {
		return err
	}
	data.fill(items)
	data.Total = len(items)
	return h.render(c, http.StatusOK, "dossiers", "Dossiers", data)
}

func (h *handlers) searchCases(c echo.Context, data caseListData) ([]cases.Summary, error) {
	actor := h.guard.Actor(c)
	if _, ok := cases.CaseNumberOf(data.Search); ok {
		// "2026-0147" has eight digits, like a BSN with a leading zero dropped: a
		// case number is looked for first, exactly.
		f := data.filter(c, h)
		f.Query, f.PageSize = data.Search, cases.MaxPageSize
		list, err := h.Cases.List(c.Request().Context(), actor, f)
		return list.Items, err
	}
	if digits := strings.NewReplacer(
		" ",
		"",
		".",
		"",
		"-",
		"",
	).Replace(data.Search); looksLikeBSN(digits) {
		return h.Cases.FindByBSN(c.Request().Context(), actor, digits)
	}
	f := data.filter(c, h)
	// A name search lists the best matches first, whatever the list's order was.
	f.Query, f.PageSize, f.Sort = data.Search, cases.MaxPageSize, ""
	list, err := h.Cases.List(c.Request().Context(), actor, f)
	return list.Items, err
}

func looksLikeBSN(s string) bool {
	if len(s) < 8 || len(s) > 9 {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

func (h *handlers) caseListForm(
	c echo.Context,
	stage,
	pilot,
	sort string,
	mine bool,
) (caseListData, error) {
	d := caseListData{Stage: stage, Pilot: pilot, Sort: sort, Mine: mine, Sorts: caseSorts}
	for _, s := range cases.Stages {
		d.Stages = append(d.Stages, option{string(s), dutch.Stage(s)})
	}
	actor := h.guard.Actor(c)
	var err error
	d.Pilots, err = h.pilotChoices(c, actor)
	d.ShowMunicipality = actor.National || len(actor.Municipalities) > 1
	return d, err
}

// pilotChoices lists the pilots of the user's municipalities; a filter on pilot
// only helps when there are several. A failing query is an error like any other:
// swallowed, it hid the filter from every user for as long as it failed.
func (h *handlers) pilotChoices(c echo.Context, actor access.Actor) ([]option, error) {
	list, err := h.Pilots.PilotNamesOf(c.Request().Context(), actor)
	if err != nil || len(list) < 2 {
		return nil, err
	}
	out := make([]option, len(list))
	for i, p := range list {
		out[i] = option{p.Code, p.Name}
	}
	return out, nil
}

func (d caseListData) filter(c echo.Context, h *handlers) cases.Filter {
	f := cases.Filter{Stage: cases.Stage(d.Stage), PilotCode: d.Pilot, Sort: d.Sort}
	if d.Mine {
		if p, ok := h.guard.Principal(c); ok {
			f.ClientManagerID = &p.UserID
		}
	}
	return f
}

func (d *caseListData) fill(items []cases.Summary) {
	for _, it := range items {
		row := caseListRow{ID: it.ID.String(), Name: it.ClientName, Stage: string(it.Stage),
			Since: it.StageEnteredOn, BirthYear: it.BirthDate.Year(),
			Applied: it.BenefitAppliedOn, Municipality: it.MunicipalityCode, Number: it.CaseNumber}
		if it.ClientManagerName != nil {
			row.Manager = *it.ClientManagerName
		}
		d.Items = append(d.Items, row)
	}
}

// links makes the previous and next page links, keeping the filters.
func (d *caseListData) links() {
	q := url.Values{}
	for k, v := range map[string]string{"fase": d.Stage, "pilot": d.Pilot, "sorteer": d.Sort} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if d.Mine {
		q.Set("mijn", "1")
	}
	at := func(n int) string {
		q.Set("pagina", strconv.Itoa(n))
		return "/dossiers?" + q.Encode()
	}
	if d.Page > 1 {
		d.PrevURL = at(d.Page - 1)
	}
	if d.Page < d.Pages {
		d.NextURL = at(d.Page + 1)
	}
}
