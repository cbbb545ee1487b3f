// Package outcomepage lays out the outcome figures for the pages: the choices of the
// outcomes page and their checks, the live report of the reader's own municipalities
// as Dutch sentences, charts and tables, the tables of a release, the CBS baseline
// box, and the scale-up monitor. It reads nothing itself: internal/web's handlers
// fetch the report or the release cells and hand them over.
package outcomepage

import (
	"fmt"
	"time"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/web/dutch"
)

// View is what outcomes.html shows: the choices, and the report when they are
// valid.
type View struct {
	Choices   Choices
	Places    Places
	Options   map[string][]Option
	Reference time.Time
	Report    *Report
	Release   *ReleaseTables // other municipalities, pilots, the country: from a release
}

// Report is a built report laid out for the page.
type Report struct {
	About    string   // "Eindhoven", "de pilot Startbaan Eindhoven", "alle gemeenten"
	Whole    []string // the municipalities shown: all the reader's own, whole
	Grouped  bool
	Groups   []Group
	CSV      string
	XLSX     string
	From, To time.Time
	Key      string
	Baseline *Baseline // on the residence-permit key only
}

type Group struct {
	ID       string
	Label    string // the group's heading: "Cohort 1e kwartaal 2025, geslacht: vrouw"
	Sections []Section
}

// DomainFields turns the domain's invalid-choice error into problems beside the
// form's fields; any other error goes on to the error page.
func (c Choices) DomainFields(err error) (map[string]string, error) {
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

// populationChoices: the national population is offered to national readers (the
// ministry); the domain would answer anyone, but for a municipality it is not the
// question the page is for.
func populationChoices(pl Places) []Option {
	if pl.National {
		return populationOptions
	}
	return populationOptions[:3]
}

func NewReport(
	r outcomes.Report,
	ch Choices,
	q outcomes.Query,
	pl Places,
	reference time.Time,
) *Report {
	v := &Report{About: about(ch, pl), Grouped: q.Cohort != "" || q.Split != "",
		CSV:  ch.ExportLink(q, "csv"),
		XLSX: ch.ExportLink(q, "xlsx"), From: q.From, To: q.To.AddDate(0, 0, -1), Key: OptionLabel(keyOptions, ch.Key), Baseline: liveBaseline(r, q)}
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
		v.Groups = append(v.Groups, Group{ID: cmp.id, Label: name.Heading, Sections: cmp.sections()})
		if i == 0 {
			for _, m := range g.Municipalities {
				v.Whole = append(v.Whole, m.Name)
			}
		}
	}
	return v
}

func about(ch Choices, pl Places) string {
	switch ch.Population {
	case "municipality":
		m, _ := pl.Municipality(ch.Municipality)
		return m.Name
	case "pilot":
		p, _ := pl.Pilot(ch.Pilot)
		return "de pilot " + p.Name
	case "compare":
		var names []string
		for _, code := range ch.Municipalities {
			m, _ := pl.Municipality(code)
			names = append(names, m.Name)
		}
		return dutch.Join(names)
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

// NewView is the page for the choices, before any figures: the choices offered
// beside them.
func NewView(ch Choices, pl Places, reference time.Time) View {
	return View{Choices: ch, Places: pl, Reference: reference, Options: map[string][]Option{
		"population": populationChoices(pl), "key": keyOptions, "cohort": cohortOptions, "split": splitOptions}}
}
