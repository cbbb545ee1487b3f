package outcomes

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/disclosure"
)

// Keys a cohort can be built on: the column of the date that starts a case's clock.
var cohortKeys = map[string]string{
	"benefitApplication": "k.benefit_applied_on",
	"settlement":         "k.settled_on",
	"residencePermit":    "cl.residence_permit_date",
}

// Horizons are the points of the time-to-work curve, in days after the key date
// (3, 6, 12 and 24 months of 30.4 days, rounded).
var Horizons = []Horizon{
	{Months: 3, Days: 91},
	{Months: 6, Days: 183},
	{Months: 12, Days: 365},
	{Months: 24, Days: 730},
}

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
	Cohort         string // "" (one cohort), month, quarter or year of the key date
	Split          string // "", gender, ageBand or route
	// AsOf, when set, computes the figures from the history as it stood on that date
	// (asof.go) instead of the cases as they are now; Snapshot reads a materialised
	// as-of view instead (MaterialiseAsOf). Either goes with reference = the as-of date.
	AsOf     time.Time
	Snapshot *Snapshot
}

// Cohort widths and splits a population can be grouped by.
var (
	CohortWidths = []string{"month", "quarter", "year"}
	Splits       = []string{"gender", "ageBand", "route"}
)

// from is the FROM of the population's cases k, joined to their clients cl only when
// the key date or the split needs them (the join costs a fifth of a national report).
func (p Population) from() string {
	if p.Key == "residencePermit" || p.Split == "gender" || p.Split == "ageBand" {
		return p.source() + " k JOIN clients cl ON cl.id = k.client_id"
	}
	return p.source() + " k"
}

// scope is the WHERE fragment of the population's municipalities on column.
func (p Population) scope(column string) (string, []any) {
	return access.Actor{Municipalities: p.Municipalities}.SQL(column)
}

// group is the SQL label of a case's group, such as "2025-Q1|vrouw": its cohort
// period and split value; ” when the population is not grouped.
func (p Population) group() (string, error) {
	key, err := keyColumn(p.Key)
	if err != nil {
		return "", err
	}
	var parts []string
	switch p.Cohort {
	case "":
	case "month":
		parts = append(parts, "to_char("+key+", 'YYYY-MM')")
	case "quarter":
		parts = append(parts, "to_char("+key+", 'YYYY-\"Q\"Q')")
	case "year":
		parts = append(parts, "to_char("+key+", 'YYYY')")
	default:
		return "", fmt.Errorf("outcomes: unknown cohort width %q", p.Cohort)
	}
	switch p.Split {
	case "":
	case "gender":
		parts = append(parts, "cl.gender")
	case "ageBand":
		parts = append(parts, `CASE WHEN date_part('year', age(`+key+`, cl.birth_date)) < 27 THEN '18-26'
			WHEN date_part('year', age(`+key+`, cl.birth_date)) < 36 THEN '27-35'
			WHEN date_part('year', age(`+key+`, cl.birth_date)) < 50 THEN '36-49' ELSE '50+' END`)
	case "route":
		parts = append(parts, "COALESCE(k.integration_route, 'onbekend')")
	default:
		return "", fmt.Errorf("outcomes: unknown split %q", p.Split)
	}
	if len(parts) == 0 {
		return "''::text", nil
	}
	return "concat_ws('|', " + strings.Join(parts, ", ") + ")", nil
}

// GroupKey names the figures of one municipality (0: the total) in one group.
type GroupKey struct {
	MunicipalityID int32
	Group          string
}

// where returns the population's WHERE fragment for cases k (clients cl) and its
// arguments; the key date must also not lie after the reference date.
func (p Population) where(reference time.Time) (string, []any, error) {
	key, err := keyColumn(p.Key)
	if err != nil {
		return "", nil, err
	}
	scope, args := p.scope("k.municipality_id")
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
	AtRisk int // cases followed beyond this day without work (censored on the day itself included)
	Events int // cases that started work by then
	// Cell keys of Cases, AtRisk and Events (sums of the cases' record keys modulo 2^31).
	CasesKey, AtRiskKey, EventsKey int64
}

