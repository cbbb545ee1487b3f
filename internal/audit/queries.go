package audit

// The SQL of the audit log where SQL is the point: rows about case data written by
// INSERT … SELECT from the case rows (also as data-modifying WITH items inside the
// read they record), and the reads of the log. Record appends a plain event through
// eventRow (models.go).

// caseColumns and caseValues insert one row per case of a row source aliased k
// that has id, municipality_id and client_id. The municipality and the data subject's
// keyed hash come from the case rows themselves, so no caller can record them wrongly.
const (
	caseColumns = `INSERT INTO audit_events (trace_id, user_id, role, municipality_id, action, object_type,
			object_id, case_id, processing_activity, outcome, client_address, client_request_id, data_subject_hash) `
	caseValues = `SELECT ?, ?, COALESCE(?::jsonb ->> k.municipality_id::text, ?), k.municipality_id, ?, ?,
			COALESCE(?, k.id::text), k.id, ?, 'gelukt', ?::inet, ?, cl.bsn_hash `
	// casesSource is the row source of Case: the cases of an array of ids.
	casesSource = `FROM cases k JOIN clients cl ON cl.id = k.client_id WHERE k.id = ANY(?::uuid[])`
)

// listReadInsert and listReadGroup wrap the row source of ListReadCTE: one row per
// municipality, with the cases in case_ids and their subjects' hashes.
const (
	listReadInsert = `logged AS (INSERT INTO audit_events (trace_id, user_id, role, municipality_id, action, object_type,
			object_id, processing_activity, outcome, client_address, client_request_id, case_ids, data_subject_hashes)
		SELECT ?, ?, COALESCE(?::jsonb ->> k.municipality_id::text, ?), k.municipality_id, ?, ?,
			?, ?, 'gelukt', ?::inet, ?, array_agg(k.id), array_agg(cl.bsn_hash)
		FROM `
	listReadGroup = ` JOIN clients cl ON cl.id = k.client_id GROUP BY k.municipality_id RETURNING 1)`
	// casesReadSource is the row source of CasesRead.
	casesReadSource = "(SELECT id, municipality_id, client_id FROM cases WHERE id = ANY(?::uuid[])) k"
	// countLogged runs the WITH item logged and counts the rows it wrote.
	countLogged = " SELECT count(*) FROM logged"
)

// noCasesSQL records a list that showed no case, with the keyed hash of a BSN
// searched for (if any) as its only data subject.
const noCasesSQL = `INSERT INTO audit_events (trace_id, user_id, role, municipality_id, action, object_type,
			processing_activity, outcome, client_address, client_request_id, case_ids, data_subject_hashes)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::inet, ?, '{}', NULLIF(array_remove(ARRAY[?::bytea], NULL), '{}'))`

// missingCaseInsert and missingCaseFrom surround the actor's scope: a request about
// a case answered "not found" is refused (geweigerd) in the case's municipality when
// the case exists outside the scope, and failed (mislukt) otherwise.
const (
	missingCaseInsert = `INSERT INTO audit_events (trace_id, user_id, role, municipality_id, action, object_type,
			object_id, case_id, processing_activity, outcome, client_address, client_request_id, data_subject_hash)
		SELECT ?, ?, COALESCE(?::jsonb ->> k.municipality_id::text, ?), k.municipality_id, ?, ?, ?, k.id, ?,
			CASE WHEN k.id IS NULL OR `
	missingCaseFrom = ` THEN 'mislukt' ELSE 'geweigerd' END, ?::inet, ?, cl.bsn_hash
		FROM (SELECT 1) one LEFT JOIN cases k ON k.id = ?::uuid LEFT JOIN clients cl ON cl.id = k.client_id`
)

// entriesSelect and entriesOrder read one page of the log as Entry around a WHERE
// condition on a.
const (
	entriesSelect = `SELECT a.id, a.occurred_at, a.trace_id, a.user_id, u.name AS user_name, a.role,
			m.code AS municipality_code, a.action, a.object_type, a.object_id, a.case_id,
			COALESCE(array_to_json(a.case_ids), '[]') AS case_ids, a.processing_activity,
			a.outcome, host(a.client_address) AS client_address, a.client_request_id
		FROM audit_events a LEFT JOIN users u ON u.id = a.user_id
		LEFT JOIN municipalities m ON m.id = a.municipality_id
		WHERE `
	entriesOrder = ` ORDER BY a.occurred_at DESC, a.id DESC LIMIT ? OFFSET ?`
)

// ownAccessSQL reads a person's own latest access events (OwnAccess).
const ownAccessSQL = `SELECT a.id, a.occurred_at, a.trace_id, a.user_id, u.name AS user_name, a.role,
			NULL AS municipality_code, a.action, a.object_type, a.object_id, a.case_id, '[]' AS case_ids,
			a.processing_activity, a.outcome, host(a.client_address) AS client_address
		FROM audit_events a JOIN users u ON u.id = a.user_id
		WHERE a.user_id = ? AND a.municipality_id IS NULL AND a.action IN (?, ?, ?)
		ORDER BY a.occurred_at DESC, a.id DESC LIMIT ?`
