package hours

// The SQL of this package that GORM's builder cannot say as plainly: the case a week
// belongs to with its pilot's targets, and the upsert of one week that reports
// whether it inserted.

// caseContextColumns is the SELECT list of caseContext: the case's municipality and
// registration, the period it is at work (from the start of work; until the day it
// left work — the first of leaving the benefit, closing, or the day it entered its
// current stage when that is not aan_het_werk; LEAST skips NULLs), and its pilot's
// weekly targets (zero without a pilot).
const caseContextColumns = `k.municipality_id, k.registered_on, k.work_started_on,
			CASE WHEN k.stage <> 'aan_het_werk' THEN LEAST(k.left_benefit_on, k.closed_on, k.stage_entered_on)
			END AS left_work_on, p.id IS NOT NULL AS has_pilot,
			COALESCE(p.target_combined_hours_per_week, 0) AS combined,
			COALESCE(p.target_min_work_hours_per_week, 0) AS min_work,
			COALESCE(p.target_min_integration_hours_per_week, 0) AS min_integration`

// upsertWeekSQL stores one week, replacing what was stored for it, and returns its
// new updated_at and whether the row is new (xmax = 0 only for an inserted row).
const upsertWeekSQL = `INSERT INTO weekly_hours (municipality_id, case_id, week_start, planned_work_hours, actual_work_hours,
				planned_integration_hours, actual_integration_hours, absence_hours, absence_reason)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (municipality_id, case_id, week_start) DO UPDATE SET
				planned_work_hours = EXCLUDED.planned_work_hours, actual_work_hours = EXCLUDED.actual_work_hours,
				planned_integration_hours = EXCLUDED.planned_integration_hours,
				actual_integration_hours = EXCLUDED.actual_integration_hours,
				absence_hours = EXCLUDED.absence_hours, absence_reason = EXCLUDED.absence_reason,
				updated_at = now()
			RETURNING updated_at, (xmax = 0) AS inserted`

// caseloadLoad, the actor's scope, caseloadAtWork, the ownership condition and
// caseloadFacts make the one query of the week screen (CaseloadWeek): the cases of the
// caseload at work in the week, with their client, manager, pilot targets, the week as
// stored, the week before's plan, the contract hours of the placement running in the
// week and the planned integration hours of the PIP in force. Its parameters after the
// WITH items: the week's Monday four times, its Sunday twice, the Monday before.
// Every subquery walks an index that starts with (municipality_id, case_id).
const (
	caseloadLoad = `WITH load AS (
			SELECT k.id, k.municipality_id, k.client_id, k.pilot_id, k.client_manager_id
			FROM cases k WHERE `
	// caseloadAtWork: work started on or before the week's Sunday, and the case still
	// at work or left it on or after the Monday (as in caseContextColumns).
	caseloadAtWork = ` AND k.work_started_on <= ? AND (k.stage = 'aan_het_werk'
				OR LEAST(k.left_benefit_on, k.closed_on, k.stage_entered_on) >= ?) AND `
	caseloadOwn   = "k.client_manager_id = ?"
	caseloadFacts = `
SELECT l.id AS case_id, l.municipality_id, c.name AS client_name, c.birth_date, l.client_manager_id,
	u.name AS client_manager_name, p.id IS NOT NULL AS has_pilot,
	COALESCE(p.target_combined_hours_per_week, 0) AS combined,
	COALESCE(p.target_min_work_hours_per_week, 0) AS min_work,
	COALESCE(p.target_min_integration_hours_per_week, 0) AS min_integration,
	w.week_start IS NOT NULL AS stored, w.planned_work_hours, w.actual_work_hours,
	w.planned_integration_hours, w.actual_integration_hours, w.absence_hours, w.absence_reason, w.updated_at,
	pw.planned_work_hours AS previous_work, pw.planned_integration_hours AS previous_integration,
	(SELECT o.hours_per_week FROM job_offers o WHERE o.municipality_id = l.municipality_id AND o.case_id = l.id
		AND o.status = 'geaccepteerd' AND COALESCE(o.start_date, o.offered_on) <= ?
		AND (o.end_date IS NULL OR o.end_date >= ?)
		ORDER BY COALESCE(o.start_date, o.offered_on) DESC LIMIT 1) AS contract_hours,
	(SELECT v.planned_integration_hours_per_week FROM case_pips v
		WHERE v.municipality_id = l.municipality_id AND v.case_id = l.id AND v.drawn_up_on <= ?
		ORDER BY v.version DESC LIMIT 1) AS pip_hours
FROM load l
JOIN clients c ON c.id = l.client_id
LEFT JOIN pilots p ON p.id = l.pilot_id
LEFT JOIN users u ON u.id = l.client_manager_id
LEFT JOIN weekly_hours w ON w.municipality_id = l.municipality_id AND w.case_id = l.id AND w.week_start = ?
LEFT JOIN weekly_hours pw ON pw.municipality_id = l.municipality_id AND pw.case_id = l.id AND pw.week_start = ?
ORDER BY c.name, c.birth_date, l.id`
)

// caseContextsColumns is caseContextColumns with the case's id, for the contexts of
// many cases at once (CloseWeek).
const caseContextsColumns = `k.id AS case_id, ` + caseContextColumns
