package worklist

// The SQL of the werklijst: a read model over the case, hours and placement tables,
// gathered for a whole caseload in one statement (with the audit row of the read).
// There is nothing to write, so there are no GORM models here.

// loadQuery is the WITH item load: the cases of the caseload, with their rank in a
// name search (0 without one). from joins what the search needs after cases k; where
// holds the actor's scope, the stage and the ownership condition.
func loadQuery(rank, from, where string) string {
	return `WITH load AS (
			SELECT k.id, k.municipality_id, k.client_id, k.pilot_id, k.client_manager_id, k.stage,
				k.stage_entered_on, k.settled_on, k.registered_on, k.case_number, ` + rank + ` AS search_rank
			FROM cases k` + from + ` WHERE ` + where + `)`
}

const (
	// activeStages leaves out the cases that need no more work: closed, and those that
	// left the benefit for work (docs/domain.md, "Werklijst").
	activeStages = "k.stage NOT IN ('afgesloten', 'uitgestroomd')"
	byStage      = "k.stage = ?"
	// ownCases picks the cases assigned to the actor.
	ownCases = "k.client_manager_id = ?"
	// searchClients joins the client for the name search (cases.SearchByName).
	searchClients = " JOIN clients c ON c.id = k.client_id AND c.municipality_id = k.municipality_id"
	// oneCase picks a single case (Service.Case) in place of a caseload.
	oneCase = "k.id = ?"
)

// factsQuery gathers, per case of load, what the signals need. Every subquery
// walks an index that starts with (municipality_id, case_id): the cost grows with
// the caseload, never with the municipality. Its parameters: the Monday of last
// week, the Monday of this week, today, 30 days ago, today and 6 weeks from today.
const factsQuery = `
SELECT l.id, l.municipality_id, c.name AS client_name, c.birth_date, l.registered_on, l.stage, l.stage_entered_on, l.client_manager_id,
	u.name AS client_manager_name, l.settled_on, l.case_number,
	p.target_max_days_to_offer AS max_days_to_offer, p.target_combined_hours_per_week AS combined,
	p.target_min_work_hours_per_week AS min_work, p.target_min_integration_hours_per_week AS min_integration,
	EXISTS (SELECT 1 FROM job_offers o WHERE o.municipality_id = l.municipality_id AND o.case_id = l.id
		AND o.offered_on >= l.stage_entered_on AND o.withdrawn_at IS NULL) AS offered_since_stage,
	EXISTS (SELECT 1 FROM weekly_hours w WHERE w.municipality_id = l.municipality_id AND w.case_id = l.id
		AND w.week_start = ? AND week_reported(w.actual_work_hours, w.actual_integration_hours, w.absence_hours))
		AS last_week_logged,
	rw.week_start AS recent_week, rw.planned_work_hours, rw.actual_work_hours, rw.planned_integration_hours,
	rw.actual_integration_hours, rw.absence_hours, rw.absence_reason,
	po.status AS offer_status, po.contract_type AS offer_contract_type, po.hours_per_week AS offer_hours_per_week,
	po.offered_on AS offer_offered_on, po.start_date AS offer_start_date, po.end_date AS offer_end_date,
	(SELECT v.drawn_up_on FROM case_pips v WHERE v.municipality_id = l.municipality_id AND v.case_id = l.id
		AND v.withdrawn_at IS NULL ORDER BY v.version LIMIT 1) AS first_pip_on,
	EXISTS (SELECT 1 FROM case_integration_results r WHERE r.municipality_id = l.municipality_id AND r.case_id = l.id
		AND r.kind IN ('ontheffing', 'vrijstelling') AND r.outcome = 'verleend' AND r.withdrawn_at IS NULL) AS exempt,
	-- issue 12 signals: an offer long open, a contract ending, no active client manager
	oo.offered_on AS open_offer_on, eo.name AS open_offer_employer,
	ce.end_date AS contract_end, ec.name AS contract_employer,
	NOT EXISTS (SELECT 1 FROM users a JOIN role_assignments ra ON ra.user_id = a.id
		JOIN municipalities m ON m.code = ra.domain
		WHERE a.id = l.client_manager_id AND a.disabled_at IS NULL AND m.id = l.municipality_id
			AND ra.role IN ('klantmanager', 'teamleider')) AS manager_inactive
FROM load l
JOIN clients c ON c.id = l.client_id
LEFT JOIN pilots p ON p.id = l.pilot_id
LEFT JOIN users u ON u.id = l.client_manager_id
LEFT JOIN LATERAL (SELECT w.week_start, w.planned_work_hours, w.actual_work_hours, w.planned_integration_hours,
		w.actual_integration_hours, w.absence_hours, w.absence_reason
	FROM weekly_hours w WHERE w.municipality_id = l.municipality_id AND w.case_id = l.id AND w.week_start < ?
		AND week_reported(w.actual_work_hours, w.actual_integration_hours, w.absence_hours)
	ORDER BY w.week_start DESC LIMIT 1) rw ON true
LEFT JOIN LATERAL (SELECT o.status, o.contract_type, o.hours_per_week, o.offered_on, o.start_date, o.end_date
	FROM job_offers o WHERE o.municipality_id = l.municipality_id AND o.case_id = l.id AND o.status <> 'afgewezen'
		AND o.withdrawn_at IS NULL
		AND (o.end_date IS NULL OR o.end_date >= ?)
	ORDER BY o.offered_on DESC, o.created_at DESC LIMIT 1) po ON true
-- the employers are joined after the LIMIT: one lookup for a case that has such an offer
LEFT JOIN LATERAL (SELECT o.offered_on, o.employer_id FROM job_offers o
	WHERE o.municipality_id = l.municipality_id AND o.case_id = l.id AND o.status = 'open'
		AND o.withdrawn_at IS NULL AND o.offered_on < ?
	ORDER BY o.offered_on LIMIT 1) oo ON true
LEFT JOIN employers eo ON eo.id = oo.employer_id
LEFT JOIN LATERAL (SELECT o.end_date, o.employer_id FROM job_offers o
	WHERE o.municipality_id = l.municipality_id AND o.case_id = l.id AND o.status = 'geaccepteerd'
		AND o.withdrawn_at IS NULL AND o.end_date BETWEEN ? AND ?
	ORDER BY o.end_date LIMIT 1) ce ON true
LEFT JOIN employers ec ON ec.id = ce.employer_id
ORDER BY l.search_rank DESC, c.name, l.id`

