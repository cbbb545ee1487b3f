package outcomes

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"gorm.io/gorm"
)

// drifted is the condition under which a case's stored facts (kept by the triggers of
// migrations 00011-00013, and 00023: withdrawn rows and undone moves count for nothing) differ from a recomputation from the source tables.
const drifted = `k.first_pip_on IS DISTINCT FROM (SELECT min(v.drawn_up_on) FROM case_pips v WHERE v.municipality_id = k.municipality_id AND v.case_id = k.id
		AND v.withdrawn_at IS NULL)
	OR k.back_on_benefit_on IS DISTINCT FROM (SELECT min(e.occurred_on) FROM case_events e
		WHERE e.municipality_id = k.municipality_id AND e.case_id = k.id AND e.reentry
		AND NOT EXISTS (SELECT 1 FROM case_events u WHERE u.undoes_event_id = e.id))
	OR k.map_done <> EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id
		AND r.case_id = k.id AND r.kind = 'map' AND r.outcome IN ('afgerond', 'behaald') AND r.withdrawn_at IS NULL)
	OR k.pvt_done <> EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id
		AND r.case_id = k.id AND r.kind = 'pvt' AND r.outcome IN ('afgerond', 'behaald') AND r.withdrawn_at IS NULL)
	OR k.has_placement <> EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
		AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.withdrawn_at IS NULL)
	OR k.placement_meets_bar <> EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
		AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.withdrawn_at IS NULL AND o.hours_per_week >= 20
		AND ((o.contract_type = 'onbepaalde_tijd' AND o.end_date IS NULL)
			OR (o.start_date IS NOT NULL AND o.end_date IS NOT NULL AND o.end_date >= o.start_date + interval '12 months' - interval '1 day')))
	OR k.sowis_requested <> EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
		AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.withdrawn_at IS NULL AND o.sowis_requested)
	OR k.sowis_granted <> EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
		AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.withdrawn_at IS NULL AND o.sowis_granted)
	OR ROW(k.reported_weeks, k.work_hours, k.integration_hours, k.weeks_on_target) IS DISTINCT FROM
		(SELECT ROW(count(w.week_start)::int, COALESCE(sum(w.actual_work_hours), 0)::numeric(10,2),
			COALESCE(sum(w.actual_integration_hours), 0)::numeric(10,2),
			(count(w.week_start) FILTER (WHERE week_on_target(w.actual_work_hours, w.actual_integration_hours,
				w.absence_hours, w.absence_reason, p.target_combined_hours_per_week)))::int)
		 FROM weekly_hours w LEFT JOIN pilots p ON p.id = k.pilot_id
		 WHERE w.municipality_id = k.municipality_id AND w.case_id = k.id
			AND week_reported(w.actual_work_hours, w.actual_integration_hours, w.absence_hours))`

// FactMismatches counts the cases whose outcome facts differ from a recomputation
// from the source tables: zero when the triggers did their work.
func FactMismatches(ctx context.Context, db *gorm.DB) (int64, error) {
	var n int64
	if err := db.WithContext(ctx).Raw(
		`SELECT count(*) FROM cases k WHERE ` + drifted,
	).Scan(&n).Error; err != nil {
		return 0, fmt.Errorf("outcome facts: %w", err)
	}
	return n, nil
}

// Drift lists the cases whose stored facts differ from a recomputation, in id order.
// `startbaan facts check` reports them; the concurrency tests call it after every run.
func Drift(ctx context.Context, db *gorm.DB) ([]uuid.UUID, error) {
	var ids []uuid.UUID
	if err := db.WithContext(ctx).Raw(
		`SELECT k.id FROM cases k WHERE ` + drifted + ` ORDER BY k.id`,
	).Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("fact drift: %w", err)
	}
	return ids, nil
}

// Repair recomputes the facts of the cases that drifted, in one transaction with the
// cases locked, and returns them. Cases that are right are left alone.
func Repair(ctx context.Context, db *gorm.DB) ([]uuid.UUID, error) {
	var ids []uuid.UUID
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Raw(
			`SELECT k.id FROM cases k WHERE ` + drifted + ` ORDER BY k.id FOR NO KEY UPDATE OF k`,
		).Scan(&ids).Error
		if err != nil || len(ids) == 0 {
			return err
		}
		// Locked now: the refresh below reads the source rows in a fresh snapshot.
		list := uuidArray(ids)
		return tx.Exec(
			`SELECT refresh_case_facts(?::uuid[]), refresh_case_hours(?::uuid[])`,
			list,
			list,
		).Error
	})
	if err != nil {
		return nil, fmt.Errorf("repair facts: %w", err)
	}
	return ids, nil
}

// uuidArray renders ids as a PostgreSQL array literal: GORM would expand a slice into
// a list of parameters.
func uuidArray(ids []uuid.UUID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = id.String()
	}
	return "{" + strings.Join(parts, ",") + "}"
}
