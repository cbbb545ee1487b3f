package outcomes

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
)

// Baseline is the national figure the policy wants to beat (docs/domain.md, "Purpose"): of the
// status
// holders who got a permit in 2014, 91 % still received a benefit after 2 years. It is
// shown only beside the same measure on the same key (residence permit, 24 months),
// with a box of what still differs: it is not a control group, and nothing about cause
// may be read from the two side by side.
var Baseline = struct {
	Description                         string
	OnBenefitShare                      float64
	Months                              int
	Key                                 string
	Population, Measure, Period, Source string
}{
	Description:    "CBS-cohort statushouders met verblijfsvergunning in 2014: nog in de bijstand na 2 jaar",
	OnBenefitShare: 0.91, Months: 24, Key: "residencePermit",
	Population: "CBS: alle statushouders van 18 tot en met 64 jaar met een verblijfsvergunning in 2014, in heel Nederland. " +
		"Startbaan: de dossiers van de deelnemende gemeenten met een verblijfsvergunning in het gekozen cohort.",
	Measure: "CBS: bijstand volgens het register, op de peildatum 2 jaar na de vergunning. " +
		"Startbaan: in de uitkering 730 dagen na de vergunning volgens het dossier, alleen over wie zo lang gevolgd is.",
	Period: "CBS: vergunning in 2014, gemeten in 2016. Startbaan: het gekozen cohort, gemeten op de peildatum van de publicatie.",
	Source: "CBS: Werkagenda VIA 2025-2029 (cohortonderzoek statushouders). Startbaan: dossiers van gemeenten, beschermd gepubliceerd.",
}

// ReferenceDate is the date reports are computed for: the first of the month of day.
func ReferenceDate(day time.Time) time.Time {
	return time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC)
}

// Query chooses what a report is about. Municipalities are CBS codes; without them, the
// pilot's municipalities; without a pilot, every municipality.
type Query struct {
	Municipalities []string
	Pilot          string
	Key            string
	From, To       time.Time
	Cohort         string // "", month, quarter or year
	Split          string // "", gender, ageBand or route
}

// Report holds the figures side by side: each municipality, and the population as a
// whole.
type Report struct {
	Query     Query
	Reference time.Time
	Groups    []Group
}

// Group is the comparison for one cohort period and split value (one group, labelled
// "", when the report is not grouped).
type Group struct {
	Label          string
	Municipalities []MunicipalityReport
	Total          MunicipalityReport
}

// MunicipalityReport is one column of the comparison.
type MunicipalityReport struct {
	Code, Name string
	// Detail is always true: the live report holds only the reader's own
	// municipalities, whole. Kept for the API's "detail" field (docs/openapi.yaml).
	Detail   bool
	Figures  Published
	AtWork   []PublishedAtWork
	Caseload PublishedCaseload // today's workload; the same in every group
	Hours    PublishedHours
}

// PublishedAtWork is a point of the time-to-work curve of the live report; no share
// without a case in the cohort.
type PublishedAtWork struct {
	Horizon
	Cases, Events, AtRisk int
	Share, Lower, Upper   *float64
}

// ErrNotOwn refuses a live report about a municipality that is not the reader's own:
// its figures come only from a release.
var ErrNotOwn = errs.Forbidden(
	"Live cijfers zijn er alleen van uw eigen gemeente; andere gemeenten, pilots en het landelijk totaal komen uit een publicatie.",
)

// Own reports whether the municipality is one of the reader's own: a role there
// grants outcomes/read (klantmanager, teamleider, analist). A national role (the
// ministry) has no own municipality.
func Own(actor access.Actor, municipalityID int32) bool {
	return slices.Contains(actor.For("outcomes", "read").Municipalities, municipalityID)
}

