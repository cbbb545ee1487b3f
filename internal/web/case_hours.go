package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// The grid shows seven weeks: by default the four weeks before this one, this week
// and the next two, the weeks a client manager catches up on and plans. "Eerdere
// weken" and "Latere weken" move the window by its length (?vanaf=2026-W05 names its
// first week); planning goes at most half a year ahead.
const (
	gridWeeksBack  = 4
	gridWeeksAhead = 2
	gridLength     = gridWeeksBack + 1 + gridWeeksAhead
	gridMaxAhead   = 26
)

// hoursGrid is the week grid of a case.
type hoursGrid struct {
	Rows    []hoursRow
	Targets *hours.Targets
	// From is the first week of a window the user moved to ("" for the default
	// one); Earlier and Later are the first weeks of the windows before and after,
	// "" where there is nothing to show.
	From, Earlier, Later string
}

// hoursRow is one ISO week: five inputs, and the week's total against the target.
type hoursRow struct {
	Key, Label string
	Seen       string // updated_at of the stored week as shown, empty when none
	Cells      []hoursCell
	Reason     hoursCell // the absence reason (a choice of hours.AbsenceReasons)
	Status     string
	Below      bool
	Warnings   []string
	Error      string // a problem of the week as a whole
	Stale      string // what someone else stored meanwhile
}

type hoursCell struct {
	Name, ID, Label, Value, Error string
}

// hourColumns are the inputs of a row; their names are the hours service's field
// names, so its problems land beside the right cell.
var hourColumns = []struct{ name, label string }{
	{"plannedWorkHours", "Werk gepland"}, {"actualWorkHours", "Werk gewerkt"},
	{
		"plannedIntegrationHours",
		"Inburgering gepland",
	}, {"actualIntegrationHours", "Inburgering gevolgd"},
	{"absenceHours", "Verzuim"},
}

// gridWindow reads the first week of the grid from ?vanaf= (or the form's "vanaf"
// field, so that a save keeps the window); a week that cannot be read, or lies
// beyond what can be planned, gives the default window.
func (h *handlers) gridWindow(c echo.Context, k cases.Case) hoursGrid {
	thisMonday := hours.WeekOf(h.today()).Monday()
	first := thisMonday.AddDate(0, 0, -7*gridWeeksBack)
	var g hoursGrid
	if w, err := hours.ParseWeek(c.FormValue("vanaf")); err == nil &&
		!w.Monday().After(thisMonday.AddDate(0, 0, 7*gridMaxAhead)) &&
		!w.Monday().AddDate(0, 0, 7*gridLength).Before(k.Dates.RegisteredOn) && !w.Monday().Equal(first) {
		first, g.From = w.Monday(), w.String()
	}
	if !first.AddDate(0, 0, -1).Before(k.Dates.RegisteredOn) { // the week before still counts
		g.Earlier = hours.WeekOf(first.AddDate(0, 0, -7*gridLength)).String()
	}
	if next := first.AddDate(0, 0, 7*gridLength); !next.After(
		thisMonday.AddDate(0, 0, 7*gridMaxAhead),
	) {
		g.Later = hours.WeekOf(next).String()
	}
	return g
}

// gridWeeks are the weeks of the window from first that the case can have hours in.
func gridWeeks(k cases.Case, first time.Time) []hours.Week {
	var out []hours.Week
	for i := range gridLength {
		m := first.AddDate(0, 0, 7*i)
		// the service refuses weeks before registration
		if m.AddDate(0, 0, 6).Before(k.Dates.RegisteredOn) {
			continue
		}
		out = append(out, hours.WeekOf(m))
	}
	return out
}

// first is the Monday the window starts on.
func (g hoursGrid) first(today time.Time) time.Time {
	if w, err := hours.ParseWeek(g.From); err == nil {
		return w.Monday()
	}
	return hours.WeekOf(today).Monday().AddDate(0, 0, -7*gridWeeksBack)
}

// loadGrid reads the grid's weeks and the pilot's targets.
func (h *handlers) loadGrid(c echo.Context, k cases.Case) (hoursGrid, error) {
	g := h.gridWindow(c, k)
	weeks := gridWeeks(k, g.first(h.today()))
	if len(weeks) == 0 {
		return g, nil
	}
	recs, err := h.Hours.List(
		c.Request().Context(),
		h.guard.Actor(c),
		k.ID,
		&weeks[0],
		&weeks[len(weeks)-1],
	)
	if err != nil {
		return hoursGrid{}, err
	}
	if k.PilotID != nil {
		if g.Targets, err = h.Hours.CaseTargets(
			c.Request().Context(),
			h.guard.Actor(c),
			k.ID,
		); err != nil {
			return hoursGrid{}, err
		}
	}
	stored := map[hours.Week]hours.Record{}
	for _, r := range recs {
		stored[r.Week] = r
	}
	for _, w := range weeks {
		g.Rows = append(g.Rows, h.gridRow(w, stored, g.Targets))
	}
	return g, nil
}

