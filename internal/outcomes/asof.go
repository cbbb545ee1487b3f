package outcomes

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"gorm.io/gorm"
)

// asOfCases is a SELECT of the columns of cases that the outcome SQL reads, as they
// stood on the reference date %[1]s according to the history as it is recorded now
// (docs/outcomes.md, "Releases"): a case exists once registered; its stage is the one
// its last transition on or before the date led to; a stage date, a first PIP, a
// return to benefit, a MAP or PVT result, a placement (by its start, or its offer when
// it has no start) or a week of hours (once the week has ended) counts only when dated
// on or before it. A row withdrawn, or a move undone, counts for nothing only from the
// day (Dutch time) the correction was recorded: withdrawn after the reference date it
// still counts for it, so that rebuilding an earlier release gives the same cells
// (migration 00023). Dates are the current, corrected ones: a correction recorded later
// changes the as-of view, which is why a release is finalised a month later.
const asOfCases = `SELECT k.id, k.municipality_id, k.client_id, k.pilot_id, k.integration_route, k.cell_key, k.registered_on,
		COALESCE((SELECT e.to_stage FROM case_events e WHERE e.municipality_id = k.municipality_id AND e.case_id = k.id
			AND e.kind IN ('aangemaakt', 'overgang') AND e.occurred_on <= %[1]s
			AND NOT EXISTS (SELECT 1 FROM case_events u WHERE u.undoes_event_id = e.id
				AND (u.recorded_at AT TIME ZONE 'Europe/Amsterdam')::date <= %[1]s)
			ORDER BY e.occurred_on DESC, e.id DESC LIMIT 1), 'aangemeld') AS stage,
		CASE WHEN k.settled_on <= %[1]s THEN k.settled_on END AS settled_on,
		CASE WHEN k.benefit_applied_on <= %[1]s THEN k.benefit_applied_on END AS benefit_applied_on,
		CASE WHEN k.job_offered_on <= %[1]s THEN k.job_offered_on END AS job_offered_on,
		CASE WHEN k.work_started_on <= %[1]s THEN k.work_started_on END AS work_started_on,
		CASE WHEN k.left_benefit_on <= %[1]s THEN k.left_benefit_on END AS left_benefit_on,
		CASE WHEN k.closed_on <= %[1]s THEN k.closed_on END AS closed_on,
		CASE WHEN COALESCE(k.benefit_granted_on, k.benefit_applied_on) <= %[1]s THEN k.benefit_kind END AS benefit_kind,
		CASE WHEN k.first_pip_on <= %[1]s THEN k.first_pip_on END AS first_pip_on,
		CASE WHEN k.back_on_benefit_on <= %[1]s THEN k.back_on_benefit_on END AS back_on_benefit_on,
		EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id AND r.case_id = k.id
			AND r.kind = 'map' AND r.outcome IN ('afgerond', 'behaald') AND r.on_date <= %[1]s
			AND (r.withdrawn_at IS NULL OR (r.withdrawn_at AT TIME ZONE 'Europe/Amsterdam')::date > %[1]s)) AS map_done,
		EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id AND r.case_id = k.id
			AND r.kind = 'pvt' AND r.outcome IN ('afgerond', 'behaald') AND r.on_date <= %[1]s
			AND (r.withdrawn_at IS NULL OR (r.withdrawn_at AT TIME ZONE 'Europe/Amsterdam')::date > %[1]s)) AS pvt_done,
		COALESCE(pl.has_placement, false) AS has_placement, COALESCE(pl.meets_bar, false) AS placement_meets_bar,
		COALESCE(pl.sowis_requested, false) AS sowis_requested, COALESCE(pl.sowis_granted, false) AS sowis_granted,
		h.reported_weeks, h.work_hours, h.integration_hours, h.weeks_on_target
	FROM cases k
	LEFT JOIN LATERAL (SELECT true AS has_placement,
			bool_or(o.hours_per_week >= 20 AND ((o.contract_type = 'onbepaalde_tijd' AND o.end_date IS NULL)
				OR (o.start_date IS NOT NULL AND o.end_date IS NOT NULL
					AND o.end_date >= o.start_date + interval '12 months' - interval '1 day'))) AS meets_bar,
			bool_or(o.sowis_requested) AS sowis_requested, bool_or(o.sowis_granted) AS sowis_granted
		FROM job_offers o WHERE o.municipality_id = k.municipality_id AND o.case_id = k.id AND ` + placementAsOf + `
		HAVING count(*) > 0) pl ON true
	LEFT JOIN LATERAL (SELECT count(w.week_start)::int AS reported_weeks,
			COALESCE(sum(w.actual_work_hours), 0)::numeric(10,2) AS work_hours,
			COALESCE(sum(w.actual_integration_hours), 0)::numeric(10,2) AS integration_hours,
			(count(w.week_start) FILTER (WHERE week_on_target(w.actual_work_hours, w.actual_integration_hours,
				w.absence_hours, w.absence_reason, p.target_combined_hours_per_week)))::int AS weeks_on_target
		FROM weekly_hours w LEFT JOIN pilots p ON p.id = k.pilot_id
		WHERE w.municipality_id = k.municipality_id AND w.case_id = k.id
			AND week_reported(w.actual_work_hours, w.actual_integration_hours, w.absence_hours)
			AND w.week_start + 7 <= %[1]s) h ON true
	WHERE k.registered_on <= %[1]s`

