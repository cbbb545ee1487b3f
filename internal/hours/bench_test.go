package hours_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/hours"
)

// BenchmarkCaseloadWeek times the week screen's read for a client manager with 200
// clients at work, each with half a year of weeks stored, half with a placement and
// a PIP to pre-fill from (docs/performance.md, "Week afsluiten").
func BenchmarkCaseloadWeek(b *testing.B) {
	c := benchCaseload(b, 200)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		v, err := c.svc.CaseloadWeek(ctx, c.actor, hours.CaseloadFilter{}, week("2026-W24"))
		if err != nil || len(v.Rows) != 201 {
			b.Fatalf("%d rows, %v", len(v.Rows), err)
		}
	}
}

// BenchmarkCloseWeek times one save of every row of that caseload, each with other
// hours than the last, so that all 201 rows are written.
func BenchmarkCloseWeek(b *testing.B) {
	c := benchCaseload(b, 200)
	ctx := context.Background()
	w := week("2026-W24")
	v, err := c.svc.CaseloadWeek(ctx, c.actor, hours.CaseloadFilter{}, w)
	if err != nil {
		b.Fatal(err)
	}
	seen := map[string]*time.Time{}
	for _, r := range v.Rows {
		seen[r.CaseID.String()] = r.UpdatedAt
	}
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		in := make([]hours.CaseWeekInput, len(v.Rows))
		for j, r := range v.Rows {
			in[j] = hours.CaseWeekInput{CaseID: r.CaseID, Seen: seen[r.CaseID.String()],
				Entry: hours.Entry{PlannedWork: 24, ActualWork: hours.H(float64(20 + i%2)),
					PlannedIntegration: 8, ActualIntegration: hours.H(8)}}
		}
		res, err := c.svc.CloseWeek(ctx, c.actor, w, in)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range res {
			if r.Status != hours.RowSaved {
				b.Fatalf("row %s: %s %v", r.CaseID, r.Status, r.Problems)
			}
			seen[r.CaseID.String()] = &r.Current.UpdatedAt
		}
	}
}

// benchCaseload adds n clients at work since 2026-01-05 to the fixture's manager, with
// 24 weeks stored each (2026-W01 to W23), and a placement and a PIP for every other.
func benchCaseload(b *testing.B, n int) caseload {
	c := newCaseload(b)
	c.exec(b, `INSERT INTO employers (id, municipality_id, name, kvk_number, sector)
		VALUES ('00000000-0000-0000-0000-0000000000e1', 1, 'Zorg', '12345678', 'zorg')`)
	c.exec(b, `INSERT INTO clients (id, municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender,
		country_of_birth, residence_permit_date, household_type, language_level_intake)
		SELECT gen_random_uuid(), 1, '\x00', int4send(i), 'Cliënt ' || i, '1990-01-01', 'man', 'SY',
			'2025-12-01', 'alleenstaand', 'A0' FROM generate_series(1, ?) i`, n)
	c.exec(b, `INSERT INTO cases (municipality_id, client_id, pilot_id, client_manager_id, stage,
		stage_entered_on, registered_on, work_started_on)
		SELECT 1, id, 1, ?, 'aan_het_werk', '2026-01-05', '2026-01-05', '2026-01-05' FROM clients
		WHERE name LIKE 'Cliënt %'`, c.manager)
	c.exec(b, `INSERT INTO weekly_hours (municipality_id, case_id, week_start, planned_work_hours,
		actual_work_hours, planned_integration_hours, actual_integration_hours)
		SELECT 1, k.id, date '2026-01-05' + 7 * w - 7, 24, 24, 8, 8 FROM cases k, generate_series(1, 23) w
		WHERE k.client_manager_id = ? AND k.work_started_on IS NOT NULL`, c.manager)
	c.exec(b, `INSERT INTO job_offers (municipality_id, case_id, employer_id, offered_on, status, start_date,
		contract_type, hours_per_week, hourly_wage_cents, sector)
		SELECT 1, k.id, '00000000-0000-0000-0000-0000000000e1', '2026-01-05', 'geaccepteerd', '2026-01-05',
			'onbepaalde_tijd', 24, 1500, 'zorg' FROM cases k WHERE k.client_manager_id = ? AND random() < 0.5`,
		c.manager)
	c.exec(b, `INSERT INTO case_pips (municipality_id, case_id, version, drawn_up_on, route,
		planned_integration_hours_per_week)
		SELECT 1, k.id, 1, '2026-01-05', 'b1', 9 FROM cases k WHERE k.client_manager_id = ? AND random() < 0.5`,
		c.manager)
	c.exec(b, `ANALYZE`)
	var rows int
	c.db.Raw(`SELECT count(*) FROM weekly_hours`).Scan(&rows)
	b.Logf("%s", fmt.Sprintf("%d cases at work, %d weekly rows", n+1, rows))
	return c
}
