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

// group is the GROUP BY expression: per municipality, or the population as a whole (0).
func group(perMunicipality bool) string {
	if perMunicipality {
		return "k.municipality_id"
	}
	return "0"
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

// TimeToWork estimates the share at work at each horizon, per municipality or for
// the population as a whole (MunicipalityID 0), as of reference (cases are followed up
// to it). The estimator runs in SQL: the product limit is exp(Σ ln(1 − d/n)) over the
// event times, the variance Greenwood's sum.
func TimeToWork(ctx context.Context, db *gorm.DB, pop Population, reference time.Time, perMunicipality bool) (map[int32][]AtWork, error) {
	key, err := keyColumn(pop.Key)
	if err != nil {
		return nil, err
	}
	where, whereArgs, err := pop.where(reference)
	if err != nil {
		return nil, err
	}
	query := `WITH obs AS (
			SELECT ` + group(perMunicipality) + ` AS grp, greatest(CASE WHEN k.work_started_on IS NOT NULL AND k.work_started_on <= end_on
				THEN k.work_started_on ELSE end_on END - key_on, 0) AS t,
				(k.work_started_on IS NOT NULL AND k.work_started_on <= end_on) AS event
			FROM cases k JOIN clients cl ON cl.id = k.client_id,
				LATERAL (SELECT ` + key + ` AS key_on, least(?::date, k.closed_on) AS end_on) d
			WHERE ` + where + `),
		times AS (SELECT grp, t, count(*) FILTER (WHERE event) AS d, count(*) AS leaving FROM obs GROUP BY grp, t),
		risk AS (SELECT grp, t, d, sum(leaving) OVER (PARTITION BY grp ORDER BY t DESC) AS n FROM times),
		curve AS (SELECT grp, t, d, n,
				bool_or(d = n) OVER w AS ended,
				sum(CASE WHEN d > 0 AND d < n THEN ln(1 - d::float8 / n) ELSE 0 END) OVER w AS log_s,
				sum(CASE WHEN d > 0 AND d < n THEN d::float8 / (n * (n - d)) ELSE 0 END) OVER w AS greenwood,
				sum(d) OVER w AS events
			FROM risk WINDOW w AS (PARTITION BY grp ORDER BY t)),
		groups AS (SELECT grp, count(*) AS cases FROM obs GROUP BY grp)
		SELECT g.grp, h.days, g.cases,
			COALESCE(c.ended, false) AS ended, COALESCE(c.log_s, 0) AS log_s, COALESCE(c.greenwood, 0) AS greenwood,
			COALESCE(c.events, 0) AS events,
			(SELECT count(*) FROM obs WHERE obs.grp = g.grp AND obs.t >= h.days) AS at_risk
		FROM groups g CROSS JOIN unnest(?::int[]) AS h(days)
		LEFT JOIN LATERAL (SELECT * FROM curve WHERE curve.grp = g.grp AND curve.t <= h.days
			ORDER BY curve.t DESC LIMIT 1) c ON true
		ORDER BY g.grp, h.days`
	days := make(access.IDList, len(Horizons))
	for i, h := range Horizons {
		days[i] = int32(h.Days)
	}
	args := append(append([]any{reference}, whereArgs...), days)
	var rows []struct {
		Grp       int32
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
	out := map[int32][]AtWork{}
	for _, r := range rows {
		h := Horizons[len(out[r.Grp])]
		out[r.Grp] = append(out[r.Grp], atWork(h, r.Cases, r.Ended, r.LogS, r.Greenwood, r.Events, r.AtRisk))
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
