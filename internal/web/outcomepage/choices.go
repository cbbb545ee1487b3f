package outcomepage

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/pilots"
)

// Choices are the choices of the outcomes page as the GET form sends them. The
// query keys are the API's where they mean the same (key, cohort, split, pilot,
// municipalities), so the download links carry them over one to one.
type Choices struct {
	Population     string // municipality, pilot, compare or national
	Municipality   string // CBS code, for population municipality
	Pilot          string // pilot code, for population pilot
	Municipalities []string
	Key            string // benefitApplication, settlement, residencePermit
	Cohort         string // "", month, quarter, year
	Split          string // "", gender, ageBand, route
	From, To       string // whole months as yyyy-mm; To is included
}

// The choices offered, in Dutch, with the values the domain takes.
var (
	populationOptions = []Option{{"municipality", "Eén gemeente"},
		{"pilot", "Een pilot (alle gemeenten van de pilot)"},
		{"compare", "Gemeenten vergelijken"}, {"national", "Landelijk: alle gemeenten"}}
	keyOptions = []Option{{"benefitApplication", "Aanvraag uitkering"},
		{"settlement", "Vestiging in de gemeente"},
		{"residencePermit", "Verblijfsvergunning"}}
	cohortOptions = []Option{{"", "Geen: de hele periode (alleen eigen gemeente)"},
		{"month", "Maand (alleen eigen gemeente)"},
		{"quarter", "Kwartaal"}, {"year", "Jaar"}}
	splitOptions = []Option{
		{"", "Geen"},
		{"gender", "Geslacht"},
		{"ageBand", "Leeftijd"},
		{"route", "Leerroute"},
	}
)

const monthLayout = "2006-01"

// The national dashboard's default: the baseline's cohort (residence permit) over
// enough whole months that cohorts followed for 24 months exist.
const (
	nationalDefaultKey    = "residencePermit"
	nationalDefaultMonths = 36
)

// Places are the municipalities and pilots the choices offer, and which of them
// are the reader's own (where its outcome permission comes from).
type Places struct {
	Municipalities []pilots.Municipality
	Pilots         []pilots.Pilot
	own            map[string]bool // CBS codes
	National       bool
}

func (p Places) Municipality(code string) (pilots.Municipality, bool) {
	i := slices.IndexFunc(p.Municipalities, func(m pilots.Municipality) bool { return m.Code == code })
	if i < 0 {
		return pilots.Municipality{}, false
	}
	return p.Municipalities[i], true
}

func (p Places) Pilot(code string) (pilots.Pilot, bool) {
	i := slices.IndexFunc(p.Pilots, func(x pilots.Pilot) bool { return x.Code == code })
	if i < 0 {
		return pilots.Pilot{}, false
	}
	return p.Pilots[i], true
}

// OfReader marks the reader's own municipalities, and whether the reader is national.
func (p Places) OfReader(actor access.Actor) Places {
	p.own, p.National = ownCodes(actor, p.Municipalities), actor.National
	return p
}

// ownCode is the reader's first own municipality, "" for a national reader.
func (p Places) ownCode() string {
	for _, m := range p.Municipalities {
		if p.own[m.Code] {
			return m.Code
		}
	}
	return ""
}

// ownPilot is the first pilot of the reader's own municipality, else the first pilot.
func (p Places) ownPilot() string {
	own := p.ownCode()
	for _, pl := range p.Pilots {
		if slices.ContainsFunc(
			pl.Municipalities,
			func(m pilots.Municipality) bool { return m.Code == own },
		) {
			return pl.Code
		}
	}
	if len(p.Pilots) > 0 {
		return p.Pilots[0].Code
	}
	return ""
}

func ownCodes(actor access.Actor, all []pilots.Municipality) map[string]bool {
	own := map[string]bool{}
	for _, m := range all {
		if slices.Contains(actor.Municipalities, m.ID) {
			own[m.Code] = true
		}
	}
	return own
}

// DefaultChoices: a municipality's reader starts with the own municipality, cohorts by
// benefit application over the two years before the reference month (the API's
// default). A national reader starts with the country as the national baseline counts
// it: by residence permit, over three years, so that the first year's cohorts have been
// followed for 24 months and "on benefit after 24 months" stands beside the baseline.
func DefaultChoices(pl Places, reference time.Time) Choices {
	c := Choices{Population: "municipality", Municipality: pl.ownCode(), Pilot: pl.ownPilot(),
		Key:  "benefitApplication",
		From: reference.AddDate(-2, 0, 0).Format(monthLayout), To: reference.AddDate(0, -1, 0).Format(monthLayout)}
	if pl.National || c.Municipality == "" {
		c.Population = "national"
		c.Key, c.From = nationalDefaultKey, reference.AddDate(
			0,
			-nationalDefaultMonths,
			0,
		).Format(monthLayout)
	}
	if own := c.Municipality; own != "" {
		c.Municipalities = []string{own}
	}
	return c
}

// ReadChoices takes the form's values over the defaults; every value is kept as
// typed, so the form shows it again beside its error.
func ReadChoices(q url.Values, def Choices) Choices {
	c := def
	set := func(dst *string, key string) {
		if _, ok := q[key]; ok {
			*dst = strings.TrimSpace(q.Get(key))
		}
	}
	set(&c.Population, "population")
	set(&c.Municipality, "municipality")
	set(&c.Pilot, "pilot")
	set(&c.Key, "key")
	set(&c.Cohort, "cohort")
	set(&c.Split, "split")
	set(&c.From, "from")
	set(&c.To, "to")
	c.Municipality = strings.ToUpper(c.Municipality)
	if vs, ok := q["municipalities"]; ok {
		c.Municipalities = nil
		for _, v := range vs { // checkboxes, or one comma-separated value as the API takes
			for _, code := range strings.Split(v, ",") {
				if code = strings.ToUpper(strings.TrimSpace(code)); code != "" &&
					!slices.Contains(c.Municipalities, code) {
					c.Municipalities = append(c.Municipalities, code)
				}
			}
		}
	}
	return c
}

