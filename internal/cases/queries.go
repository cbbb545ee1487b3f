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
		'recordedAt', v.recorded_at, 'plannedIntegrationHours', v.planned_integration_hours_per_week)
		ORDER BY v.version)
	 FROM case_pips v WHERE v.municipality_id = k.municipality_id AND v.case_id = k.id AND v.withdrawn_at IS NULL) AS pips,
	(SELECT json_agg(json_build_object('id', r.id, 'kind', r.kind, 'outcome', r.outcome, 'onDate', r.on_date)
		ORDER BY r.on_date, r.id)
	 FROM case_integration_results r WHERE r.municipality_id = k.municipality_id AND r.case_id = k.id
		AND r.withdrawn_at IS NULL) AS results,
	json_build_object('phone', c.phone, 'email', c.email, 'street', c.street, 'houseNumber', c.house_number,
		'postcode', c.postcode, 'city', c.city, 'preferredLanguage', c.preferred_language,
		'interpreterNeeded', c.interpreter_needed, 'courseProvider', k.course_provider,
		'courseContactPerson', k.course_contact_person, 'coursePhone', k.course_phone,
		'courseEmail', k.course_email) AS contact,
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
			u.name, c.name, c.birth_date, c.gender, k.stage, k.stage_entered_on, k.benefit_applied_on,
			k.created_at, k.case_number
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

// The name search (docs/domain.md, "Finding a client by name") over a clients table
// aliased c. searchTermSQL normalizes the typed text once, as the index expressions of
// migration 00022 normalize the names; the conditions and the rank refer to it as s.
const (
	searchTermSQL = ` CROSS JOIN (SELECT search_name(?::text) AS q, search_compact(?::text) AS qc,
		search_skeleton(?::text) AS qs) s`
	// A term of one or two letters matches the start of a word of the name.
	nameShortSQL = `(' ' || search_name(c.name)) LIKE '% ' || s.q || '%'`
	// A longer term matches a part of the name, spaces or not, a name similar to it
	// (trigram word similarity, pg_trgm's threshold 0.6), or whole words of the same
	// skeleton (vowels folded, see search_skeleton) when that has three letters or more.
	nameLongSQL = `(search_name(c.name) LIKE '%' || s.q || '%' OR s.q <% search_name(c.name)
		OR search_compact(c.name) LIKE '%' || s.qc || '%'
		OR (length(s.qs) >= 5 AND search_skeleton(c.name) LIKE '%' || s.qs || '%'))`
	// nameRankSQL orders the matches: the whole name, then the start of a word, then
	// the rest by similarity (a skeleton-only match is the least similar).
	nameRankSQL = `(CASE WHEN search_name(c.name) = s.q THEN 3
		WHEN (' ' || search_name(c.name)) LIKE '% ' || s.q || '%' THEN 2 ELSE 0 END
		+ word_similarity(s.q, search_name(c.name)))`
)

// movesSQL lists the moves of a case that still stand, oldest first: its creation and
// its transitions, without those a correction or a reopening undid (migration 00023).
const movesSQL = `SELECT e.id, e.kind, e.from_stage, e.to_stage, e.occurred_on, e.reentry, e.job_offer_id
		FROM case_events e WHERE e.municipality_id = ? AND e.case_id = ? AND e.kind IN ('aangemaakt', 'overgang')
			AND NOT EXISTS (SELECT 1 FROM case_events u WHERE u.undoes_event_id = e.id)
		ORDER BY e.id`

// otherActiveCaseSQL tells whether the client of a case has another active case in
// its municipality (the unique index allows one).
const otherActiveCaseSQL = `SELECT EXISTS (SELECT 1 FROM cases k JOIN cases o ON o.municipality_id = k.municipality_id
		AND o.client_id = k.client_id AND o.id <> k.id AND o.stage <> 'afgesloten' WHERE k.id = ?)`

// nextPIPVersionSQL numbers a new PIP version after every version recorded, withdrawn
// ones included: a version number is never reused.
const nextPIPVersionSQL = `SELECT COALESCE(max(version), 0) + 1 FROM case_pips WHERE municipality_id = ? AND case_id = ?`