// TimeToWork estimates the share at work at each horizon, per municipality and for
// the population as a whole (key 0), as of reference (cases are followed up to it). It
// runs in SQL in one pass: event times per municipality and in total (grouping sets),
// the number at risk by a window from the end, and per horizon the product limit as
// exp(Σ ln(1 − d/n)) and Greenwood's sum as filtered aggregates.
func TimeToWork(
	ctx context.Context,
	db *gorm.DB,
	pop Population,
	reference time.Time,
) (map[GroupKey][]AtWork, error) {
	key, err := keyColumn(pop.Key)
	if err != nil {
		return nil, err
	}
	groupExpr, err := pop.group()
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
			COALESCE(sum(gw) FILTER (WHERE t <= %[2]d), 0) AS g%[1]d,
			COALESCE(bool_or(ended) FILTER (WHERE t <= %[2]d), false) AS e%[1]d,
			COALESCE(sum(d) FILTER (WHERE t <= %[2]d), 0) AS d%[1]d,
			COALESCE(sum(leaving) FILTER (WHERE t > %[2]d), 0) + COALESCE(sum(leaving - d) FILTER (WHERE t = %[2]d), 0) AS r%[1]d,
			COALESCE(sum(dk) FILTER (WHERE t <= %[2]d), 0) %% %[3]d AS dk%[1]d,
			(COALESCE(sum(lk) FILTER (WHERE t > %[2]d), 0) + COALESCE(sum(lk - dk) FILTER (WHERE t = %[2]d), 0)) %% %[3]d AS rk%[1]d`,
			i, h.Days, disclosure.RecordKeyRange)
	}
	query := `WITH obs AS (
			SELECT k.municipality_id AS grp, ` + groupExpr + ` AS g, greatest(CASE WHEN k.work_started_on IS NOT NULL AND k.work_started_on <= end_on
				THEN k.work_started_on ELSE end_on END - key_on, 0) AS t,
				(k.work_started_on IS NOT NULL AND k.work_started_on <= end_on) AS event, k.cell_key::bigint AS ck
			FROM ` + pop.from() + `,
				LATERAL (SELECT ` + key + ` AS key_on, least(?::date, k.closed_on) AS end_on) d
			WHERE ` + where + `),
		times AS (SELECT COALESCE(grp, 0) AS grp, g, t, count(*) FILTER (WHERE event) AS d, count(*) AS leaving,
				COALESCE(sum(ck) FILTER (WHERE event), 0) AS dk, sum(ck) AS lk
			FROM obs GROUP BY GROUPING SETS ((grp, g, t), (g, t))),
		risk AS (SELECT grp, g, t, d, leaving, dk, lk, sum(leaving) OVER (PARTITION BY grp, g ORDER BY t DESC) AS n FROM times),
		terms AS (SELECT grp, g, t, d, leaving, dk, lk,
				CASE WHEN d > 0 AND d < n THEN ln(1 - d::float8 / n) ELSE 0 END AS l,
				CASE WHEN d > 0 AND d < n THEN d::float8 / (n * (n - d)) ELSE 0 END AS gw,
				(d > 0 AND d = n) AS ended
			FROM risk)
		SELECT grp, g, sum(leaving) AS cases, sum(lk) % ` + fmt.Sprint(disclosure.RecordKeyRange) + ` AS cases_key` + cols + ` FROM terms GROUP BY grp, g ORDER BY grp, g`
	rows, err := db.WithContext(ctx).Raw(query, append([]any{reference}, whereArgs...)...).Rows()
	if err != nil {
		return nil, fmt.Errorf("time to work: %w", err)
	}
	defer rows.Close()
	out := map[GroupKey][]AtWork{}
	for rows.Next() {
		var grp int32
		var g string
		var cases int
		var casesKey int64
		l, gw, e, d, r := make(
			[]float64,
			len(Horizons),
		), make([]float64, len(Horizons)), make([]bool, len(Horizons)),
			make([]int, len(Horizons)), make([]int, len(Horizons))
		dk, rk := make([]int64, len(Horizons)), make([]int64, len(Horizons))
		dest := []any{&grp, &g, &cases, &casesKey}
		for i := range Horizons {
			dest = append(dest, &l[i], &gw[i], &e[i], &d[i], &r[i], &dk[i], &rk[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("time to work: %w", err)
		}
		k := GroupKey{MunicipalityID: grp, Group: g}
		for i, h := range Horizons {
			a := atWork(h, cases, e[i], l[i], gw[i], d[i], r[i])
			a.CasesKey, a.EventsKey, a.AtRiskKey = casesKey, dk[i], rk[i]
			out[k] = append(out[k], a)
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
