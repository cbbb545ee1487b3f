package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// The week screen ("Week afsluiten", docs/web.md): one row per client of the caseload
// at work in an ISO week, all saved with one button, each row checked on its own
// against what the user saw.

const weekClosePath = "/week-afsluiten"

// weekPageSize is the number of clients on one page of the week screen: a client
// manager's caseload at work fits on one; a whole team's goes over pages (?pagina=2),
// each saved on its own, so that a page stays quick to read, fill in and check.
const weekPageSize = 50

// weekCloseHref is the week screen of week w.
func weekCloseHref(w hours.Week) string { return weekClosePath + "?week=" + w.String() }

// weekView is what week.html shows.
type weekView struct {
	Week, Label           string
	Previous, Next        string // hrefs of the weeks around it
	Ended                 bool
	Team                  bool
	Managers              []option
	Manager               string // the chosen manager's id ("" for the whole team)
	Rows                  []weekRowView
	Page                  int           // 1-based page of the rows
	PageInfo              string        // "Cliënten 51–87 van 87" when the rows go over pages
	Earlier, Later        string        // hrefs of the pages before and after ("" for none)
	Summary               []weekProblem // the errors of a failed save, each linking to its field
	Saved, Stale, Invalid int           // counts after a save that needs attention
}

type weekProblem struct{ Href, Text string }

// weekRowView is one client's row.
type weekRowView struct {
	ID, Anchor, Name, Manager string
	BirthYear                 int
	Seen                      string // updated_at of the stored week as shown, "" when none
	PrefillWork, PrefillInt   string // the pre-filled plan, to tell an untouched row
	Cells                     []hoursCell
	Reason                    hoursCell
	From                      string // where the pre-filled plan came from, in words
	Target                    string // the combined target in hours ("" without a pilot)
	Status                    string
	Below                     bool
	Done                      string // "Opgeslagen." after a save that needed attention elsewhere
	Stale                     string // what a colleague stored meanwhile
	Error                     string // a problem of the row as a whole
}

// weekColumns are the inputs of a row, with the service's field names.
var weekColumns = []struct{ name, label string }{
	{"plannedWorkHours", "Werk gepland"}, {"actualWorkHours", "Werk gewerkt"},
	{"plannedIntegrationHours", "Inburgering gepland"}, {"actualIntegrationHours", "Inburgering gevolgd"},
	{"absenceHours", "Verzuim"},
}

// weekOf reads ?week= (or the form's week); without one it is last week, the week a
// client manager closes on Monday or Friday afternoon.
func (h *handlers) weekOf(c echo.Context) (hours.Week, error) {
	s := c.FormValue("week")
	if s == "" {
		return hours.WeekOf(h.today().AddDate(0, 0, -7)), nil
	}
	w, err := hours.ParseWeek(s)
	if err != nil {
		return hours.Week{}, errs.Invalid(errs.Field("week",
			"Kies een week als JJJJ-Www, bijvoorbeeld 2026-W49."))
	}
	return w, nil
}

func managerFilter(c echo.Context) (hours.CaseloadFilter, string) {
	id, err := uuid.Parse(c.FormValue("klantmanager"))
	if err != nil {
		return hours.CaseloadFilter{}, ""
	}
	return hours.CaseloadFilter{ManagerID: &id}, id.String()
}

// weekPage shows the week screen.
func (h *handlers) weekPage(c echo.Context) error {
	w, err := h.weekOf(c)
	if err != nil {
		return err
	}
	v, err := h.loadWeek(c, w)
	if err != nil {
		return err
	}
	return h.render(c, http.StatusOK, "week", "Week afsluiten", v)
}

func (h *handlers) loadWeek(c echo.Context, w hours.Week) (*weekView, error) {
	f, chosen := managerFilter(c)
	data, err := h.Hours.CaseloadWeek(c.Request().Context(), h.guard.Actor(c), f, w)
	if err != nil {
		return nil, err
	}
	monday := w.Monday()
	v := &weekView{Week: w.String(), Ended: data.Ended, Team: data.Team, Manager: chosen,
		Label: fmt.Sprintf("Week %d (%s – %s)", w.Num, shortDate(monday),
			dutch.Date(monday.AddDate(0, 0, 6)))}
	q := ""
	if chosen != "" {
		q = "&klantmanager=" + url.QueryEscape(chosen)
	}
	v.Previous = weekCloseHref(hours.WeekOf(monday.AddDate(0, 0, -7))) + q
	if next := monday.AddDate(0, 0, 7); !next.After(h.today()) {
		v.Next = weekCloseHref(hours.WeekOf(next)) + q
	}
	for _, m := range data.Managers {
		v.Managers = append(v.Managers, option{m.ID.String(), m.Name})
	}
	rows := v.paginate(c, data.Rows, w, q)
	for _, r := range rows {
		v.Rows = append(v.Rows, weekRow(r, w, data.Team, data.Ended))
	}
	return v, nil
}

