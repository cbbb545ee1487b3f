package outcomes

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Stages in the order of the funnel (docs/domain.md, "Stages and their rules").
var Stages = []string{"aangemeld", "gevestigd", "uitkering_aangevraagd", "baan_aangeboden", "aan_het_werk", "uitgestroomd", "afgesloten"}

// Steps are the stages of the way to work in order, the funnel's flow: every stage
// but afgesloten, which can follow any of them.
var Steps = Stages[:len(Stages)-1]

// furthestStep numbers the furthest step a case has reached by its stage dates (an
// index into Steps). A stage skipped on the way (an offer before settlement) counts as
// passed; a case that went back (a placement ended, herinstroom) keeps its furthest.
const furthestStep = `CASE WHEN k.left_benefit_on IS NOT NULL THEN 5 WHEN k.work_started_on IS NOT NULL THEN 4
	WHEN k.job_offered_on IS NOT NULL THEN 3 WHEN k.benefit_applied_on IS NOT NULL THEN 2
	WHEN k.settled_on IS NOT NULL THEN 1 ELSE 0 END`

// OfferPromiseDays is the start-job promise: a job offer within 14 days of the benefit
// application.
const OfferPromiseDays = 14

// Figures are the outcome figures of one municipality's cohort, before suppression.
type Figures struct {
	MunicipalityID int32
	Group          string         // the cohort period and split value, "" when not grouped
	Cases          int            // the cohort: the denominator of every share
	ByStage        map[string]int // cases per current stage; adds up to Cases
	Furthest       map[string]int // cases per furthest step reached (closed ones too); adds up to Cases
	Offer          Share          // offered within 14 days of applying, of those who applied ≥ 14 days ago
	Shares         []NamedShare   // the other shares, in the order of ShareNames
	Durations      []Duration
	Hours          Hours
	Placements     Placements
}

// Hours sums the weeks with reported hours of the cohort's cases.
type Hours struct {
	Cases            int // cases with at least one reported week
	Weeks            int
	WorkHours        float64
	IntegrationHours float64
	WeeksOnTarget    int
}

// Share is a numerator over its denominator.
type Share struct{ Numerator, Denominator int }

// Duration summarises the days between two stage dates over the cases that have both.
type Duration struct {
	Name          string // settlementToApplication, applicationToOffer, offerToWork
	Cases         int
	P25, P50, P75 float64
}

// durations are the intervals of docs/domain.md, "Outcome measures", as (name, from
// column, to column).
var durations = [][3]string{
	{"settlementToApplication", "k.settled_on", "k.benefit_applied_on"},
	{"applicationToOffer", "k.benefit_applied_on", "k.job_offered_on"},
	{"offerToWork", "k.job_offered_on", "k.work_started_on"},
}

