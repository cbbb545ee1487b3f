package outcomes

import (
	"context"
	"fmt"
	"math"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
)

// Keys a cohort can be built on: the column of the date that starts a case's clock.
var cohortKeys = map[string]string{
	"benefitApplication": "k.benefit_applied_on",
	"settlement":         "k.settled_on",
	"residencePermit":    "cl.residence_permit_date",
}

// Horizons are the points of the time-to-work curve, in days after the key date
// (3, 6, 12 and 24 months of 30.4 days, rounded).
var Horizons = []Horizon{{Months: 3, Days: 91}, {Months: 6, Days: 183}, {Months: 12, Days: 365}, {Months: 24, Days: 730}}

// Horizon is one point of the curve.
type Horizon struct{ Months, Days int }

// Population chooses the cases a figure is about: those of the municipalities whose
// key date lies in [From, To). Whether a reader may see a municipality's figures in
// full or only protected is decided when they are published, not here.
type Population struct {
	Municipalities []int32
	Key            string // benefitApplication (default), settlement or residencePermit
	From           time.Time
	To             time.Time
}

// where returns the population's WHERE fragment for cases k (clients cl) and its
// arguments; the key date must also not lie after the reference date.
func (p Population) where(reference time.Time) (string, []any, error) {
	key, err := keyColumn(p.Key)
	if err != nil {
		return "", nil, err
	}
	scope, args := access.Actor{Municipalities: p.Municipalities}.SQL("k.municipality_id")
	return scope + ` AND ` + key + ` >= ? AND ` + key + ` < ? AND ` + key + ` <= ?::date`,
		append(args, p.From, p.To, reference), nil
}

// AtWork is the Kaplan-Meier estimate of the share of a cohort that has started work
// by a horizon: cases not yet followed that long, or closed for another reason
// (moved, dropped out) before starting work, count as censored, not as failures.
type AtWork struct {
	Horizon
	Cases  int     // the cohort: the denominator of the estimate
	Share  float64 // 1 − S(t)
	Lower  float64 // 95% confidence interval (log-log transform of S, Greenwood variance)
	Upper  float64
	AtRisk int // cases followed at least this long without work
	Events int // cases that started work by then
}

// TimeToWork estimates the share at work at each horizon, per municipality and for
// the population as a whole (key 0), as of reference (cases are followed up to it). It
// runs in SQL in one pass: event times per municipality and in total (grouping sets),
// the number at risk by a window from the end, and per horizon the product limit as
// exp(Σ ln(1 − d/n)) and Greenwood's sum as filtered aggregates.
func TimeToWork(ctx context.Context, db *gorm.DB, pop Population, reference time.Time) (map[int32][]AtWork, error) {
	key, err := keyColumn(pop.Key)
	if err != nil {
		return nil, err
	}
	where, whereArgs, err := pop.where(reference)
	if err != nil {
		return nil, err
	}
	cols := ""
	for i, h := range Horizons {
		cols += fmt.Sprintf(`, COALESCE(sum(l) FILTER (WHERE t <= %[2]d), 0) AS l%[1]d,
			COALESCE(sum(g) FILTER (WHERE t <= %[2]d), 0) AS g%[1]d,
			COALESCE(bool_or(ended) FILTER (WHERE t <= %[2]d), false) AS e%[1]d,
			COALESCE(sum(d) FILTER (WHERE t <= %[2]d), 0) AS d%[1]d,
			COALESCE(sum(leaving) FILTER (WHERE t >= %[2]d), 0) AS r%[1]d`, i, h.Days)
	}
	query := `WITH obs AS (
			SELECT k.municipality_id AS grp, greatest(CASE WHEN k.work_started_on IS NOT NULL AND k.work_started_on <= end_on
				THEN k.work_started_on ELSE end_on END - key_on, 0) AS t,
				(k.work_started_on IS NOT NULL AND k.work_started_on <= end_on) AS event
			FROM cases k JOIN clients cl ON cl.id = k.client_id,
				LATERAL (SELECT ` + key + ` AS key_on, least(?::date, k.closed_on) AS end_on) d
			WHERE ` + where + `),
		times AS (SELECT COALESCE(grp, 0) AS grp, t, count(*) FILTER (WHERE event) AS d, count(*) AS leaving
			FROM obs GROUP BY GROUPING SETS ((grp, t), (t))),
		risk AS (SELECT grp, t, d, leaving, sum(leaving) OVER (PARTITION BY grp ORDER BY t DESC) AS n FROM times),
		terms AS (SELECT grp, t, d, leaving,
				CASE WHEN d > 0 AND d < n THEN ln(1 - d::float8 / n) ELSE 0 END AS l,
				CASE WHEN d > 0 AND d < n THEN d::float8 / (n * (n - d)) ELSE 0 END AS g,
				(d > 0 AND d = n) AS ended
			FROM risk)
		SELECT grp, sum(leaving) AS cases` + cols + ` FROM terms GROUP BY grp ORDER BY grp`
	rows, err := db.WithContext(ctx).Raw(query, append([]any{reference}, whereArgs...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("time to work: %w", err)
	}
	defer rows.Close()
	out := map[int32][]AtWork{}
	for rows.Next() {
		var grp int32
		var cases int
		l, g, e, d, r := make([]float64, len(Horizons)), make([]float64, len(Horizons)), make([]bool, len(Horizons)),
			make([]int, len(Horizons)), make([]int, len(Horizons))
		dest := []any{&grp, &cases}
		for i := range Horizons {
			dest = append(dest, &l[i], &g[i], &e[i], &d[i], &r[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("time to work: %w", err)
		}
		for i, h := range Horizons {
			out[grp] = append(out[grp], atWork(h, cases, e[i], l[i], g[i], d[i], r[i]))
		}
	}
	return out, rows.Err()
}

// atWork turns the curve at a horizon into the share at work with its interval. The
// interval is the log-log one of Kalbfleisch and Prentice, which stays within [0, 1].
func atWork(h Horizon, cases int, ended bool, logS, greenwood float64, events, atRisk int) AtWork {
	a := AtWork{Horizon: h, Cases: cases, Events: events, AtRisk: atRisk}
	s := math.Exp(logS)
	if ended {
		s = 0
	}
	a.Share = 1 - s
	switch {
	case s == 0 || s == 1 || cases == 0:
		a.Lower, a.Upper = a.Share, a.Share
	default:
		se := math.Sqrt(greenwood) / math.Abs(math.Log(s))
		lo, hi := math.Pow(s, math.Exp(1.96*se)), math.Pow(s, math.Exp(-1.96*se)) // bounds of S
		a.Lower, a.Upper = 1-hi, 1-lo
	}
	return a
}