// paginate picks the page's rows (?pagina=, kept by the form) and links the others.
func (v *weekView) paginate(c echo.Context, all []hours.CaseWeek, w hours.Week, q string) []hours.CaseWeek {
	pages := (len(all) + weekPageSize - 1) / weekPageSize
	v.Page = 1
	if n, err := strconv.Atoi(c.FormValue("pagina")); err == nil && n >= 1 && n <= pages {
		v.Page = n
	}
	if pages <= 1 {
		return all
	}
	from, to := (v.Page-1)*weekPageSize, min(v.Page*weekPageSize, len(all))
	v.PageInfo = fmt.Sprintf("Cliënten %d–%d van %d", from+1, to, len(all))
	if v.Page > 1 {
		v.Earlier = fmt.Sprintf("%s%s&pagina=%d", weekCloseHref(w), q, v.Page-1)
	}
	if v.Page < pages {
		v.Later = fmt.Sprintf("%s%s&pagina=%d", weekCloseHref(w), q, v.Page+1)
	}
	return all[from:to]
}

var prefillWords = map[string]string{
	hours.FromContract: "het contract",
	hours.FromPIP:      "het PIP",
	hours.FromPrevious: "vorige week",
}

func weekRow(r hours.CaseWeek, w hours.Week, team, ended bool) weekRowView {
	id := r.CaseID.String()
	row := weekRowView{ID: id, Anchor: "rij-" + id, Name: r.ClientName, BirthYear: r.BirthYear}
	// A plan with nothing to go by stays blank rather than a made-up 0.
	if r.WorkFrom != hours.FromNothing {
		row.PrefillWork = hoursInput(r.PlannedWork)
	}
	if r.IntegrationFrom != hours.FromNothing {
		row.PrefillInt = hoursInput(r.PlannedIntegration)
	}
	if team {
		row.Manager = r.ClientManagerName
	}
	if r.UpdatedAt != nil {
		row.Seen = r.UpdatedAt.Format(time.RFC3339Nano)
	}
	values := []string{row.PrefillWork, optionalInput(r.Entry.ActualWork), row.PrefillInt,
		optionalInput(r.Entry.ActualIntegration), ""}
	if r.Entry.Absence > 0 {
		values[4] = hoursInput(r.Entry.Absence)
	}
	for i, col := range weekColumns {
		row.Cells = append(row.Cells, hoursCell{Name: id + "." + col.name, ID: "w-" + id + "-" + col.name,
			Label: col.label, Value: values[i]})
	}
	row.Reason = hoursCell{Name: id + ".absenceReason", ID: "w-" + id + "-absenceReason",
		Label: "Reden verzuim", Value: r.Entry.AbsenceReason}
	var from []string
	if s := prefillWords[r.WorkFrom]; s != "" && !r.Stored {
		from = append(from, "werk uit "+s)
	}
	if s := prefillWords[r.IntegrationFrom]; s != "" && !r.Stored {
		from = append(from, "inburgering uit "+s)
	}
	if len(from) > 0 {
		row.From = "Gepland: " + strings.Join(from, ", ") + "."
	}
	if r.Targets != nil {
		row.Target = hoursInput(r.Targets.Combined)
	}
	row.Status, row.Below = weekRowStatus(r, ended)
	return row
}

// weekRowStatus says how the row's week stands against the target, as the server
// judged it (the live total of week.js is only a convenience).
func weekRowStatus(r hours.CaseWeek, ended bool) (string, bool) {
	e := r.Entry
	done := e.Work() + e.Integration()
	switch {
	case !e.Logged():
		return "Nog niet vastgelegd", false
	case r.Targets == nil:
		return fmt.Sprintf("%s uur samen (geen pilot, geen doel)", hoursText(done)), false
	case !ended:
		return fmt.Sprintf("Loopt nog; %s van %s uur samen", hoursText(done),
			hoursText(r.Targets.For(e).Combined)), false
	}
	missed := hours.Shortfalls(e, *r.Targets)
	if len(missed) == 0 {
		return fmt.Sprintf("✓ %s van %s uur samen: doel gehaald", hoursText(done),
			hoursText(r.Targets.For(e).Combined)), false
	}
	return "✗ Doel niet gehaald: " + shortfallsText(missed, e) + ".", true
}

