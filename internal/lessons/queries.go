package lessons

// The SQL of this package where SQL is the point: reading lessons with their codes,
// Dutch full-text search and its ranking, the distinct tags, and the lookup of a
// new lesson's municipality and pilot. Writes go through lessonRow (models.go).

// lessonsSelect reads lessons as Lesson; a WHERE condition on l (with m and p)
// follows, and optionally ORDER BY and LIMIT.
const lessonsSelect = `SELECT l.id, m.code AS municipality_code, p.code AS pilot_code, l.theme, l.title, l.tried, l.worked,
			l.did_not_work, l.evidence, array_to_json(l.linked_figures) AS linked_figures, l.status, l.published_at,
			array_to_json(l.tags) AS tags, l.ready_for_scale_up, l.created_at, l.updated_at
		FROM lessons l JOIN municipalities m ON m.id = l.municipality_id LEFT JOIN pilots p ON p.id = l.pilot_id
		WHERE `

// countSelect counts the lessons of a WHERE condition in the terms of lessonsSelect.
const countSelect = `SELECT count(*) FROM lessons l JOIN municipalities m ON m.id = l.municipality_id
		LEFT JOIN pilots p ON p.id = l.pilot_id WHERE `

// searchable is the text a query matches: the stored vector of title and body, and
// the tags weighted as the title (tags change after publication, so they are not in
// the generated column; the tag part is computed per row, which the size of the
// table allows).
const searchable = "(l.search || setweight(to_tsvector('dutch', array_to_string(l.tags, ' ')), 'A'))"

// tagsSQL lists the ministry's labels in use on published lessons.
const tagsSQL = `SELECT DISTINCT unnest(tags) AS tag FROM lessons WHERE status = 'gepubliceerd' ORDER BY tag`

// refSQL finds a municipality by code and, in it, the pilot of a code (or, without
// one, its first pilot).
const refSQL = `SELECT m.id AS municipality_id,
			(SELECT p.id FROM pilots p JOIN pilot_municipalities pm ON pm.pilot_id = p.id
			 WHERE pm.municipality_id = m.id AND (p.code = ? OR ?::text IS NULL) ORDER BY p.start_date LIMIT 1) AS pilot_id
		FROM municipalities m WHERE m.code = ?`
