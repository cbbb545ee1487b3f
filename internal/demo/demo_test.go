package demo_test

import (
	"gorm.io/gorm"

	"bytes"
	"context"
	"github.com/startbaan/startbaan/internal/outcomes"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/demo"
	"github.com/startbaan/startbaan/internal/pilots"
	shipped "github.com/startbaan/startbaan/pilots"
)

var now = time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)

// violations are SQL checks that must each count zero rows.
var violations = map[string]string{
	"stage dates out of order": `SELECT count(*) FROM cases k JOIN pilots p ON p.id = k.pilot_id WHERE
		k.settled_on < k.registered_on OR k.benefit_applied_on < k.settled_on OR k.work_started_on < k.job_offered_on
		OR k.left_benefit_on < k.work_started_on OR k.stage_entered_on < k.registered_on
		OR (NOT p.allows_pre_settlement_offer AND k.job_offered_on < k.settled_on)`,
	"dated after today": `SELECT count(*) FROM cases WHERE greatest(registered_on, settled_on, benefit_applied_on,
		job_offered_on, work_started_on, left_benefit_on, closed_on, stage_entered_on) > date '2026-11-24'`,
	"stage differs from the last event": `SELECT count(*) FROM cases k JOIN LATERAL (SELECT to_stage FROM case_events e
		WHERE e.case_id = k.id ORDER BY occurred_on DESC, id DESC LIMIT 1) last ON true WHERE last.to_stage <> k.stage`,
	"two active cases for one client": `SELECT count(*) FROM (SELECT client_id FROM cases WHERE stage <> 'afgesloten'
		GROUP BY client_id HAVING count(*) > 1) x`,
	"weeks in the future": `SELECT count(*) FROM weekly_hours WHERE week_start > date '2026-11-24'`,
	"herinstroom without its event": `SELECT count(*) FROM cases k WHERE reentry_count > 0 AND NOT EXISTS
		(SELECT 1 FROM case_events e WHERE e.case_id = k.id AND e.reentry)`,
}

func TestSeed(t *testing.T) {
	db := dbtest.Open(t)
	ctx := context.Background()
	if _, err := pilots.Sync(ctx, db.Gorm, shipped.FS); err != nil {
		t.Fatal(err)
	}
	sealer, _ := bsn.NewSealer(bytes.Repeat([]byte{9}, bsn.KeySize))
	first, err := demo.Seed(ctx, db.Pool, sealer, now)
	if err != nil {
		t.Fatal(err)
	}
	if first["cases"] < 14*180 || first["weekly_hours"] == 0 || first["job_offers"] == 0 ||
		first["case_pips"] == 0 {
		t.Fatalf("seeded %v", first)
	}
	for name, q := range violations {
		var n int
		if err := db.Pool.QueryRow(ctx, q).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows (%v)", name, n, err)
		}
	}
	assertFacts(t, db.Gorm)
	if n, err := demo.SeedLessons(ctx, db.Pool); err != nil || n != 14*3 {
		t.Errorf("demo lessons: %d (%v)", n, err)
	}
	if n, err := demo.SeedLessons(ctx, db.Pool); err != nil || n != 0 {
		t.Errorf("second seeding of lessons wrote %d (%v)", n, err)
	}
	again, err := demo.Seed(ctx, db.Pool, sealer, now)
	if err != nil || len(again) != 0 {
		t.Errorf("second seed wrote %v (%v)", again, err)
	}
	checkBSNs(t, db.Pool, sealer)
	checkDistributions(t, db.Pool)
}

func checkBSNs(t *testing.T, pool *pgxpool.Pool, sealer *bsn.Sealer) {
	t.Helper()
	rows, err := pool.Query(context.Background(), `SELECT bsn_ciphertext, bsn_hash FROM clients`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var ct, hash []byte
		if err := rows.Scan(&ct, &hash); err != nil {
			t.Fatal(err)
		}
		plain, err := sealer.Open(ct)
		if err != nil || !bsn.Valid(plain) || !bytes.Equal(sealer.Hash(plain), hash) {
			t.Fatalf("a stored BSN does not open to a valid number with its hash (%v)", err)
		}
	}
}

// checkDistributions: most people still on benefit a year after applying; women
// placed later than men.
func checkDistributions(t *testing.T, pool *pgxpool.Pool) {
	t.Helper()
	var onBenefit float64
	err := pool.QueryRow(context.Background(), `SELECT avg(CASE WHEN left_benefit_on IS NULL OR left_benefit_on > benefit_applied_on + 365
		THEN 1 ELSE 0 END) FROM cases WHERE benefit_applied_on < date '2025-11-24' AND stage <> 'afgesloten'`).Scan(&onBenefit)
	if err != nil || onBenefit < 0.5 {
		t.Errorf("share on benefit after a year = %.2f (%v), want > 0.5", onBenefit, err)
	}
	var women, men float64
	err = pool.QueryRow(context.Background(), `SELECT
		percentile_cont(0.5) WITHIN GROUP (ORDER BY k.work_started_on - k.job_offered_on) FILTER (WHERE c.gender = 'vrouw'),
		percentile_cont(0.5) WITHIN GROUP (ORDER BY k.work_started_on - k.job_offered_on) FILTER (WHERE c.gender = 'man')
		FROM cases k JOIN clients c ON c.id = k.client_id WHERE k.work_started_on IS NOT NULL`).Scan(&women, &men)
	if err != nil || women <= men {
		t.Errorf(
			"median days offer to work: women %.0f, men %.0f (%v); women should be later",
			women,
			men,
			err,
		)
	}
}

func TestGenerate(t *testing.T) {
	db := dbtest.Open(t)
	sealer, _ := bsn.NewSealer(bytes.Repeat([]byte{9}, bsn.KeySize))
	sum, err := demo.Generate(context.Background(), db.Pool, sealer,
		demo.GenerateOptions{Municipalities: 12,
			Cases: 3000, WeeklyRows: 60000, Seed: 7, Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if sum["cases"] != 3000 || sum["clients"] != 3000 {
		t.Errorf("cases %d, clients %d, want 3000", sum["cases"], sum["clients"])
	}
	// Journeys differ in length, so the weekly volume is approximate: within 50%.
	if w := sum["weekly_hours"]; w < 30000 || w > 90000 {
		t.Errorf("weekly rows %d, want about 60,000", w)
	}
	assertFacts(t, db.Gorm)
	var municipalities int
	db.Pool.QueryRow(
		context.Background(),
		`SELECT count(DISTINCT municipality_id) FROM cases`,
	).Scan(&municipalities)
	if municipalities != 12 {
		t.Errorf("cases in %d municipalities, want 12", municipalities)
	}
	for name, q := range violations {
		var n int
		if err := db.Pool.QueryRow(context.Background(), q).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows (%v)", name, n, err)
		}
	}
}

// assertFacts: the outcome facts on every case, kept by triggers through the bulk
// COPY of seeding, match a recomputation, and are not all empty.
func assertFacts(t *testing.T, db *gorm.DB) {
	t.Helper()
	n, err := outcomes.FactMismatches(context.Background(), db)
	if err != nil || n != 0 {
		t.Errorf("%d cases with outdated outcome facts (%v)", n, err)
	}
	var pips, placements int64
	db.Raw(
		`SELECT count(*) FILTER (WHERE first_pip_on IS NOT NULL), count(*) FILTER (WHERE has_placement) FROM cases`,
	).Row().Scan(&pips, &placements)
	if pips == 0 || placements == 0 {
		t.Errorf("facts never set: %d first PIPs, %d placements", pips, placements)
	}
}