// hoursInput writes hours for an input: up to two decimals, a decimal comma, no ",00".
func hoursInput(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "0"), "0"), ".")
	return strings.Replace(s, ".", ",", 1)
}

func optionalInput(v *float64) string {
	if v == nil {
		return ""
	}
	return hoursInput(*v)
}

// saveWeek stores every row that was typed in, row by row (hours.CloseWeek). When all
// went well it returns to the week with a notice; otherwise the page shows what was
// saved, the rows a colleague changed meanwhile (with their values, the typed ones
// kept) and the rows with errors, with a summary at the top.
func (h *handlers) saveWeek(c echo.Context) error {
	w, err := h.weekOf(c)
	if err != nil {
		return err
	}
	in, posted, p := weekInput(c)
	back := weekCloseHref(w)
	if _, chosen := managerFilter(c); chosen != "" {
		back += "&klantmanager=" + chosen
	}
	if n, err := strconv.Atoi(c.FormValue("pagina")); err == nil && n > 1 {
		back += "&pagina=" + strconv.Itoa(n)
	}
	var results []hours.RowResult
	if len(in) > 0 {
		results, err = h.Hours.CloseWeek(c.Request().Context(), h.guard.Actor(c), w, in)
		if err != nil {
			return err
		}
	}
	problems := fieldProblems(p)
	outcome := map[string]hours.RowResult{}
	for _, r := range results {
		outcome[r.CaseID.String()] = r
		for _, q := range r.Problems {
			if _, seen := problems[r.CaseID.String()+"."+q.Name]; !seen {
				problems[r.CaseID.String()+"."+q.Name] = q.Reason
			}
		}
	}
	if len(problems) == 0 && !anyStale(results) {
		if len(in) == 0 {
			return h.redirect(c, back, "hours-unchanged")
		}
		return h.redirect(c, back, "week-saved")
	}
	v, err := h.loadWeek(c, w)
	if err != nil {
		return err
	}
	v.overlay(posted, problems, outcome)
	status, title := http.StatusBadRequest, "Fout: Week afsluiten"
	if v.Invalid == 0 {
		status = http.StatusConflict
	}
	return h.render(c, status, "week", title, v, func(p *page) { p.OwnSummary = true })
}

func anyStale(results []hours.RowResult) bool {
	for _, r := range results {
		if r.Status == hours.RowStale {
			return true
		}
	}
	return false
}

// weekInput reads the rows of the form. A row is sent to the service when something
// was typed in it: an actual, absence or a reason, a plan other than the pre-filled
// one, or a change to a stored week. Rows with nothing typed are not saved.
func weekInput(c echo.Context) ([]hours.CaseWeekInput, map[string]string, errs.Problems) {
	form, _ := c.FormParams()
	posted := map[string]string{}
	var in []hours.CaseWeekInput
	var p errs.Problems
	for _, key := range form["rows"] {
		id, err := uuid.Parse(key)
		if err != nil {
			continue // not a row the page showed
		}
		before := len(p)
		values := make([]*float64, len(weekColumns))
		for i, col := range weekColumns {
			name := key + "." + col.name
			posted[name] = form.Get(name)
			values[i] = formOptionalHours(&p, name, posted[name])
		}
		for _, extra := range []string{".absenceReason", ".seen"} {
			posted[key+extra] = form.Get(key + extra)
		}
		seen := posted[key+".seen"]
		if len(p) > before {
			continue // a number that cannot be read: the row is shown back with its errors
		}
		untouched := seen == "" && values[1] == nil && values[3] == nil && values[4] == nil &&
			posted[key+".absenceReason"] == "" &&
			sameInput(posted[key+".plannedWorkHours"], form.Get(key+".prefillWork")) &&
			sameInput(posted[key+".plannedIntegrationHours"], form.Get(key+".prefillIntegration"))
		if untouched {
			continue
		}
		wi := hours.CaseWeekInput{CaseID: id, Entry: hours.Entry{PlannedWork: orZero(values[0]),
			ActualWork: values[1], PlannedIntegration: orZero(values[2]), ActualIntegration: values[3],
			Absence: orZero(values[4]), AbsenceReason: posted[key+".absenceReason"]}}
		if t, err := time.Parse(time.RFC3339Nano, seen); err == nil {
			wi.Seen = &t
		}
		in = append(in, wi)
	}
	return in, posted, p
}

