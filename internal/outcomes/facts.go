package outcomes

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// FactMismatches counts the cases whose outcome facts (kept by triggers, see
// migrations/00011) differ from a recomputation from the source tables: zero when the
// triggers did their work. Tests call it after every kind of write.
func FactMismatches(ctx context.Context, db *gorm.DB) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Raw(`SELECT count(*) FROM cases k WHERE
		k.first_pip_on IS DISTINCT FROM (SELECT min(v.drawn_up_on) FROM case_pips v WHERE v.municipality_id = k.municipality_id AND v.case_id = k.id)
		OR k.back_on_benefit_on IS DISTINCT FROM (SELECT min(e.occurred_on) FROM case_events e
			WHERE e.municipality_id = k.municipality_id AND e.case_id = k.id AND e.reentry)
		OR k.map_done <> EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id
			AND r.case_id = k.id AND r.kind = 'map' AND r.outcome IN ('afgerond', 'behaald'))
		OR k.pvt_done <> EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id
			AND r.case_id = k.id AND r.kind = 'pvt' AND r.outcome IN ('afgerond', 'behaald'))
		OR k.has_placement <> EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
			AND o.case_id = k.id AND o.status = 'geaccepteerd')
		OR k.placement_meets_bar <> EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
			AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.hours_per_week >= 20
			AND ((o.contract_type = 'onbepaalde_tijd' AND o.end_date IS NULL)
				OR (o.start_date IS NOT NULL AND o.end_date IS NOT NULL AND o.end_date >= o.start_date + interval '12 months' - interval '1 day')))
		OR k.sowis_requested <> EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
			AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.sowis_requested)
		OR k.sowis_granted <> EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = k.municipality_id
			AND o.case_id = k.id AND o.status = 'geaccepteerd' AND o.sowis_granted)
		OR ROW(k.reported_weeks, k.work_hours, k.integration_hours, k.weeks_on_target) IS DISTINCT FROM
			(SELECT ROW(count(w.week_start)::int, COALESCE(sum(w.actual_work_hours), 0)::numeric(10,2),
				COALESCE(sum(w.actual_integration_hours), 0)::numeric(10,2),
				(count(w.week_start) FILTER (WHERE w.actual_work_hours + w.actual_integration_hours >= p.target_combined_hours_per_week))::int)
			 FROM weekly_hours w LEFT JOIN pilots p ON p.id = k.pilot_id
			 WHERE w.municipality_id = k.municipality_id AND w.case_id = k.id
				AND w.actual_work_hours + w.actual_integration_hours + w.absence_hours > 0)`).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("outcome facts: %w", err)
	}
	return n, nil
}
