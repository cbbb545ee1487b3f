package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/releaseview"
)

// countJSON is a count of the live report. The live report is only ever about the
// reader's own municipality, whole, so suppressed is always false and value always set;
// both stay for compatibility with the OutcomeCount schema (docs/openapi.yaml).
type countJSON struct {
	Value      *int `json:"value"`
	Suppressed bool `json:"suppressed"`
}

func toCount(n int) countJSON { return countJSON{Value: &n} }

type shareJSON struct {
	Numerator   countJSON `json:"numerator"`
	Denominator countJSON `json:"denominator"`
	Share       *float64  `json:"share"`
}

type namedShareJSON struct {
	Name string `json:"name"`
	shareJSON
}

type durationJSON struct {
	Name   string    `json:"name"`
	Cases  countJSON `json:"cases"`
	P25    *float64  `json:"p25"`
	Median *float64  `json:"median"`
	P75    *float64  `json:"p75"`
}

type atWorkJSON struct {
	Months int       `json:"months"`
	Days   int       `json:"days"`
	Cases  countJSON `json:"cases"`
	Events countJSON `json:"events"`
	AtRisk countJSON `json:"atRisk"`
	Share  *float64  `json:"share"`
	Lower  *float64  `json:"lower"`
	Upper  *float64  `json:"upper"`
}

type outcomeColumnJSON struct {
	Municipality *string `json:"municipality"`
	Name         string  `json:"name"`
	// always true (the own municipality, whole); kept for compatibility
	Detail            bool                 `json:"detail"`
	Cases             countJSON            `json:"cases"`
	ByStage           map[string]countJSON `json:"byStage"`
	Flow              []flowStepJSON       `json:"flow"`
	OfferWithin14Days shareJSON            `json:"offerWithin14Days"`
	Shares            []namedShareJSON     `json:"shares"`
	Durations         []durationJSON       `json:"durations"`
	AtWork            []atWorkJSON         `json:"atWork"`
	Caseload          caseloadJSON         `json:"caseload"`
	Hours             hoursJSON            `json:"hours"`
	Placements        placementsJSON       `json:"placements"`
}

// flowStepJSON: the cases that reached a step (or went further) and, of those, moved on.
type flowStepJSON struct {
	Stage   string     `json:"stage"`
	Reached countJSON  `json:"reached"`
	MovedOn *countJSON `json:"movedOn"` // null for the last step
	Share   *float64   `json:"share"`
}

type placementsJSON struct {
	Count           countJSON            `json:"count"`
	ByContractType  map[string]countJSON `json:"byContractType"`
	BySector        map[string]countJSON `json:"bySector"`
	MeanHours       *float64             `json:"meanHoursPerWeek"`
	MedianWageCents *float64             `json:"medianHourlyWageCents"`
}

type hoursJSON struct {
	Cases                countJSON `json:"cases"`
	Weeks                countJSON `json:"weeks"`
	MeanWorkHours        *float64  `json:"meanWorkHours"`
	MeanIntegrationHours *float64  `json:"meanIntegrationHours"`
	WeeksOnTargetShare   *float64  `json:"weeksOnTargetShare"`
}

type caseloadJSON struct {
	Managers *int     `json:"managers"`
	Mean     *float64 `json:"mean"`
	Median   *float64 `json:"median"`
	Max      *int     `json:"max"`
	// always false (the own municipality, whole); kept for compatibility
	Suppressed bool `json:"suppressed"`
}

type outcomeReportJSON struct {
	Source    sourceJSON         `json:"source"`
	Reference Date               `json:"reference"`
	Key       string             `json:"key"`
	From      Date               `json:"from"`
	To        Date               `json:"to"`
	Cohort    *string            `json:"cohort"`
	Split     *string            `json:"split"`
	Groups    []outcomeGroupJSON `json:"groups"`
	Baseline  *baselineJSON      `json:"baseline"` // only on the residence-permit key
}

type outcomeGroupJSON struct {
	Group          string              `json:"group"`
	Municipalities []outcomeColumnJSON `json:"municipalities"`
	Total          outcomeColumnJSON   `json:"total"`
}

// baselineJSON is the CBS figure, with what differs from the figure beside it.
type baselineJSON struct {
	Description    string            `json:"description"`
	OnBenefitShare float64           `json:"onBenefitShare"`
	Months         int               `json:"months"`
	Compare        string            `json:"compareWith"` // the figure it stands beside
	Differences    baselineDiffsJSON `json:"differences"`
}