// Query checks the choices and turns them into the domain's query. Problems are
// keyed by the form's field names and worded for the reader.
func (c Choices) Query(pl Places) (outcomes.Query, map[string]string) {
	fields := map[string]string{}
	q := outcomes.Query{Key: c.Key, Cohort: c.Cohort, Split: c.Split}
	switch c.Population {
	case "municipality":
		if _, ok := pl.Municipality(c.Municipality); !ok {
			fields["municipality"] = "Kies een gemeente uit de lijst."
		}
		q.Municipalities = []string{c.Municipality}
	case "pilot":
		if _, ok := pl.Pilot(c.Pilot); !ok {
			fields["pilot"] = "Kies een pilot uit de lijst."
		}
		q.Pilot = c.Pilot
	case "compare":
		fields = c.checkCompare(pl, fields)
		q.Municipalities = c.Municipalities
	case "national":
	default:
		fields["population"] = "Kies wat u wilt zien: één gemeente, een pilot, een vergelijking of landelijk."
	}
	if !hasOption(keyOptions, c.Key) {
		fields["key"] = "Kies de datum waarop het cohort begint."
	}
	if !hasOption(cohortOptions, c.Cohort) {
		fields["cohort"] = "Kies maand, kwartaal, jaar of geen."
	}
	if !hasOption(splitOptions, c.Split) {
		fields["split"] = "Kies geslacht, leeftijdsgroep, inburgeringsroute of geen."
	}
	q.From, q.To = c.period(fields)
	return q, fields
}

// ReleaseWidth: a question answered from a release takes the release's cohorts, by
// quarter or by year (no cohort width chosen: by year); month cohorts and one sum over
// the whole period exist only live, for the reader's own municipality.
func (c Choices) ReleaseWidth(q *outcomes.Query, fields map[string]string) map[string]string {
	switch q.Cohort {
	case "":
		q.Cohort = "year"
	case "month":
		fields["cohort"] = "Cijfers van andere gemeenten, pilots en het land komen uit een publicatie, met cohorten per kwartaal of per jaar. Kies kwartaal of jaar."
	}
	return fields
}

func (c Choices) checkCompare(pl Places, fields map[string]string) map[string]string {
	if len(c.Municipalities) < 2 {
		fields["municipalities"] = "Kies ten minste twee gemeenten om te vergelijken."
	}
	for _, code := range c.Municipalities {
		if _, ok := pl.Municipality(code); !ok {
			fields["municipalities"] = "Onbekende gemeente: " + code + "."
		}
	}
	return fields
}

// period reads the months: from the first of the first month up to (not including)
// the first of the month after the last, so protected figures always cover whole
// months (docs/outcomes.md, "Reports over time").
func (c Choices) period(fields map[string]string) (time.Time, time.Time) {
	from, errFrom := time.Parse(monthLayout, c.From)
	to, errTo := time.Parse(monthLayout, c.To)
	if errFrom != nil {
		fields["from"] = "Vul een maand in als jjjj-mm, bijvoorbeeld 2024-01."
	}
	if errTo != nil {
		fields["to"] = "Vul een maand in als jjjj-mm, bijvoorbeeld 2025-12."
	}
	if errFrom == nil && errTo == nil && to.Before(from) {
		fields["to"] = "De laatste maand ligt niet voor de eerste maand."
	}
	return from, to.AddDate(0, 1, 0)
}

// apiValues are the choices as the API's query parameters (GET /api/v1/outcomes and
// its exports), so a download gives the figures the page shows.
func (c Choices) apiValues(q outcomes.Query) url.Values {
	v := url.Values{}
	if len(q.Municipalities) > 0 {
		v.Set("municipalities", strings.Join(q.Municipalities, ","))
	}
	for key, val := range map[string]string{
		"pilot":  q.Pilot,
		"key":    q.Key,
		"cohort": q.Cohort,
		"split":  q.Split,
	} {
		if val != "" {
			v.Set(key, val)
		}
	}
	v.Set("from", q.From.Format(time.DateOnly))
	v.Set("to", q.To.Format(time.DateOnly))
	return v
}

func (c Choices) ExportLink(q outcomes.Query, format string) string {
	v := c.apiValues(q)
	v.Set("format", format)
	return "/api/v1/outcome-exports?" + v.Encode()
}

// pageLink is the page with these choices and one of them changed, for links such as
// "per pilot" on the national dashboard.
func (c Choices) pageLink(change func(*Choices)) string {
	n := c
	change(&n)
	v := url.Values{"population": {n.Population}, "key": {n.Key}, "from": {n.From}, "to": {n.To}}
	switch n.Population {
	case "municipality":
		v.Set("municipality", n.Municipality)
	case "pilot":
		v.Set("pilot", n.Pilot)
	case "compare":
		v.Set("municipalities", strings.Join(n.Municipalities, ","))
	}
	return "/uitkomsten?" + v.Encode()
}

// fieldFor maps a problem the domain reports (by API name) to the form's field.
func (c Choices) fieldFor(name string) string {
	switch name {
	case "municipalities":
		if c.Population == "municipality" {
			return "municipality"
		}
	case "pilot", "key", "cohort", "split", "from", "to":
	default:
		return "population"
	}
	return name
}
