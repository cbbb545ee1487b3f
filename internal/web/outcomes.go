package web

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/pilots"
)

// outcomesView is what outcomes.html shows: the choices, and the report when they are
// valid.
type outcomesView struct {
	Choices   outcomeChoices
	Places    places
	Options   map[string][]option
	Reference time.Time
	Report    *reportView
	Release   *releaseTables // other municipalities, pilots, the country: from a release
}

// reportView is a built report laid out for the page.
type reportView struct {
	About    string   // "Eindhoven", "de pilot Startbaan Eindhoven", "alle gemeenten"
	Whole    []string // the municipalities shown: all the reader's own, whole
	Grouped  bool
	Groups   []groupView
	CSV      string
	XLSX     string
	From, To time.Time
	Key      string
	Baseline *baselineBox // on the residence-permit key only
}

type groupView struct {
	ID       string
	Label    string // the group's heading: "Cohort 1e kwartaal 2025, geslacht: vrouw"
	Sections []figureSection
}

func (h *handlers) outcomesPage(c echo.Context) error {
	ctx := c.Request().Context()
	actor := h.guard.Actor(c)
	pl, err := h.places(ctx)
	if err != nil {
		return err
	}
	pl.own, pl.National = ownCodes(actor, pl.Municipalities), actor.National
	reference := outcomes.ReferenceDate(calendar.Today(h.Clock()))
	choices := readChoices(c.QueryParams(), defaultChoices(pl, reference))
	q, fields := choices.query(pl)
	fromRelease := !ownOnly(q, pl)
	if fromRelease {
		fields = choices.releaseWidth(&q, fields)
	}
	view := outcomesView{Choices: choices, Places: pl, Reference: reference, Options: map[string][]option{
		"population": populationChoices(pl), "key": keyOptions, "cohort": cohortOptions, "split": splitOptions}}
	if fromRelease {
		view.Choices.Cohort = q.Cohort
	}
	if len(fields) == 0 && fromRelease {
		// No live figure leaves a municipality: everything else from a release.
		rv, err := h.releaseView(c, q)
		if fields, err = choices.domainFields(err); err != nil {
			return err
		}
		if rv != nil && rv.Missing == "" {
			rv.CSV, rv.XLSX = choices.exportLink(q, "csv")+"&release="+rv.id, choices.exportLink(q, "xlsx")+"&release="+rv.id
		}
		view.Release = rv
	} else if len(fields) == 0 {
		r, err := outcomes.Build(ctx, h.guard.ReportsDB(), actor, q, reference)
		if fields, err = choices.domainFields(err); err != nil {
			return err
		}
		if len(fields) == 0 {
			view.Report = h.reportView(r, choices, q, pl, reference)
		}
	}
	if len(fields) > 0 {
		// An htmx request gets 200, or htmx would not swap the form with its errors in.
		status := http.StatusBadRequest
		if c.Request().Header.Get("HX-Request") == "true" {
			status = http.StatusOK
		}
		return h.render(c, status, "outcomes", "Uitkomsten", view, withFields(fields), active("uitkomsten"))
	}
	return h.render(c, http.StatusOK, "outcomes", "Uitkomsten", view, active("uitkomsten"))
}

// domainFields turns the domain's invalid-choice error into problems beside the
// form's fields; any other error goes on to the error page.
func (c outcomeChoices) domainFields(err error) (map[string]string, error) {
	if err == nil {
		return nil, nil
	}
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid {
		return nil, err
	}
	fields := map[string]string{}
	for _, f := range e.Fields {
		fields[c.fieldFor(f.Name)] = f.Reason
	}
	return fields, nil
}

func active(key string) func(*page) { return func(p *page) { p.Active = key } }

// populationChoices: the national population is offered to national readers (the
// ministry); the domain would answer anyone, but for a municipality it is not the
// question the page is for.
func populationChoices(pl places) []option {
	if pl.National {
		return populationOptions
	}
	return populationOptions[:3]
}

func (h *handlers) places(ctx context.Context) (places, error) {
	ms, err := pilots.ListMunicipalities(ctx, h.DB)
	if err != nil {
		return places{}, err
	}
	ps, err := pilots.ListPilots(ctx, h.DB)
	if err != nil {
		return places{}, err
	}
	return places{Municipalities: ms, Pilots: ps}, nil
}

func (h *handlers) reportView(r outcomes.Report, ch outcomeChoices, q outcomes.Query, pl places, reference time.Time) *reportView {
	v := &reportView{About: about(ch, pl), Grouped: q.Cohort != "" || q.Split != "", CSV: ch.exportLink(q, "csv"),
		XLSX: ch.exportLink(q, "xlsx"), From: q.From, To: q.To.AddDate(0, 0, -1), Key: optionLabel(keyOptions, ch.Key), Baseline: liveBaseline(r, q)}
	for i, g := range r.Groups {
		period := groupPeriod{earliest: q.From, reference: reference}
		if q.Cohort != "" {
			period.earliest = groupStart(g.Label, q.From)
		}
		cmp := newComparison(fmt.Sprintf("g%d", i+1), ch.Population, g, pl.own, period)
		name := nameGroup(g.Label, q.Cohort, q.Split)
		if v.Grouped {
			cmp.group = name.Qualifier
		}
		v.Groups = append(v.Groups, groupView{ID: cmp.id, Label: name.Heading, Sections: cmp.sections()})
		if i == 0 {
			for _, m := range g.Municipalities {
				v.Whole = append(v.Whole, m.Name)
			}
		}
	}
	return v
}

func about(ch outcomeChoices, pl places) string {
	switch ch.Population {
	case "municipality":
		m, _ := pl.municipality(ch.Municipality)
		return m.Name
	case "pilot":
		p, _ := pl.pilot(ch.Pilot)
		return "de pilot " + p.Name
	case "compare":
		var names []string
		for _, code := range ch.Municipalities {
			m, _ := pl.municipality(code)
			names = append(names, m.Name)
		}
		return joinDutch(names)
	}
	return "alle gemeenten (landelijk)"
}

func totalLabel(population string) string {
	switch population {
	case "national":
		return "Landelijk totaal"
	case "pilot":
		return "Totaal van de pilot"
	}
	return "Totaal"
}