// storyQuery tells a case's history as the client's story: the case's own events
// (moves, corrections, changes) and what the placement and integration tables record
// with their real dates (offers made, accepted or declined, placements ending, PIP
// versions, results), newest first, in one statement. The events that only say "a
// PIP or result was added" are left out: the rows themselves tell it, with their
// dates (and so is the route a PIP set). A change to a date is told on that date.
// Who recorded a PIP or result is the actor of that event (same transaction, same
// recorded_at); an offer's is the audit row written with it. Its parameters: the case
// id, then the scope's.
func storyQuery(scope string) string {
	return `WITH k AS (SELECT k.id, k.municipality_id FROM cases k WHERE k.id = ? AND ` + scope + `)
SELECT * FROM (
	SELECT 'gebeurtenis' AS source, e.kind, COALESCE(e.occurred_on,
			CASE WHEN e.new_value ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' THEN e.new_value::date END,
			e.recorded_at::date) AS "on",
		e.from_stage, e.to_stage, e.field, e.old_value, e.new_value, e.reentry, e.note,
		NULL::text AS employer, NULL::float8 AS hours_per_week, NULL::text AS detail, NULL::integer AS version,
		e.actor_name AS actor, e.recorded_at, e.id AS event_id
	FROM k JOIN case_events e ON e.municipality_id = k.municipality_id AND e.case_id = k.id
	WHERE e.field IS NULL OR e.kind IN ('correctie', 'intrekking', 'heropend')
		OR (e.field NOT IN ('pipVersion', 'integrationResult')
		AND NOT (e.field = 'integrationRoute' AND EXISTS (SELECT 1 FROM case_pips v
			WHERE v.municipality_id = k.municipality_id AND v.case_id = k.id AND v.recorded_at = e.recorded_at)))
	UNION ALL
	SELECT 'aanbod', o.contract_type, o.offered_on, NULL, NULL, NULL, NULL, NULL, false, '',
		em.name, o.hours_per_week::float8, NULL, NULL, COALESCE(made.name, ''), o.created_at, NULL
	FROM k JOIN job_offers o ON o.municipality_id = k.municipality_id AND o.case_id = k.id
	JOIN employers em ON em.id = o.employer_id
	LEFT JOIN LATERAL (SELECT u.name FROM audit_events a JOIN users u ON u.id = a.user_id
		WHERE a.municipality_id = k.municipality_id AND a.case_id = k.id AND a.object_type = 'job-offer'
			AND a.object_id = o.id::text AND a.action = 'aanmaken' LIMIT 1) made ON true
	UNION ALL
	SELECT 'uitkomst', o.status, CASE WHEN o.status = 'geaccepteerd' THEN COALESCE(o.start_date, decided.at::date,
			o.offered_on) ELSE COALESCE(decided.at::date, o.offered_on) END,
		NULL, NULL, NULL, NULL, NULL, false, '', em.name, o.hours_per_week::float8, o.decline_reason, NULL,
		COALESCE(decided.name, ''), COALESCE(decided.at, o.created_at), NULL
	FROM k JOIN job_offers o ON o.municipality_id = k.municipality_id AND o.case_id = k.id
	JOIN employers em ON em.id = o.employer_id
	LEFT JOIN LATERAL (SELECT a.occurred_at AS at, u.name FROM audit_events a LEFT JOIN users u ON u.id = a.user_id
		WHERE a.municipality_id = k.municipality_id AND a.case_id = k.id AND a.object_type = 'job-offer'
			AND a.object_id = o.id::text AND a.action = 'wijzigen'
		ORDER BY a.occurred_at LIMIT 1) decided ON true
	WHERE o.status <> 'open'
	UNION ALL
	SELECT 'einde', o.contract_type, o.end_date, NULL, NULL, NULL, NULL, NULL, false, '', em.name,
		o.hours_per_week::float8, NULL, NULL, '', o.created_at, NULL
	FROM k JOIN job_offers o ON o.municipality_id = k.municipality_id AND o.case_id = k.id
	JOIN employers em ON em.id = o.employer_id
	WHERE o.status = 'geaccepteerd' AND o.end_date IS NOT NULL
	UNION ALL
	SELECT 'pip', v.route, v.drawn_up_on, NULL, NULL, NULL, NULL, NULL, false, '', NULL, NULL, NULL, v.version,
		COALESCE(by.actor_name, ''), v.recorded_at, NULL
	FROM k JOIN case_pips v ON v.municipality_id = k.municipality_id AND v.case_id = k.id
	LEFT JOIN LATERAL (SELECT e.actor_name FROM case_events e WHERE e.municipality_id = k.municipality_id
		AND e.case_id = k.id AND e.field = 'pipVersion' AND e.recorded_at = v.recorded_at LIMIT 1) by ON true
	UNION ALL
	SELECT 'resultaat', r.kind, r.on_date, NULL, NULL, NULL, NULL, NULL, false, '', NULL, NULL, r.outcome, NULL,
		COALESCE(by.actor_name, ''), r.recorded_at, NULL
	FROM k JOIN case_integration_results r ON r.municipality_id = k.municipality_id AND r.case_id = k.id
	LEFT JOIN LATERAL (SELECT e.actor_name FROM case_events e WHERE e.municipality_id = k.municipality_id
		AND e.case_id = k.id AND e.field = 'integrationResult' AND e.recorded_at = r.recorded_at LIMIT 1) by ON true
) story
ORDER BY "on" DESC, recorded_at DESC, event_id DESC NULLS LAST`
}