// Compute returns the figures of the population per municipality and as a whole
// (MunicipalityID 0, first), in one SQL statement and one pass over the cases
// (grouping sets, aggregates and ordered-set percentiles; no case rows reach Go).
func Compute(ctx context.Context, db *gorm.DB, pop Population, reference time.Time) ([]Figures, error) {
	query, args, err := computeSQL(pop, reference)
	if err != nil {
		return nil, err
	}
	rows, err := db.WithContext(ctx).Raw(query, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("outcome figures: %w", err)
	}
	defer rows.Close()
	var out []Figures
	for rows.Next() {
		f, err := scanFigures(rows.Scan)
		if err != nil {
			return nil, fmt.Errorf("outcome figures: %w", err)
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func computeSQL(pop Population, reference time.Time) (string, []any, error) {
	where, whereArgs, err := pop.where(reference)
	if err != nil {
		return "", nil, err
	}
	key, err := keyColumn(pop.Key)
	if err != nil {
		return "", nil, err
	}
	groupExpr, err := pop.group()
	if err != nil {
		return "", nil, err
	}
	// Overall figures (over all groups) come as group "*" when the population is grouped:
	// a grouped report treats them as known to the reader when it protects the groups.
	overallSets := ""
	if pop.Cohort != "" || pop.Split != "" {
		overallSets = ", (k.municipality_id), ()"
	}
	sel := `SELECT COALESCE(k.municipality_id, 0) AS grp, CASE WHEN GROUPING(k.grp_key) = 1 THEN '*' ELSE k.grp_key END, count(*) AS cases`
	for _, s := range Stages {
		sel += fmt.Sprintf(", count(*) FILTER (WHERE k.stage = '%s') AS stage_%s", s, s)
	}
	for i := range Steps {
		sel += fmt.Sprintf(", count(*) FILTER (WHERE k.furthest = %d)", i)
	}
	sel += fmt.Sprintf(`, count(*) FILTER (WHERE k.benefit_applied_on <= k.ref_on - %[1]d) AS offer_den,
		count(*) FILTER (WHERE k.benefit_applied_on <= k.ref_on - %[1]d AND k.job_offered_on <= k.benefit_applied_on + %[1]d) AS offer_num`,
		OfferPromiseDays)
	for i, d := range shareDefs {
		sel += fmt.Sprintf(", count(*) FILTER (WHERE %[2]s) AS s%[1]d_den, count(*) FILTER (WHERE %[3]s) AS s%[1]d_num", i, d.den, d.num)
	}
	sel += `, count(*) FILTER (WHERE k.reported_weeks > 0) AS hours_cases, COALESCE(sum(k.reported_weeks), 0) AS weeks,
		COALESCE(sum(k.work_hours), 0)::float8 AS work_hours, COALESCE(sum(k.integration_hours), 0)::float8 AS integration_hours,
		COALESCE(sum(k.weeks_on_target), 0) AS weeks_on_target`
	for i, d := range durations {
		sel += fmt.Sprintf(`, count(*) FILTER (WHERE %[2]s IS NOT NULL AND %[3]s IS NOT NULL) AS d%[1]d_n,
			percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY %[3]s - %[2]s) AS d%[1]d_p`, i, d[1], d[2])
	}
	query := `WITH pop AS MATERIALIZED (
			SELECT k.id, k.municipality_id, k.stage, k.settled_on, k.benefit_applied_on, k.job_offered_on, k.work_started_on,
				k.left_benefit_on, k.closed_on, k.benefit_kind, k.first_pip_on, k.back_on_benefit_on, k.map_done, k.pvt_done,
				k.has_placement, k.placement_meets_bar, k.sowis_requested, k.sowis_granted,
				k.reported_weeks, k.work_hours, k.integration_hours, k.weeks_on_target, ` + key + ` AS key_on, ?::date AS ref_on,
				` + groupExpr + ` AS grp_key, ` + furthestStep + ` AS furthest
			FROM ` + pop.from() + ` WHERE ` + where + `)
		` + sel + ` FROM pop k
		GROUP BY GROUPING SETS ((k.municipality_id, k.grp_key), (k.grp_key)` + overallSets + `) ORDER BY 1, 2`
	return query, append([]any{reference}, whereArgs...), nil
}

func scanFigures(scan func(...any) error) (Figures, error) {
	f := Figures{ByStage: map[string]int{}, Furthest: map[string]int{}}
	stage, furthest := make([]int, len(Stages)), make([]int, len(Steps))
	dest := []any{&f.MunicipalityID, &f.Group, &f.Cases}
	for i := range stage {
		dest = append(dest, &stage[i])
	}
	for i := range furthest {
		dest = append(dest, &furthest[i])
	}
	dest = append(dest, &f.Offer.Denominator, &f.Offer.Numerator)
	f.Shares = make([]NamedShare, len(shareDefs))
	for i, d := range shareDefs {
		f.Shares[i].Name = d.name
		dest = append(dest, &f.Shares[i].Denominator, &f.Shares[i].Numerator)
	}
	dest = append(dest, &f.Hours.Cases, &f.Hours.Weeks, &f.Hours.WorkHours, &f.Hours.IntegrationHours, &f.Hours.WeeksOnTarget)
	n := make([]int, len(durations))
	p := make([]percentiles, len(durations))
	for i := range durations {
		dest = append(dest, &n[i], &p[i])
	}
	if err := scan(dest...); err != nil {
		return f, err
	}
	for i, s := range Stages {
		f.ByStage[s] = stage[i]
	}
	for i, s := range Steps {
		f.Furthest[s] = furthest[i]
	}
	for i, d := range durations {
		f.Durations = append(f.Durations, Duration{Name: d[0], Cases: n[i], P25: p[i][0], P50: p[i][1], P75: p[i][2]})
	}
	return f, nil
}

func keyColumn(key string) (string, error) {
	if key == "" {
		key = "benefitApplication"
	}
	col, ok := cohortKeys[key]
	if !ok {
		return "", fmt.Errorf("outcomes: unknown cohort key %q", key)
	}
	return col, nil
}
