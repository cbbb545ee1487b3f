package placements

// The SQL of this package where SQL is the point; writes go through models.go.

// dueStartsSQL lists the accepted offers whose start date has come (its parameter:
// today) while their case still waits at baan_aangeboden, entered on or before the
// start, and that never moved a case to aan_het_werk: a start a user undid is not
// made again. Oldest first, a batch at a time.
const dueStartsSQL = `SELECT o.case_id, o.id, o.start_date FROM job_offers o JOIN cases k ON k.id = o.case_id
		AND k.municipality_id = o.municipality_id
	WHERE o.status = 'geaccepteerd' AND o.withdrawn_at IS NULL AND o.start_date <= ?
		AND k.stage = 'baan_aangeboden' AND k.stage_entered_on <= o.start_date
		AND NOT EXISTS (SELECT 1 FROM case_events e WHERE e.municipality_id = o.municipality_id
			AND e.case_id = o.case_id AND e.job_offer_id = o.id AND e.to_stage = 'aan_het_werk')
	ORDER BY o.start_date, o.id LIMIT 500`
