package worklist

// The SQL of the werklijst: a read model over the case, hours and placement tables,
// gathered for a whole caseload in one statement (with the audit row of the read).
// There is nothing to write, so there are no GORM models here.

// loadSelect, the actor's scope, loadActive and the ownership condition make the
// WITH item load: the active cases of the caseload.
const (
	loadSelect = `WITH load AS (
			SELECT k.id, k.municipality_id, k.client_id, k.pilot_id, k.client_manager_id, k.stage,
				k.stage_entered_on, k.settled_on, k.registered_on, k.case_number
			FROM cases k WHERE `
	loadActive = ` AND k.stage <> 'afgesloten' AND `
	// ownCases picks the cases assigned to the actor.
	ownCases = "k.client_manager_id = ?"
	// oneCase picks a single case (Service.Case) in place of a caseload.
	oneCase = "k.id = ?"
)

// factsQuery gathers, per case of load, what the signals need. Every subquery
// walks an index that starts with (municipality_id, case_id): the cost grows with
// the caseload, never with the municipality. Its parameters: the Monday of last
// week, the Monday of this week, today.
const factsQuery = `
SELECT l.id, l.municipality_id, c.name AS client_name, c.birth_date, l.registered_on, l.stage, l.stage_entered_on, l.client_manager_id,
	u.name AS client_manager_name, l.settled_on, l.case_number,
	p.target_max_days_to_offer AS max_days_to_offer, p.target_combined_hours_per_week AS combined,
	p.target_min_work_hours_per_week AS min_work, p.target_min_integration_hours_per_week AS min_integration,
	EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = l.municipality_id AND o.case_id = l.id
		AND o.offered_on >= l.stage_entered_on) AS offered_since_stage,
	EXISTS (SELECT 1 FROM weekly_hours w WHERE w.municipality_id = l.municipality_id AND w.case_id = l.id
		AND w.week_start = ? AND w.actual_work_hours + w.actual_integration_hours + w.absence_hours > 0) AS last_week_logged,
	rw.week_start AS recent_week, rw.planned_work_hours, rw.actual_work_hours, rw.planned_integration_hours,
	rw.actual_integration_hours, rw.absence_hours,
	po.status AS offer_status, po.contract_type AS offer_contract_type, po.hours_per_week AS offer_hours_per_week,
	po.offered_on AS offer_offered_on, po.start_date AS offer_start_date, po.end_date AS offer_end_date,
	(SELECT v.drawn_up_on FROM case_pips v WHERE v.municipality_id = l.municipality_id AND v.case_id = l.id
		ORDER BY v.version LIMIT 1) AS first_pip_on,
	EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = l.municipality_id AND r.case_id = l.id
		AND r.kind IN ('ontheffing', 'vrijstelling') AND r.outcome = 'verleend') AS exempt
FROM load l
JOIN clients c ON c.id = l.client_id
LEFT JOIN pilots p ON p.id = l.pilot_id
LEFT JOIN users u ON u.id = l.client_manager_id
LEFT JOIN LATERAL (SELECT w.week_start, w.planned_work_hours, w.actual_work_hours, w.planned_integration_hours,
		w.actual_integration_hours, w.absence_hours
	FROM weekly_hours w WHERE w.municipality_id = l.municipality_id AND w.case_id = l.id AND w.week_start < ?
		AND w.actual_work_hours + w.actual_integration_hours + w.absence_hours > 0
	ORDER BY w.week_start DESC LIMIT 1) rw ON true
LEFT JOIN LATERAL (SELECT o.status, o.contract_type, o.hours_per_week, o.offered_on, o.start_date, o.end_date
	FROM job_offers o WHERE o.municipality_id = l.municipality_id AND o.case_id = l.id AND o.status <> 'afgewezen'
		AND (o.end_date IS NULL OR o.end_date >= ?)
	ORDER BY o.offered_on DESC, o.created_at DESC LIMIT 1) po ON true
ORDER BY c.name, l.id`