// --- Journal follow-ups (internal/journal, migration 00021) ---

// followUpMine widens the caseload to the cases where the actor is the person to
// follow up a note whose date has come, though another client manager has the case.
// The notes are read once (an init plan, through the partial index of open
// follow-ups), so that the OR with the manager's own cases stays two index scans
// instead of a probe per case of the municipality. Its parameters: the actor's id,
// today.
const followUpMine = `k.id = ANY (ARRAY(SELECT n.case_id FROM case_notes n WHERE n.follow_up_user_id = ?
	AND n.follow_up_on <= ? AND n.follow_up_done_at IS NULL AND n.withdrawn_at IS NULL))`

// followUpsDue reads the open follow-ups that are due on the cases of a caseload,
// through the partial index of open follow-ups. Only the kind and the dates of a
// note, never its text. Parameters: municipality ids, case ids (arrays), today.
const followUpsDue = `SELECT n.id, n.case_id, n.kind, n.contact_on, n.follow_up_on, n.follow_up_user_id,
		u.name AS follow_up_user_name
	FROM case_notes n LEFT JOIN users u ON u.id = n.follow_up_user_id
	WHERE n.municipality_id = ANY(?::integer[]) AND n.follow_up_on <= ?
		AND n.follow_up_done_at IS NULL AND n.withdrawn_at IS NULL AND n.case_id = ANY(?::uuid[])
	ORDER BY n.follow_up_on, n.id`

// --- Caseload export (export.go) ---

// exportFacts reads what an export adds to the caseload: the pilot, the client's
// phone and e-mail, and the last week with hours logged. Its parameter is an array
// of case ids; the caller appends the actor's scope on k.municipality_id.
const exportFacts = `SELECT k.id, p.code AS pilot_code, p.name AS pilot_name, c.phone, c.email,
		(SELECT max(w.week_start) FROM weekly_hours w WHERE w.municipality_id = k.municipality_id
			AND w.case_id = k.id
			AND week_reported(w.actual_work_hours, w.actual_integration_hours, w.absence_hours))
			AS last_week
	FROM cases k JOIN clients c ON c.id = k.client_id LEFT JOIN pilots p ON p.id = k.pilot_id
	WHERE k.id = ANY(?::uuid[]) AND `