type baselineDiffsJSON struct {
	Population string `json:"population"`
	Measure    string `json:"measure"`
	Period     string `json:"period"`
	Source     string `json:"source"`
}

// baselineFor is the baseline when the key is the residence permit (the CBS cohort's
// key), else nil: beside a benefit-application cohort it would compare unlike things.
func baselineFor(key string) *baselineJSON {
	b := outcomes.Baseline
	if key != b.Key {
		return nil
	}
	return &baselineJSON{Description: b.Description, OnBenefitShare: b.OnBenefitShare,
		Months: b.Months, Compare: "onBenefitAfter24Months",
		Differences: baselineDiffsJSON{
			Population: b.Population,
			Measure:    b.Measure,
			Period:     b.Period,
			Source:     b.Source,
		}}
}

func toColumn(m outcomes.MunicipalityReport) outcomeColumnJSON {
	f := m.Figures
	col := outcomeColumnJSON{Name: m.Name, Detail: m.Detail, Cases: toCount(f.Cases),
		ByStage: map[string]countJSON{},
		OfferWithin14Days: shareJSON{
			Numerator:   toCount(f.Offer.Numerator),
			Denominator: toCount(f.Offer.Denominator),
			Share:       f.Offer.Share,
		},
		Shares: []namedShareJSON{}, Durations: []durationJSON{}, AtWork: []atWorkJSON{}}
	for _, sh := range f.Shares {
		col.Shares = append(col.Shares, namedShareJSON{Name: sh.Name,
			shareJSON: shareJSON{Numerator: toCount(sh.Numerator),
				Denominator: toCount(sh.Denominator), Share: sh.Share}})
	}
	if m.Code != "" {
		code := m.Code
		col.Municipality = &code
	}
	for s, c := range f.ByStage {
		col.ByStage[s] = toCount(c)
	}
	col.Flow = make([]flowStepJSON, 0, len(f.Flow))
	for k, s := range f.Flow {
		step := flowStepJSON{Stage: s.Stage, Reached: toCount(s.Reached), Share: s.Share}
		if k+1 < len(f.Flow) {
			moved := toCount(s.MovedOn)
			step.MovedOn = &moved
		}
		col.Flow = append(col.Flow, step)
	}
	for _, d := range f.Durations {
		col.Durations = append(
			col.Durations,
			durationJSON{Name: d.Name, Cases: toCount(d.Cases), P25: d.P25, Median: d.P50, P75: d.P75},
		)
	}
	pl := f.Placements
	col.Placements = placementsJSON{Count: toCount(pl.Count), ByContractType: map[string]countJSON{},
		BySector:  map[string]countJSON{},
		MeanHours: pl.MeanHours, MedianWageCents: pl.MedianWageCents}
	for k, v := range pl.ByContract {
		col.Placements.ByContractType[k] = toCount(v)
	}
	for k, v := range pl.BySector {
		col.Placements.BySector[k] = toCount(v)
	}
	h := m.Hours
	col.Hours = hoursJSON{Cases: toCount(h.Cases), Weeks: toCount(h.Weeks),
		MeanWorkHours:        h.MeanWorkHours,
		MeanIntegrationHours: h.MeanIntegrationHours, WeeksOnTargetShare: h.WeeksOnTargetShare}
	cl := m.Caseload
	col.Caseload = caseloadJSON{Managers: cl.Managers, Mean: cl.Mean, Median: cl.Median, Max: cl.Max}
	for _, a := range m.AtWork {
		col.AtWork = append(col.AtWork, atWorkJSON{Months: a.Months, Days: a.Days,
			Cases: toCount(a.Cases), Events: toCount(a.Events),
			AtRisk: toCount(a.AtRisk), Share: a.Share, Lower: a.Lower, Upper: a.Upper})
	}
	return col
}