func (h *handlers) gridRow(
	w hours.Week,
	stored map[hours.Week]hours.Record,
	t *hours.Targets,
) hoursRow {
	monday := w.Monday()
	row := hoursRow{
		Key: w.String(),
		Label: fmt.Sprintf(
			"Week %d (%s – %s)",
			w.Num,
			shortDate(monday),
			dutch.Date(monday.AddDate(0, 0, 6)),
		),
	}
	rec, ok := stored[w]
	var e hours.Entry
	if ok {
		e, row.Seen = rec.Entry, rec.UpdatedAt.Format(time.RFC3339Nano)
	}
	values := []string{
		hoursText(e.PlannedWork),
		optionalHoursText(e.ActualWork),
		hoursText(e.PlannedIntegration),
		optionalHoursText(e.ActualIntegration),
		hoursText(e.Absence),
	}
	for i, col := range hourColumns {
		cell := hoursCell{Name: row.Key + "." + col.name, ID: "uren-" + row.Key + "-" + col.name,
			Label: fmt.Sprintf("%s in week %d", col.label, w.Num)}
		if ok {
			cell.Value = values[i]
		}
		row.Cells = append(row.Cells, cell)
	}
	row.Reason = hoursCell{Name: row.Key + ".absenceReason", ID: "uren-" + row.Key + "-absenceReason",
		Label: fmt.Sprintf("Reden verzuim in week %d", w.Num), Value: e.AbsenceReason}
	row.Status, row.Below = weekStatus(h.today(), w, e, ok, t)
	if ok {
		for _, warn := range rec.Judgement.Warnings {
			row.Warnings = append(row.Warnings, warningLabels[warn])
		}
	}
	return row
}

var warningLabels = map[string]string{
	hours.WarnWorkCrowdsOutIntegration: "Werk verdringt inburgering: minder inburgering dan gepland of nodig.",
	hours.WarnIntegrationCrowdsOutWork: "Inburgering verdringt werk: minder werk dan gepland of nodig.",
}

// weekStatus says in words how the week stands against the target; Below marks a
// missed target (shown in text as well, never by colour alone).
func weekStatus(
	today time.Time,
	w hours.Week,
	e hours.Entry,
	stored bool,
	t *hours.Targets,
) (string, bool) {
	combined := e.Work() + e.Integration()
	switch {
	case w.Monday().After(today) && e.PlannedWork+e.PlannedIntegration == 0:
		return "Nog niet begonnen", false
	case w.Monday().After(today):
		return fmt.Sprintf(
			"Nog niet begonnen; gepland %s uur samen",
			hoursText(e.PlannedWork+e.PlannedIntegration),
		), false
	case !w.Monday().AddDate(0, 0, 7).After(today) && !e.Logged():
		return "Niets vastgelegd", t != nil
	case w.Monday().AddDate(0, 0, 7).After(today):
		return fmt.Sprintf("Loopt nog; tot nu toe %s uur samen", hoursText(combined)), false
	case t == nil:
		return fmt.Sprintf("%s uur samen (geen doel: geen pilot)", hoursText(combined)), false
	}
	j := hours.Judge(e, t, true)
	owed := t.For(e) // the target after authorised absence
	if j.MeetsTarget != nil && *j.MeetsTarget {
		return fmt.Sprintf(
			"✓ %s van %s uur samen: doel gehaald",
			hoursText(combined),
			hoursText(owed.Combined),
		), false
	}
	return fmt.Sprintf(
		"✗ %s van %s uur samen: doel niet gehaald",
		hoursText(combined),
		hoursText(owed.Combined),
	), true
}

func shortDate(t time.Time) string { return fmt.Sprintf("%d %s", t.Day(), dutch.Month(t.Month())) }

// saveHours stores every row of the grid at once: all or nothing. A row left empty
// that was not stored is skipped.
func (h *handlers) saveHours(c echo.Context) error {
	id, err := caseID(c)
	if err != nil {
		return err
	}
	in, posted, p := gridInput(c)
	back := "/dossiers/" + id.String() + "?deel=uren#uren"
	// back to the window the user was in
	if w, err := hours.ParseWeek(c.FormValue("vanaf")); err == nil {
		back = "/dossiers/" + id.String() + "?vanaf=" + w.String() + "#uren"
	}
	if len(p) == 0 && len(in) == 0 {
		return h.redirect(c, back, "hours-unchanged")
	}
	if len(p) == 0 {
		_, err = h.Hours.PutWeeks(c.Request().Context(), h.guard.Actor(c), id, in)
		if err == nil {
			return h.redirect(c, back, "hours-saved")
		}
		if errs.Is(err, errs.KindPrecondition) {
			return h.staleHours(c, id, posted, err)
		}
		e, ok := errs.As(err)
		if !ok || e.Kind != errs.KindInvalid {
			return err
		}
		p = e.Fields
	}
	v, err := h.loadCase(c, id)
	if err != nil {
		return err
	}
	v.Grid.overlay(posted, fieldProblems(p), true)
	return h.renderCase(c, http.StatusBadRequest, v, withFields(fieldProblems(p)))
}

