package pilots

// The SQL of this package where SQL is the point: the upserts of Sync keyed on the
// codes (a pilot's returning its id), adding a pilot's members by code, the orphans,
// and reads across tables.

// upsertMunicipalitySQL inserts or renames a municipality by its CBS code.
const upsertMunicipalitySQL = `INSERT INTO municipalities (code, name, labour_market_region) VALUES (?, ?, ?)
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, labour_market_region = EXCLUDED.labour_market_region`

// upsertPilotSQL inserts or rewrites a pilot by its code and returns its id.
const upsertPilotSQL = `INSERT INTO pilots (code, name, variant, start_date, end_date, allows_pre_settlement_offer,
			target_combined_hours_per_week, target_min_work_hours_per_week, target_min_integration_hours_per_week,
			target_max_days_to_offer, description, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())
		ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, variant = EXCLUDED.variant,
			start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
			allows_pre_settlement_offer = EXCLUDED.allows_pre_settlement_offer,
			target_combined_hours_per_week = EXCLUDED.target_combined_hours_per_week,
			target_min_work_hours_per_week = EXCLUDED.target_min_work_hours_per_week,
			target_min_integration_hours_per_week = EXCLUDED.target_min_integration_hours_per_week,
			target_max_days_to_offer = EXCLUDED.target_max_days_to_offer,
			description = EXCLUDED.description, updated_at = now()
		RETURNING id`

// addMembersSQL makes the municipalities of an array of codes members of a pilot.
const addMembersSQL = `INSERT INTO pilot_municipalities (municipality_id, pilot_id)
		SELECT id, ? FROM municipalities WHERE code = ANY(?::text[])`

// orphansSQL lists the pilots whose code is not in an array of codes.
const orphansSQL = `SELECT code FROM pilots WHERE code <> ALL(?::text[]) ORDER BY code`

// namesSQL reads a municipality's name and a pilot's (empty without one).
const namesSQL = `SELECT m.name AS municipality, COALESCE(p.name, '') AS pilot
		FROM municipalities m LEFT JOIN pilots p ON p.id = ? WHERE m.id = ?`

// pilotNamesSelect and pilotNamesOrder surround the actor's scope on
// pm.municipality_id: the pilots with a municipality in it.
const (
	pilotNamesSelect = `SELECT DISTINCT p.code, p.name FROM pilots p
		JOIN pilot_municipalities pm ON pm.pilot_id = p.id WHERE `
	pilotNamesOrder = ` ORDER BY p.name`
)

// membersSelect reads the members of an array of pilot ids, by code.
const membersSelect = `SELECT pm.pilot_id, m.id, m.code, m.name, m.labour_market_region
		FROM pilot_municipalities pm JOIN municipalities m ON m.id = pm.municipality_id
		WHERE pm.pilot_id = ANY(?::int[]) ORDER BY m.code`