// outcomeQuery reads the report's choices: municipalities (comma-separated CBS
// codes), pilot, key, from and to (dates; by default the two years before today).
func (h *handlers) outcomeQuery(c echo.Context) (outcomes.Query, time.Time, error) {
	q := c.QueryParams()
	var p errs.Problems
	// Figures are as of the first of the month: a report asked for on two days of one
	// month gives the same counts, so the difference tells nothing about single people.
	today := outcomes.ReferenceDate(calendar.Today(h.Clock()))
	out := outcomes.Query{Pilot: q.Get("pilot"), Key: q.Get("key"), From: today.AddDate(-2, 0, 0),
		To:     today,
		Cohort: q.Get("cohort"), Split: q.Get("split")}
	if m := strings.TrimSpace(q.Get("municipalities")); m != "" {
		for _, code := range strings.Split(m, ",") {
			out.Municipalities = append(out.Municipalities, strings.ToUpper(strings.TrimSpace(code)))
		}
	}
	if v := q.Get("from"); v != "" {
		out.From = derefDate(parseDate(&p, "from", &v), out.From)
	}
	if v := q.Get("to"); v != "" {
		out.To = derefDate(parseDate(&p, "to", &v), out.To)
	}
	return out, today, p.Err()
}

func derefDate(d *time.Time, def time.Time) time.Time {
	if d == nil {
		return def
	}
	return *d
}

// getOutcomes answers live for the reader's own municipalities, and from a release
// for anything else: other municipalities, a pilot, the country (issue 11).
func (h *handlers) getOutcomes(c echo.Context) error {
	q, today, err := h.outcomeQuery(c)
	if err != nil {
		return err
	}
	if h.ownOnly(c, q) {
		r, err := h.Outcomes.Build(c.Request().Context(), h.guard.Actor(c), q, today)
		if err != nil {
			return err
		}
		return h.json(c, http.StatusOK, toReportJSON(r))
	}
	a, err := h.releaseAnswer(c, q)
	if err != nil {
		return err
	}
	out := toReleaseAnswerJSON(a)
	return h.json(
		c,
		http.StatusOK,
		releaseOutcomesJSON{releaseAnswerJSON: out, Baseline: baselineFor(out.Key)},
	)
}

type releaseOutcomesJSON struct {
	releaseAnswerJSON
	Baseline *baselineJSON `json:"baseline"`
}

// ownOnly reports whether the question names only the reader's own municipalities:
// those are answered live and whole.
func (h *handlers) ownOnly(c echo.Context, q outcomes.Query) bool {
	if q.Pilot != "" || len(q.Municipalities) == 0 {
		return false
	}
	for _, code := range q.Municipalities {
		id, ok := h.Enforcer.MunicipalityID(code)
		if !ok || !outcomes.Own(h.guard.Actor(c), id) {
			return false
		}
	}
	return true
}

// releaseAnswer reads the question from the release the reader picked (?release=) or
// the newest one not withdrawn.
func (h *handlers) releaseAnswer(c echo.Context, q outcomes.Query) (releaseview.Answer, error) {
	ctx := c.Request().Context()
	var p errs.Problems
	id := queryInt(&p, c.QueryParam("release"), "release")
	if err := p.Err(); err != nil {
		return releaseview.Answer{}, err
	}
	rel, err := h.ReleaseView.Pick(ctx, id)
	if err != nil {
		return releaseview.Answer{}, err
	}
	return h.ReleaseView.Read(ctx, rel, releaseview.Question{Municipalities: q.Municipalities,
		Pilot: q.Pilot,
		Key:   q.Key, Width: q.Cohort, Split: q.Split, From: q.From, To: q.To})
}

func toReportJSON(r outcomes.Report) outcomeReportJSON {
	key := r.Query.Key
	if key == "" {
		key = "benefitApplication"
	}
	out := outcomeReportJSON{Source: sourceJSON{Kind: "live"}, Reference: date(r.Reference), Key: key,
		From: date(r.Query.From),
		To:   date(r.Query.To), Groups: []outcomeGroupJSON{}, Baseline: baselineFor(key)}
	if r.Query.Cohort != "" {
		out.Cohort = &r.Query.Cohort
	}
	if r.Query.Split != "" {
		out.Split = &r.Query.Split
	}
	for _, g := range r.Groups {
		gj := outcomeGroupJSON{
			Group:          g.Label,
			Municipalities: []outcomeColumnJSON{},
			Total:          toColumn(g.Total),
		}
		for _, m := range g.Municipalities {
			gj.Municipalities = append(gj.Municipalities, toColumn(m))
		}
		out.Groups = append(out.Groups, gj)
	}
	return out
}
