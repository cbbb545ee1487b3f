package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/audit"
	"github.com/startbaan/startbaan/internal/calendar"
)

// Logboek: the audit log of the team lead's municipality, newest first, filtered by
// user, case and period, paged with "volgende" (the log grows with every read, so no
// total is counted). The log holds no BSN or client name, only ids and keyed hashes,
// and the page shows neither the hash nor anything about the client.

type auditData struct {
	Filter  auditForm
	Entries []audit.Entry
	Users   []option // the users on this page, to filter by
	Page    int
	PrevURL string
	NextURL string
	// Own are the reader's own logins, logouts and refusals (see ownAccessEvents).
	Own []audit.Entry
}

// auditForm is the filter as typed; To is inclusive on the page.
type auditForm struct{ User, Case, From, To string }

const auditPageSize = 50

func (h *handlers) auditLog(c echo.Context) error {
	q := c.QueryParams()
	form := auditForm{User: q.Get("user"), Case: q.Get("case"), From: q.Get("from"), To: q.Get("to")}
	filter, fields := form.filter()
	filter.Page, filter.PageSize = pageNumber(q.Get("page")), auditPageSize
	data := auditData{Filter: form, Page: filter.Page}
	ctx := c.Request().Context()
	own, err := h.ownAccessEvents(ctx, c)
	if err != nil {
		return err
	}
	data.Own = own
	mods := []func(*page){inNav("logboek")}
	if len(fields) > 0 {
		return h.render(
			c,
			http.StatusBadRequest,
			"auditlog",
			"Logboek",
			data,
			append(mods, withFields(fields))...,
		)
	}
	entries, more, err := h.Audit.List(ctx, h.guard.Actor(c), filter)
	if err != nil {
		status, mod, ok := formFailure(err, nil)
		if !ok {
			return err
		}
		return h.render(c, status, "auditlog", "Logboek", data, append(mods, mod)...)
	}
	data.Entries, data.Users = entries, userChoices(entries, form.User)
	if filter.Page > 1 {
		data.PrevURL = form.url(filter.Page - 1)
	}
	if more {
		data.NextURL = form.url(filter.Page + 1)
	}
	return h.render(c, http.StatusOK, "auditlog", "Logboek", data, mods...)
}

// filter turns the form into the log's filter, with a Dutch reason per bad field.
func (f auditForm) filter() (audit.Filter, map[string]string) {
	var out audit.Filter
	fields := map[string]string{}
	if f.User != "" {
		if id, err := uuid.Parse(f.User); err == nil {
			out.UserID = &id
		} else {
			fields["user"] = "Kies een gebruiker uit de lijst."
		}
	}
	if f.Case != "" {
		if id, err := uuid.Parse(f.Case); err == nil {
			out.CaseID = &id
		} else {
			fields["case"] = "Een dossiernummer ziet eruit als 0f8fad5b-d9cb-469f-a165-70867728950e."
		}
	}
	out.From = dayStart(f.From, "from", fields)
	if to := dayStart(f.To, "to", fields); to != nil {
		end := to.AddDate(0, 0, 1) // "tot en met" the day: the log's bound is exclusive
		out.To = &end
	}
	if out.From != nil && out.To != nil && !out.To.After(*out.From) {
		fields["to"] = "De einddatum ligt op of na de begindatum."
	}
	return out, fields
}

// dayStart reads a date (JJJJ-MM-DD, as a date input sends it) as the start of that
// day in Dutch time.
func dayStart(s, name string, fields map[string]string) *time.Time {
	if s == "" {
		return nil
	}
	d, err := time.ParseInLocation(time.DateOnly, s, calendar.Zone())
	if err != nil {
		fields[name] = "Vul een datum in als JJJJ-MM-DD, bijvoorbeeld 2026-03-01."
		return nil
	}
	return &d
}

// pageNumber reads ?page=; anything that is not a page number is the first page.
func pageNumber(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// url is the address of a page of the log with the same filter.
func (f auditForm) url(page int) string {
	v := url.Values{}
	for k, s := range map[string]string{"user": f.User, "case": f.Case, "from": f.From, "to": f.To} {
		if s != "" {
			v.Set(k, s)
		}
	}
	v.Set("page", strconv.Itoa(page))
	return "/logboek?" + v.Encode()
}

// userChoices are the users that appear on the page (and the one filtered by): the
// team lead holds no permission to list accounts, and needs none to filter the log.
func userChoices(entries []audit.Entry, selected string) []option {
	seen := map[string]bool{}
	var out []option
	for _, e := range entries {
		if e.UserID == nil || e.UserName == nil || seen[e.UserID.String()] {
			continue
		}
		seen[e.UserID.String()] = true
		out = append(out, option{e.UserID.String(), *e.UserName})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	if selected != "" && !seen[selected] {
		out = append(out, option{selected, "de gekozen gebruiker"})
	}
	return out
}

var (
	auditActions = map[string]string{audit.ActionRead: "Lezen", audit.ActionCreate: "Aanmaken",
		audit.ActionChange: "Wijzigen",
		audit.ActionExport: "Exporteren", audit.ActionLogin: "Inloggen", audit.ActionFailed: "Inloggen mislukt",
		audit.ActionLogout: "Uitloggen", audit.ActionDenied: "Geweigerd"}
	auditObjects = map[string]string{audit.ObjectCase: "Dossier", audit.ObjectCaseList: "Dossierlijst",
		audit.ObjectCaseEvents: "Dossiergeschiedenis", audit.ObjectWeek: "Weekuren", audit.ObjectJobOffer: "Baanaanbod",
		audit.ObjectAccount: "Account", "outcomes": "Uitkomsten", "route": "Pagina of API-verzoek",
		audit.ObjectCaseNote: "Journaal", audit.ObjectCaseExport: "Export van dossiers"}
	auditOutcomes = map[string]string{
		audit.OutcomeOK:     "Gelukt",
		audit.OutcomeFailed: "Mislukt",
		audit.OutcomeDenied: "Geweigerd",
	}
)