func sameInput(a, b string) bool {
	norm := func(s string) string { return strings.Replace(strings.TrimSpace(s), ",", ".", 1) }
	x, errX := strconv.ParseFloat(norm(a), 64)
	y, errY := strconv.ParseFloat(norm(b), 64)
	if errX != nil || errY != nil {
		return norm(a) == norm(b)
	}
	return x == y
}

// overlay puts the outcome of a save on the freshly read page: saved rows as stored
// now, stale rows with the colleague's values beside the typed ones (and the new
// stamp, so that saving again is a deliberate overwrite), rows with errors as typed
// with the errors beside the fields and in the summary.
func (v *weekView) overlay(
	posted, problems map[string]string,
	outcome map[string]hours.RowResult,
) {
	for i := range v.Rows {
		row := &v.Rows[i]
		res, sent := outcome[row.ID]
		typedErr := false
		for _, cell := range row.Cells {
			if problems[cell.Name] != "" {
				typedErr = true
			}
		}
		switch {
		case sent && res.Status == hours.RowSaved:
			row.Done = "Opgeslagen."
			v.Saved++
			continue
		case sent && res.Status == hours.RowUnchanged:
			continue
		case sent && res.Status == hours.RowStale:
			v.Stale++
			row.Stale = "Gewijzigd door een collega. Opgeslagen is nu: " + storedText(res.Current) +
				". Hieronder staat uw invoer; sla opnieuw op om die vast te leggen."
			v.Summary = append(v.Summary, weekProblem{"#" + row.Cells[1].ID,
				fmt.Sprintf("%s (%d): gewijzigd door een collega; controleer en sla opnieuw op.",
					row.Name, row.BirthYear)})
		case sent && res.Status == hours.RowInvalid, typedErr:
			v.Invalid++
		default:
			continue
		}
		row.keepTyped(posted)
		row.Error = problems[row.ID+".week"]
		if row.Error != "" {
			v.Summary = append(v.Summary, weekProblem{"#" + row.Cells[0].ID,
				fmt.Sprintf("%s (%d): %s", row.Name, row.BirthYear, row.Error)})
		}
		for j := range row.Cells {
			cell := &row.Cells[j]
			cell.Error = problems[cell.Name]
			if cell.Error != "" {
				v.Summary = append(v.Summary, weekProblem{"#" + cell.ID,
					fmt.Sprintf("%s (%d), %s: %s", row.Name, row.BirthYear, strings.ToLower(cell.Label),
						cell.Error)})
			}
		}
		row.Reason.Error = problems[row.Reason.Name]
		if row.Reason.Error != "" {
			v.Summary = append(v.Summary, weekProblem{"#" + row.Reason.ID,
				fmt.Sprintf("%s (%d), reden verzuim: %s", row.Name, row.BirthYear, row.Reason.Error)})
		}
	}
}

// keepTyped shows what the user typed in the row instead of what is stored.
func (row *weekRowView) keepTyped(posted map[string]string) {
	for j := range row.Cells {
		if v, ok := posted[row.Cells[j].Name]; ok {
			row.Cells[j].Value = v
		}
	}
	if v, ok := posted[row.Reason.Name]; ok {
		row.Reason.Value = v
	}
}

// storedText is a stored week in words, blank actuals as "leeg".
func storedText(r *hours.Record) string {
	if r == nil {
		return "niets"
	}
	e := r.Entry
	parts := []string{
		"werk gepland " + hoursInput(e.PlannedWork),
		"werk gewerkt " + orBlank(e.ActualWork),
		"inburgering gepland " + hoursInput(e.PlannedIntegration),
		"inburgering gevolgd " + orBlank(e.ActualIntegration),
		"verzuim " + hoursInput(e.Absence),
	}
	if e.AbsenceReason != "" {
		parts = append(parts, "reden "+e.AbsenceReason)
	}
	return strings.Join(parts, ", ")
}

func orBlank(v *float64) string {
	if v == nil {
		return "leeg"
	}
	return hoursInput(*v)
}
