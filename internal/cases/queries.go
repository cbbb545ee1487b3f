package cases

// The SQL of this package where SQL is the point: the read of a whole case in one
// round trip (also on pgx, see docs/performance.md), the list with its window
// numbering and count, and lookups across tables. Writes go through the models of
// models.go.

// caseQuery reads one case with its client, pilot, manager, PIPs and results in a
// single round trip. The scope fragment is appended by the caller.
const caseQuery = `SELECT k.id, k.municipality_id, m.code AS municipality_code, k.pilot_id, p.code AS pilot_code,
	k.client_manager_id, u.name AS client_manager_name, k.stage, k.stage_entered_on, k.version,
	k.reentry_count, k.close_reason, k.registered_on, k.settled_on, k.benefit_applied_on, k.job_offered_on,
	k.work_started_on, k.left_benefit_on, k.closed_on, k.brp_registered_on, k.benefit_granted_on,
	k.benefit_kind, k.benefit_ended_on, k.benefit_end_reason, k.ontzorgen_started_on,
	k.brede_intake_started_on, k.brede_intake_completed_on, k.integration_route, k.created_at, k.updated_at,
	c.id AS client_id, c.name AS client_name, c.birth_date, c.gender, c.country_of_birth,
	c.residence_permit_date, c.household_type, c.language_level_intake,
	COALESCE(p.allows_pre_settlement_offer, false) AS allows_pre_settlement_offer, p.target_max_days_to_offer AS max_days_to_offer,
	(SELECT json_agg(json_build_object('version', v.version, 'drawnUpOn', v.drawn_up_on, 'route', v.route,
		'recordedAt', v.recorded_at) ORDER BY v.version)
	 FROM case_pips v WHERE v.municipality_id = k.municipality_id AND v.case_id = k.id) AS pips,
	(SELECT json_agg(json_build_object('kind', r.kind, 'outcome', r.outcome, 'onDate', r.on_date) ORDER BY r.on_date, r.id)
	 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id AND r.case_id = k.id) AS results,
	k.case_number
FROM cases k
JOIN clients c ON c.id = k.client_id
JOIN municipalities m ON m.id = k.municipality_id
LEFT JOIN pilots p ON p.id = k.pilot_id
LEFT JOIN users u ON u.id = k.client_manager_id
WHERE k.id = ? AND `

// loggedCaseQuery reads one case (caseQuery within the scope) as the WITH item found,
// which the WITH item logged (audit.ReadCTE) records in the same statement.
func loggedCaseQuery(scope, logged string) string {
	return "WITH found AS (" + caseQuery + scope + "), " + logged + " SELECT * FROM found"
}

// List filters by code through scalar subqueries, so that the planner uses the
// (municipality_id, ...) indexes of cases directly.
const (
	byMunicipalityCode = "k.municipality_id = (SELECT id FROM municipalities WHERE code = ?)"
	byPilotCode        = "k.pilot_id = (SELECT id FROM pilots WHERE code = ?)"
)

// listQuery reads one page of a list: the page's ids chosen from cases alone by the
// order (through indexes that start with municipality_id), the audit row of the read
// (logged), then only those rows joined, with the total in a scalar subquery. Its
// parameters: those of where, LIMIT and OFFSET, those of logged, those of where again.
func listQuery(orderBy, from, where, logged string) string {
	return `WITH page AS (
			SELECT k.id, row_number() OVER (ORDER BY ` + orderBy + `) AS ord FROM ` + from + ` WHERE ` + where + `
			ORDER BY ` + orderBy + ` LIMIT ? OFFSET ?), ` + logged + `
		SELECT (SELECT count(*) FROM ` + from + ` WHERE ` + where + `), k.id, m.code, p.code, k.client_manager_id,
			u.name, c.name, c.gender, k.stage, k.stage_entered_on, k.benefit_applied_on, k.created_at,
			k.case_number
		FROM page JOIN cases k ON k.id = page.id
		JOIN clients c ON c.id = k.client_id
		JOIN municipalities m ON m.id = k.municipality_id
		LEFT JOIN pilots p ON p.id = k.pilot_id
		LEFT JOIN users u ON u.id = k.client_manager_id
		ORDER BY page.ord`
}

// countQuery counts a list's cases, for a page past the end.
func countQuery(from, where string) string {
	return "SELECT count(*) FROM " + from + " WHERE " + where
}

// clientByHashSQL locks the client of a BSN's keyed hash in a municipality and tells
// whether it has an active case there.
const clientByHashSQL = `SELECT c.id, EXISTS (SELECT 1 FROM cases k WHERE k.municipality_id = c.municipality_id
			AND k.client_id = c.id AND k.stage <> 'afgesloten') AS active
		FROM clients c WHERE c.municipality_id = ? AND c.bsn_hash = ? FOR UPDATE`

// worksHereSQL tells whether an enabled account is klantmanager or teamleider in a
// municipality.
const worksHereSQL = `SELECT EXISTS (SELECT 1 FROM role_assignments r JOIN municipalities m ON m.code = r.domain
		JOIN users u ON u.id = r.user_id
		WHERE r.user_id = ? AND m.id = ? AND r.role IN ('klantmanager', 'teamleider') AND u.disabled_at IS NULL)`

// managersSQL lists the enabled klantmanagers and teamleiders of a case's municipality.
const managersSQL = `SELECT u.id, u.name FROM cases k
		JOIN municipalities m ON m.id = k.municipality_id
		JOIN users u ON u.disabled_at IS NULL AND EXISTS (SELECT 1 FROM role_assignments r
			WHERE r.user_id = u.id AND r.domain = m.code AND r.role IN ('klantmanager', 'teamleider'))
		WHERE k.id = ?
		ORDER BY u.name, u.id`
