package outcomes_test

import (
	"testing"

	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/outcomes"
)

// TestFactsFollowEveryWrite inserts, changes and deletes the rows the facts come from
// and checks after each statement that the facts on the case match a recomputation.
func TestFactsFollowEveryWrite(t *testing.T) {
	db := dbtest.Gorm(t)
	db.Exec(
		`INSERT INTO municipalities (id, code, name) OVERRIDING SYSTEM VALUE VALUES (1, 'GM0363', 'Amsterdam')`,
	)
	caseWith(t, db, 1, 1, "2025-01-01", "2025-01-05", "2025-01-10", "2025-01-20")
	var id string
	db.Raw(`SELECT id FROM cases LIMIT 1`).Scan(&id)
	db.Exec(`INSERT INTO pilots (code, name, variant, start_date, target_combined_hours_per_week, target_min_work_hours_per_week,
		target_min_integration_hours_per_week, target_max_days_to_offer) VALUES ('p', 'P', 'gemeente', '2024-01-29', 30, 20, 8, 14)`)
	var employer string
	db.Raw(
		`INSERT INTO employers (municipality_id, name, kvk_number, sector) VALUES (1, 'Zorg', '12345678', 'zorg') RETURNING id`,
	).Scan(&employer)
	steps := []struct{ name, sql, fact string }{
		{
			"second PIP",
			`INSERT INTO case_pips (municipality_id, case_id, version, drawn_up_on, route) VALUES (1, '` +
				id + `', 2, '2025-03-01', 'b1')`,
			"first_pip_on = '2025-03-01'",
		},
		{
			"first PIP",
			`INSERT INTO case_pips (municipality_id, case_id, version, drawn_up_on, route) VALUES (1, '` +
				id + `', 1, '2025-02-01', 'b1')`,
			"first_pip_on = '2025-02-01'",
		},
		{"PIP removed", `DELETE FROM case_pips WHERE version = 1`, "first_pip_on = '2025-03-01'"},
		{
			"MAP done",
			`INSERT INTO case_integration_results (municipality_id, case_id, kind, outcome, on_date) VALUES (1, '` +
				id + `', 'map', 'afgerond', '2025-04-01')`,
			"map_done AND NOT pvt_done",
		},
		{"offer accepted, short", `INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, start_date, end_date, contract_type, hours_per_week, hourly_wage_cents, sector, sowis_requested)
			VALUES (1, '` + id + `', '` + employer + `', '2025-01-10', 'geaccepteerd', '2025-01-20', '2025-07-19', 'bepaalde_tijd', 24, 1500, 'zorg', true)`, "has_placement AND NOT placement_meets_bar AND sowis_requested"},
		{"contract extended", `UPDATE job_offers SET end_date = '2026-01-19'`, "placement_meets_bar"},
		{
			"case in the pilot",
			`UPDATE cases SET pilot_id = (SELECT id FROM pilots WHERE code = 'p')`,
			"reported_weeks = 0",
		},
		{"weeks reported", `INSERT INTO weekly_hours (municipality_id, case_id, week_start, actual_work_hours, actual_integration_hours, absence_hours)
			VALUES (1, '` + id + `', '2025-01-20', 24, 8, 0), (1, '` + id + `', '2025-01-27', 16, 8, 0), (1, '` + id + `', '2025-02-03', NULL, NULL, 0)`,
			"reported_weeks = 2 AND work_hours = 40 AND integration_hours = 16 AND weeks_on_target = 1"},
		{
			"pilot target lowered",
			`UPDATE pilots SET target_combined_hours_per_week = 24`,
			"weeks_on_target = 2",
		},
		{
			"week corrected",
			`UPDATE weekly_hours SET actual_work_hours = 10 WHERE week_start = '2025-01-27'`,
			"work_hours = 34 AND weeks_on_target = 1",
		},
		{
			"week removed",
			`DELETE FROM weekly_hours WHERE week_start = '2025-01-20'`,
			"reported_weeks = 1 AND weeks_on_target = 0",
		},
		{
			"zeros entered: a week below target, not a blank one",
			`UPDATE weekly_hours SET actual_work_hours = 0, actual_integration_hours = 0 WHERE week_start = '2025-02-03'`,
			"reported_weeks = 2 AND weeks_on_target = 0",
		},
		{
			"ill the whole week: on target (migrations/00020)",
			`UPDATE weekly_hours SET absence_hours = 24, absence_reason = 'ziek' WHERE week_start = '2025-02-03'`,
			"reported_weeks = 2 AND weeks_on_target = 1",
		},
		{
			"absent without leave: below target",
			`UPDATE weekly_hours SET absence_reason = 'ongeoorloofd' WHERE week_start = '2025-02-03'`,
			"reported_weeks = 2 AND weeks_on_target = 0",
		},
		{"return to benefit", `INSERT INTO case_events (municipality_id, case_id, kind, from_stage, to_stage, occurred_on, reentry, note, actor_name)
			VALUES (1, '` + id + `', 'overgang', 'uitgestroomd', 'uitkering_aangevraagd', '2025-09-01', true, '', 'test')`, "back_on_benefit_on = '2025-09-01'"},
	}
	for _, s := range steps {
		if err := db.Exec(s.sql).Error; err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if n, err := outcomes.FactMismatches(t.Context(), db); err != nil || n != 0 {
			t.Fatalf("after %s: %d cases out of date (%v)", s.name, n, err)
		}
		var ok bool
		db.Raw(`SELECT `+s.fact+` FROM cases WHERE id = ?`, id).Scan(&ok)
		if !ok {
			t.Errorf("after %s: not %s", s.name, s.fact)
		}
	}
}
