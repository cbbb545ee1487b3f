package hours

// The SQL of this package that GORM's builder cannot say as plainly: the case a week
// belongs to with its pilot's targets, and the upsert of one week that reports
// whether it inserted.

// caseContextColumns is the SELECT list of caseContext: the case's municipality and
// registration, and its pilot's weekly targets (zero without a pilot).
const caseContextColumns = `k.municipality_id, k.registered_on, p.id IS NOT NULL AS has_pilot,
			COALESCE(p.target_combined_hours_per_week, 0) AS combined,
			COALESCE(p.target_min_work_hours_per_week, 0) AS min_work,
			COALESCE(p.target_min_integration_hours_per_week, 0) AS min_integration`

// upsertWeekSQL stores one week, replacing what was stored for it, and returns its
// new updated_at and whether the row is new (xmax = 0 only for an inserted row).
const upsertWeekSQL = `INSERT INTO weekly_hours (municipality_id, case_id, week_start, planned_work_hours, actual_work_hours,
				planned_integration_hours, actual_integration_hours, absence_hours)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (municipality_id, case_id, week_start) DO UPDATE SET
				planned_work_hours = EXCLUDED.planned_work_hours, actual_work_hours = EXCLUDED.actual_work_hours,
				planned_integration_hours = EXCLUDED.planned_integration_hours,
				actual_integration_hours = EXCLUDED.actual_integration_hours,
				absence_hours = EXCLUDED.absence_hours, updated_at = now()
			RETURNING updated_at, (xmax = 0) AS inserted`