// gridInput reads the rows the form showed (the hidden "weeks" list).
func gridInput(c echo.Context) ([]hours.WeekInput, map[string]string, errs.Problems) {
	form, _ := c.FormParams()
	posted := map[string]string{}
	var in []hours.WeekInput
	var p errs.Problems
	for _, key := range form["weeks"] {
		w, err := hours.ParseWeek(key)
		if err != nil {
			continue // not a week the page showed: ignore rather than guess
		}
		blank := true
		values := make([]*float64, len(hourColumns))
		for i, col := range hourColumns {
			name := key + "." + col.name
			posted[name] = form.Get(name)
			blank = blank && strings.TrimSpace(posted[name]) == ""
			values[i] = formOptionalHours(&p, name, posted[name])
		}
		reason := key + ".absenceReason"
		posted[reason] = form.Get(reason)
		seen := form.Get(key + ".seen")
		posted[key+".seen"] = seen
		if blank && seen == "" && posted[reason] == "" {
			continue
		}
		wi := hours.WeekInput{Week: w, Entry: hours.Entry{PlannedWork: orZero(values[0]),
			ActualWork: values[1], PlannedIntegration: orZero(values[2]), ActualIntegration: values[3],
			Absence: orZero(values[4]), AbsenceReason: posted[reason]}}
		if t, err := time.Parse(time.RFC3339Nano, seen); err == nil {
			wi.Seen = &t
		}
		in = append(in, wi)
	}
	return in, posted, p
}

// overlay puts what the user typed and the problems back into the grid.
// keepSeen keeps the stamps the user saw, so that a second try is checked against
// them too; after a stale refusal the rows carry the current stamps instead.
func (g *hoursGrid) overlay(posted, problems map[string]string, keepSeen bool) {
	for i := range g.Rows {
		row := &g.Rows[i]
		row.Error = problems[row.Key+".week"]
		if seen, ok := posted[row.Key+".seen"]; ok && keepSeen {
			row.Seen = seen
		}
		for j := range row.Cells {
			cell := &row.Cells[j]
			if v, ok := posted[cell.Name]; ok {
				cell.Value = v
			}
			cell.Error = problems[cell.Name]
		}
		if v, ok := posted[row.Reason.Name]; ok {
			row.Reason.Value = v
		}
		row.Reason.Error = problems[row.Reason.Name]
	}
}

// staleHours shows the grid as stored now, with the user's typed values kept and,
// beside each week someone else changed, what that person stored. The rows carry
// the new stamps: saving again is a deliberate overwrite.
func (h *handlers) staleHours(
	c echo.Context,
	id uuid.UUID,
	posted map[string]string,
	stale error,
) error {
	v, err := h.loadCase(c, id)
	if err != nil {
		return err
	}
	changed := map[string]bool{}
	if e, ok := errs.As(stale); ok {
		for _, f := range e.Fields {
			changed[f.Name] = true
		}
	}
	for i := range v.Grid.Rows {
		row := &v.Grid.Rows[i]
		if changed[row.Key] {
			row.Stale = "Intussen opgeslagen door iemand anders: " + cellsText(row.Cells) +
				". Hieronder staat uw invoer."
		}
	}
	v.Grid.overlay(posted, map[string]string{}, false)
	v.Stale = &staleView{Changes: []string{
		"Uren van " + fmt.Sprint(len(changed)) +
			" week of weken zijn intussen gewijzigd; zie de meldingen in het urenoverzicht.",
	},
		Yours: "Uw uren staan nog in het formulier; sla ze opnieuw op om ze vast te leggen."}
	return h.renderCase(
		c,
		http.StatusConflict,
		v,
		problemNote(hours.StaleWeeks+" Controleer de gemarkeerde weken en sla opnieuw op."),
	)
}

func cellsText(cells []hoursCell) string {
	parts := make([]string, len(cells))
	for i, col := range hourColumns {
		v := cells[i].Value
		if v == "" {
			v = "leeg"
		}
		parts[i] = strings.ToLower(col.label) + " " + v
	}
	return strings.Join(parts, ", ")
}