// Build computes the live report of the reader's own municipalities, whole: a
// municipality's staff with outcome access (klantmanager, teamleider, analist) see its
// figures whole and live. Any other municipality is refused with ErrNotOwn.
func Build(
	ctx context.Context,
	db *gorm.DB,
	actor access.Actor,
	q Query,
	reference time.Time,
) (Report, error) {
	pop := Population{Key: q.Key, From: q.From, To: q.To, Cohort: q.Cohort, Split: q.Split}
	if err := q.check(); err != nil {
		return Report{}, err
	}
	munis, err := resolve(ctx, db, q)
	if err != nil {
		return Report{}, err
	}
	for _, m := range munis {
		if !Own(actor, m.id) {
			// No live figure leaves a municipality (issue 11): other municipalities, pilots
			// and the country are read from releases.
			return Report{}, ErrNotOwn
		}
	}
	for _, m := range munis {
		pop.Municipalities = append(pop.Municipalities, m.id)
	}
	// The two passes over the cases run side by side, on two connections.
	var figures []Figures
	var curves map[GroupKey][]AtWork
	var loads map[int32]Caseload
	var places map[GroupKey]Placements
	var figErr, curveErr, loadErr, placeErr error
	var wg sync.WaitGroup
	wg.Go(func() { figures, figErr = Compute(ctx, db, pop, reference) })
	wg.Go(func() { curves, curveErr = TimeToWork(ctx, db, pop, reference) })
	wg.Go(func() { loads, loadErr = Caseloads(ctx, db, pop.Municipalities) })
	wg.Go(func() { places, placeErr = placementFigures(ctx, db, pop, reference) })
	wg.Wait()
	if err := errors.Join(figErr, curveErr, loadErr, placeErr); err != nil {
		return Report{}, err
	}
	byKey := map[GroupKey]Figures{}
	var labels []string
	for _, f := range figures {
		f.Placements = places[GroupKey{f.MunicipalityID, f.Group}]
		byKey[GroupKey{f.MunicipalityID, f.Group}] = f
		if f.MunicipalityID == 0 {
			labels = append(labels, f.Group) // the totals come first, one per group, in order
		}
	}
	if len(labels) == 0 {
		labels = []string{""}
	}
	get := func(m int32, label string) Figures {
		if f, ok := byKey[GroupKey{m, label}]; ok {
			return f
		}
		return Figures{MunicipalityID: m, Group: label, ByStage: map[string]int{}}
	}
	if (q.Cohort != "" || q.Split != "") && len(labels)*(len(munis)+1) > MaxGroupedColumns {
		return Report{}, errs.Invalid(errs.Field("cohort", fmt.Sprintf(
			"Te veel groepen (%d × %d kolommen): kies een grovere cohortbreedte, een kortere periode, minder gemeenten of geen uitsplitsing.",
			len(labels), len(munis)+1)))
	}
	r := Report{Query: q, Reference: reference}
	for _, label := range labels {
		column := func(code, name string, m int32) MunicipalityReport {
			f := get(m, label)
			return MunicipalityReport{Code: code, Name: name, Detail: true, Figures: Publish(f),
				AtWork: publishCurve(
					curves[GroupKey{m, label}],
				), Caseload: publishCaseload(loads[m]), Hours: publishHours(f.Hours)}
		}
		grp := Group{Label: label, Total: column("", "Totaal", 0)}
		for _, m := range munis {
			grp.Municipalities = append(grp.Municipalities, column(m.code, m.name, m.id))
		}
		r.Groups = append(r.Groups, grp)
	}
	return r, nil
}

// publishCurve gives every horizon of a time-to-work curve, with its share when the
// cohort has a case.
func publishCurve(points []AtWork) []PublishedAtWork {
	out := make([]PublishedAtWork, 0, len(Horizons))
	for i, h := range Horizons {
		a := AtWork{Horizon: h}
		if i < len(points) {
			a = points[i]
		}
		p := PublishedAtWork{Horizon: h, Cases: a.Cases, Events: a.Events, AtRisk: a.AtRisk}
		if a.Cases > 0 {
			p.Share, p.Lower, p.Upper = ptr(a.Share), ptr(a.Lower), ptr(a.Upper)
		}
		out = append(out, p)
	}
	return out
}

// MaxGroupedColumns bounds the size of a grouped report (groups × (municipalities +
// total)): month cohorts over five years, split, would otherwise make a page of
// hundreds of groups.
const MaxGroupedColumns = 100

func (q Query) check() error {
	var p errs.Problems
	if q.Key != "" {
		if _, err := keyColumn(q.Key); err != nil {
			p.Add("key", "Kies benefitApplication, settlement of residencePermit.")
		}
	}
	if !q.To.After(q.From) {
		p.Add("to", "Het einde van de periode ligt na het begin.")
	}
	if q.Cohort != "" && !slices.Contains(CohortWidths, q.Cohort) {
		p.Add("cohort", "Kies month, quarter of year.")
	}
	if q.Split != "" && !slices.Contains(Splits, q.Split) {
		p.Add("split", "Kies gender, ageBand of route.")
	}
	if q.Cohort == "month" && q.To.Sub(q.From) > 5*366*24*time.Hour {
		p.Add("cohort", "Maandcohorten over hoogstens vijf jaar.")
	}
	return p.Err()
}

type municipality struct {
	id         int32
	code, name string
}

func resolve(ctx context.Context, db *gorm.DB, q Query) ([]municipality, error) {
	tx := db.WithContext(ctx).Table("municipalities m").Select("m.id, m.code, m.name").Order("m.code")
	switch {
	case len(q.Municipalities) > 0:
		tx = tx.Where("m.code IN ?", q.Municipalities)
	case q.Pilot != "":
		tx = tx.Joins(
			"JOIN pilot_municipalities pm ON pm.municipality_id = m.id JOIN pilots p ON p.id = pm.pilot_id",
		).
			Where("p.code = ?", q.Pilot)
	}
	var rows []struct {
		ID         int32
		Code, Name string
	}
	if err := tx.Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("outcome municipalities: %w", err)
	}
	if len(rows) == 0 || len(q.Municipalities) > 0 && len(rows) != len(q.Municipalities) {
		return nil, errs.Invalid(errs.Field(map[bool]string{
			true:  "municipalities",
			false: "pilot",
		}[len(q.Municipalities) > 0],
			"Onbekende gemeente of pilot."))
	}
	out := make([]municipality, len(rows))
	for i, r := range rows {
		out[i] = municipality{id: r.ID, code: r.Code, name: r.Name}
	}
	return out, nil
}
