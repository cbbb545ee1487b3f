package outcomes

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/disclosure"
)

// Stages in the order of the funnel (docs/domain.md, "Stages and their rules").
var Stages = []string{
	"aangemeld",
	"gevestigd",
	"uitkering_aangevraagd",
	"baan_aangeboden",
	"aan_het_werk",
	"uitgestroomd",
	"afgesloten",
}

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

// Figures are the outcome figures of one municipality's cohort, true counts: the live
// report shows them whole (Publish), a release perturbs them (releases.CellsOf).
type Figures struct {
	MunicipalityID int32
	Group          string         // the cohort period and split value, "" when not grouped
	Cases          int            // the cohort: the denominator of every share
	ByStage        map[string]int // cases per current stage; adds up to Cases
	// cases per furthest step reached (closed ones too); adds up to Cases
	Furthest map[string]int
	// The cell keys of the counts above (disclosure: the sum of the record keys of the
	// cases counted, modulo 2^31), for the perturbation of a release.
	CasesKey     int64
	StageKeys    map[string]int64
	FurthestKeys map[string]int64
	Offer        Share        // offered within 14 days of applying, of those who applied ≥ 14 days ago
	Shares       []NamedShare // the other shares, in the order of ShareNames
	Durations    []Duration
	Hours        Hours
	Placements   Placements
}

// Hours sums the weeks with reported hours of the cohort's cases.
type Hours struct {
	Cases            int // cases with at least one reported week
	Weeks            int
	WorkHours        float64
	IntegrationHours float64
	WeeksOnTarget    int
	CasesKey         int64 // cell key of Cases
}

// Share is a numerator over its denominator.
type Share struct {
	Numerator, Denominator int
	NumKey, DenKey         int64 // their cell keys
}

// Duration summarises the days between two stage dates over the cases that have both.
type Duration struct {
	Name          string // settlementToApplication, applicationToOffer, offerToWork
	Cases         int
	CasesKey      int64 // cell key of Cases
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
func Compute(
	ctx context.Context,
	db *gorm.DB,
	pop Population,
	reference time.Time,
) ([]Figures, error) {
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
	// Every count comes with its cell key (keyed): same cases, same key, in any table.
	sel := `SELECT COALESCE(k.municipality_id, 0) AS grp, k.grp_key, ` + keyed("true")
	for _, s := range Stages {
		sel += ", " + keyed(fmt.Sprintf("k.stage = '%s'", s))
	}
	for i := range Steps {
		sel += ", " + keyed(fmt.Sprintf("k.furthest = %d", i))
	}
	offerDen := fmt.Sprintf("k.benefit_applied_on <= k.ref_on - %d", OfferPromiseDays)
	sel += ", " + keyed(offerDen) + ", " +
		keyed(
			fmt.Sprintf("%s AND k.job_offered_on <= k.benefit_applied_on + %d", offerDen, OfferPromiseDays),
		)
	for _, d := range shareDefs {
		sel += ", " + keyed(d.den) + ", " + keyed(d.num)
	}
	sel += `, ` + keyed("k.reported_weeks > 0") + `, COALESCE(sum(k.reported_weeks), 0) AS weeks,
		COALESCE(sum(k.work_hours), 0)::float8 AS work_hours, COALESCE(sum(k.integration_hours), 0)::float8 AS integration_hours,
		COALESCE(sum(k.weeks_on_target), 0) AS weeks_on_target`
	for i, d := range durations {
		sel += fmt.Sprintf(`, %[4]s,
			percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY %[3]s - %[2]s) AS d%[1]d_p`, i, d[1], d[2], keyed(d[1]+" IS NOT NULL AND "+d[2]+" IS NOT NULL"))
	}
	query := `WITH pop AS MATERIALIZED (
			SELECT k.id, k.municipality_id, k.stage, k.settled_on, k.benefit_applied_on, k.job_offered_on, k.work_started_on,
				k.left_benefit_on, k.closed_on, k.benefit_kind, k.first_pip_on, k.back_on_benefit_on, k.map_done, k.pvt_done,
				k.has_placement, k.placement_meets_bar, k.sowis_requested, k.sowis_granted,
				k.reported_weeks, k.work_hours, k.integration_hours, k.weeks_on_target,
				k.cell_key, ` + key + ` AS key_on, ?::date AS ref_on,
				` + groupExpr + ` AS grp_key, ` + furthestStep + ` AS furthest
			FROM ` + pop.from() + ` WHERE ` + where + `)
		` + sel + ` FROM pop k
		GROUP BY GROUPING SETS ((k.municipality_id, k.grp_key), (k.grp_key)) ORDER BY 1, 2`
	return query, append([]any{reference}, whereArgs...), nil
}

func scanFigures(scan func(...any) error) (Figures, error) {
	f := Figures{
		ByStage:      map[string]int{},
		Furthest:     map[string]int{},
		StageKeys:    map[string]int64{},
		FurthestKeys: map[string]int64{},
	}
	stage, furthest := make([]int, len(Stages)), make([]int, len(Steps))
	stageKeys, furthestKeys := make([]int64, len(Stages)), make([]int64, len(Steps))
	dest := []any{&f.MunicipalityID, &f.Group, &f.Cases, &f.CasesKey}
	for i := range stage {
		dest = append(dest, &stage[i], &stageKeys[i])
	}
	for i := range furthest {
		dest = append(dest, &furthest[i], &furthestKeys[i])
	}
	dest = append(dest, &f.Offer.Denominator, &f.Offer.DenKey, &f.Offer.Numerator, &f.Offer.NumKey)
	f.Shares = make([]NamedShare, len(shareDefs))
	for i, d := range shareDefs {
		f.Shares[i].Name = d.name
		dest = append(
			dest,
			&f.Shares[i].Denominator,
			&f.Shares[i].DenKey,
			&f.Shares[i].Numerator,
			&f.Shares[i].NumKey,
		)
	}
	dest = append(
		dest,
		&f.Hours.Cases,
		&f.Hours.CasesKey,
		&f.Hours.Weeks,
		&f.Hours.WorkHours,
		&f.Hours.IntegrationHours,
		&f.Hours.WeeksOnTarget,
	)
	n := make([]int, len(durations))
	nKeys := make([]int64, len(durations))
	p := make([]percentiles, len(durations))
	for i := range durations {
		dest = append(dest, &n[i], &nKeys[i], &p[i])
	}
	if err := scan(dest...); err != nil {
		return f, err
	}
	for i, s := range Stages {
		f.ByStage[s], f.StageKeys[s] = stage[i], stageKeys[i]
	}
	for i, s := range Steps {
		f.Furthest[s], f.FurthestKeys[s] = furthest[i], furthestKeys[i]
	}
	for i, d := range durations {
		f.Durations = append(
			f.Durations,
			Duration{Name: d[0], Cases: n[i], CasesKey: nKeys[i], P25: p[i][0], P50: p[i][1], P75: p[i][2]},
		)
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

// keyed is a count of the cases k for which cond holds, and its cell key: the sum of
// their record keys (cases.cell_key) modulo 2^31 (disclosure.RecordKeyRange), so that
// the same set of cases gets the same key, and so the same noise, in every table.
func keyed(cond string) string {
	return fmt.Sprintf("count(*) FILTER (WHERE %[1]s), COALESCE(sum(k.cell_key::bigint) FILTER (WHERE %[1]s), 0) %% %[2]d",
		cond, disclosure.RecordKeyRange)
}