// placementAsOf is the condition on an offer o that makes it a placement on the
// reference date %[1]s.
const placementAsOf = `o.status = 'geaccepteerd' AND COALESCE(o.start_date, o.offered_on) <= %[1]s
	AND (o.withdrawn_at IS NULL OR (o.withdrawn_at AT TIME ZONE 'Europe/Amsterdam')::date > %[1]s)`

// dateLiteral renders a date as a SQL literal: a formatted time.Time holds nothing but
// digits and dashes, so it cannot inject anything.
func dateLiteral(t time.Time) string {
	return "date '" + t.Format(time.DateOnly) + "'"
}

// Snapshot is the as-of view of every case materialised once in a temporary table,
// so that the many passes of a release build read it instead of recomputing it.
// It lives as long as the transaction it was made in.
type Snapshot struct {
	table string
	asOf  time.Time
}

// AsOf returns the snapshot's reference date.
func (s *Snapshot) AsOf() time.Time { return s.asOf }

var tableName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// MaterialiseAsOf makes a snapshot of the cases as of reference in a temporary table
// of the transaction tx (dropped at its end), indexed like cases for the passes.
func MaterialiseAsOf(
	ctx context.Context,
	tx *gorm.DB,
	reference time.Time,
	table string,
) (*Snapshot, error) {
	if !tableName.MatchString(table) {
		return nil, fmt.Errorf("outcomes: invalid snapshot table name %q", table)
	}
	tx = tx.WithContext(ctx)
	stmts := []string{
		`CREATE TEMPORARY TABLE ` + table + ` ON COMMIT DROP AS ` +
			fmt.Sprintf(asOfCases, dateLiteral(reference)),
		`CREATE INDEX ON ` + table + ` (municipality_id)`,
		`ANALYZE ` + table,
	}
	for _, s := range stmts {
		if err := tx.Exec(s).Error; err != nil {
			return nil, fmt.Errorf("as-of snapshot: %w", err)
		}
	}
	return &Snapshot{table: table, asOf: reference}, nil
}

// source is the relation a population's cases k are read from: cases itself (live),
// the snapshot, or the as-of view computed inline.
func (p Population) source() string {
	switch {
	case p.Snapshot != nil:
		return p.Snapshot.table
	case !p.AsOf.IsZero():
		return "(" + fmt.Sprintf(asOfCases, dateLiteral(p.AsOf)) + ")"
	default:
		return "cases"
	}
}

// offerCondition is the condition on an accepted offer o counted as a placement of the
// population: accepted now (live), or a placement on the as-of date.
func (p Population) offerCondition() string {
	switch {
	case p.Snapshot != nil:
		return fmt.Sprintf(placementAsOf, dateLiteral(p.Snapshot.asOf))
	case !p.AsOf.IsZero():
		return fmt.Sprintf(placementAsOf, dateLiteral(p.AsOf))
	default:
		return "o.status = 'geaccepteerd' AND o.withdrawn_at IS NULL"
	}
}

// ComputeWithCurves runs the passes of one population one after the other on db (a
// release build runs them in one transaction, on the connection that holds its
// snapshot): the figures with their placements filled in, and the time-to-work curves.
func ComputeWithCurves(
	ctx context.Context,
	db *gorm.DB,
	pop Population,
	reference time.Time,
) ([]Figures, map[GroupKey][]AtWork, error) {
	figures, err := Compute(ctx, db, pop, reference)
	if err != nil {
		return nil, nil, err
	}
	places, err := placementFigures(ctx, db, pop, reference)
	if err != nil {
		return nil, nil, err
	}
	curves, err := TimeToWork(ctx, db, pop, reference)
	if err != nil {
		return nil, nil, err
	}
	for i := range figures {
		figures[i].Placements = places[GroupKey{figures[i].MunicipalityID, figures[i].Group}]
	}
	return figures, curves, nil
}

// SnapshotTable names the snapshot's table, for queries of the release build that
// read it beside the outcome passes.
func SnapshotTable(s *Snapshot) string { return s.table }
