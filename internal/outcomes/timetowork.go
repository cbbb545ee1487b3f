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

// Population chooses the cases a figure is about.
type Population struct {
	Key  string // benefitApplication (default), settlement or residencePermit
	From time.Time
	To   time.Time // key dates in [From, To)
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

// TimeToWork estimates the share at work at each horizon for the cases of the
// actor's municipalities whose key date lies in the population's period, as of
// reference (cases are followed up to it). The estimator runs in SQL: the product
// limit is exp(Σ ln(1 − d/n)) over the event times, the variance Greenwood's sum.
func TimeToWork(ctx context.Context, db *gorm.DB, actor access.Actor, pop Population, reference time.Time) ([]AtWork, error) {
	actor = actor.For("outcomes", "read")
	key, err := keyColumn(pop.Key)
	if err != nil {
		return nil, err
	}
	scope, scopeArgs := actor.SQL("k.municipality_id")
	query := `WITH obs AS (
			SELECT greatest(CASE WHEN k.work_started_on IS NOT NULL AND k.work_started_on <= end_on
				THEN k.work_started_on ELSE end_on END - key_on, 0) AS t,
				(k.work_started_on IS NOT NULL AND k.work_started_on <= end_on) AS event
			FROM cases k JOIN clients cl ON cl.id = k.client_id,
				LATERAL (SELECT ` + key + ` AS key_on,
					least(?::date, k.closed_on) AS end_on) d
			WHERE ` + scope + ` AND ` + key + ` >= ? AND ` + key + ` < ? AND ` + key + ` <= ?::date),
		times AS (SELECT t, count(*) FILTER (WHERE event) AS d, count(*) AS leaving FROM obs GROUP BY t),
		risk AS (SELECT t, d, sum(leaving) OVER (ORDER BY t DESC) AS n FROM times),
		curve AS (SELECT t, d, n,
				bool_or(d = n) OVER w AS ended,
				sum(CASE WHEN d > 0 AND d < n THEN ln(1 - d::float8 / n) ELSE 0 END) OVER w AS log_s,
				sum(CASE WHEN d > 0 AND d < n THEN d::float8 / (n * (n - d)) ELSE 0 END) OVER w AS greenwood,
				sum(d) OVER w AS events
			FROM risk WINDOW w AS (ORDER BY t))
		SELECT h.days, (SELECT count(*) FROM obs) AS cases,
			COALESCE(c.ended, false) AS ended, COALESCE(c.log_s, 0) AS log_s, COALESCE(c.greenwood, 0) AS greenwood,
			COALESCE(c.events, 0) AS events, (SELECT count(*) FROM obs WHERE obs.t >= h.days) AS at_risk
		FROM unnest(?::int[]) AS h(days)
		LEFT JOIN LATERAL (SELECT * FROM curve WHERE curve.t <= h.days ORDER BY curve.t DESC LIMIT 1) c ON true
		ORDER BY h.days`
	days := make(access.IDList, len(Horizons))
	for i, h := range Horizons {
		days[i] = int32(h.Days)
	}
	args := append([]any{reference}, scopeArgs...)
	args = append(args, pop.From, pop.To, reference, days)
	var rows []struct {
		Days      int
		Cases     int
		Ended     bool
		LogS      float64
		Greenwood float64
		Events    int
		AtRisk    int
	}
	if err := db.WithContext(ctx).Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("time to work: %w", err)
	}
	out := make([]AtWork, len(rows))
	for i, r := range rows {
		out[i] = atWork(Horizons[i], r.Cases, r.Ended, r.LogS, r.Greenwood, r.Events, r.AtRisk)
	}
	return out, nil
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
