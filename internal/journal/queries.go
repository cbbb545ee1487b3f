package journal

// The SQL of the journal where SQL is the point: the notes of one case with the
// names of the people they mention (joins), the search within one case, and the
// people a follow-up can be given to. Appends and the two permitted updates go
// through noteRow (models.go).

// noteSelect reads notes as Note, with the names of the follow-up person, of who
// completed the follow-up and of who withdrew the note. The caller adds conditions
// on n after "WHERE ".
const noteSelect = `SELECT n.id, n.case_id, n.contact_on, n.kind, n.body, n.follow_up_on, n.follow_up_user_id,
		fu.name AS follow_up_user_name, n.follow_up_done_at, fd.name AS follow_up_done_by_name,
		n.author_id, n.author_name, n.recorded_at, n.withdrawn_at, wb.name AS withdrawn_by_name,
		n.withdrawn_reason
	FROM case_notes n
	LEFT JOIN users fu ON fu.id = n.follow_up_user_id
	LEFT JOIN users fd ON fd.id = n.follow_up_done_by
	LEFT JOIN users wb ON wb.id = n.withdrawn_by
	WHERE n.municipality_id = ? AND n.case_id = ?`

// noteOrder lists the newest contact first; notes of one day by the order written.
const noteOrder = ` ORDER BY n.contact_on DESC, n.id DESC`

// noteOne narrows noteSelect to one note.
const noteOne = ` AND n.id = ?`

// noteNotWithdrawn hides withdrawn notes.
const noteNotWithdrawn = ` AND n.withdrawn_at IS NULL`

// noteSearch finds a text in a note without regard to case or diacritics: both
// sides are folded by the same translate() table (fold in search.go spells it in Go).
// The one parameter is the folded, LIKE-escaped search text.
const noteSearch = ` AND translate(lower(n.body), '` + foldFrom + `', '` + foldTo +
	`') LIKE '%' || ? || '%'`

// peopleSQL lists who may follow up a note of the case: the enabled client managers
// and team leads of its municipality (the people a case can be assigned to).
const peopleSQL = `SELECT u.id, u.name FROM users u
	JOIN municipalities m ON m.id = ?
	WHERE u.disabled_at IS NULL AND EXISTS (SELECT 1 FROM role_assignments r
		WHERE r.user_id = u.id AND r.domain = m.code AND r.role IN ('klantmanager', 'teamleider'))
	ORDER BY u.name, u.id`

// personSQL checks one person against peopleSQL's condition.
const personSQL = `SELECT count(*) FROM users u
	JOIN municipalities m ON m.id = ?
	WHERE u.id = ? AND u.disabled_at IS NULL AND EXISTS (SELECT 1 FROM role_assignments r
		WHERE r.user_id = u.id AND r.domain = m.code AND r.role IN ('klantmanager', 'teamleider'))`
