package outcomes_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/outcomes"
)

// caseAt inserts a case whose benefit application is on applied, with work from
// day work (or none: -1) and closed on day closed (or open: -1), counted from applied.
func caseAt(
	t *testing.T,
	db *gorm.DB,
	municipality int32,
	n int,
	applied string,
	work,
	closed int,
) {
	t.Helper()
	on := func(days int) any {
		if days < 0 {
			return nil
		}
		d, _ := time.Parse(time.DateOnly, applied)
		return d.AddDate(0, 0, days)
	}
	var client string
	err := db.Raw(`INSERT INTO clients (municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender, country_of_birth,
			residence_permit_date, household_type, language_level_intake)
		VALUES (?, 'x', ?, 'Test', '1990-01-01', 'vrouw', 'SY', '2024-06-01', 'alleenstaand', 'A0') RETURNING id`,
		municipality, []byte(fmt.Sprintf("hash-%d", n))).Scan(&client).Error
	if err != nil {
		t.Fatal(err)
	}
	stage, closeReason := "uitkering_aangevraagd", any(nil)
	if work >= 0 {
		stage = "aan_het_werk"
	}
	if closed >= 0 {
		stage, closeReason = "afgesloten", "verhuisd"
	}
	err = db.Exec(`INSERT INTO cases (municipality_id, client_id, stage, stage_entered_on, registered_on, settled_on,
			benefit_applied_on, work_started_on, closed_on, close_reason)
		VALUES (?, ?, ?, ?, '2024-07-01', '2024-08-01', ?, ?, ?, ?)`,
		municipality, client, stage, applied, applied, on(work), on(closed), closeReason).Error
	if err != nil {
		t.Fatal(err)
	}
}

// TestKaplanMeierByHand: ten cases that applied on 2025-01-01, followed to 2026-06-01
// (day 516). Work on days 30, 30, 50, 60, 100, 150, 400; censored by moving away on
// days 45 and 200, and by the reference date on day 516. Worked by hand:
//
//	day  at risk  work  S(t)
//	 30     10      2   0.8
//	 50      7      1   0.8 × 6/7 = 0.685714
//	 60      6      1   × 5/6 = 0.571429
//	100      5      1   × 4/5 = 0.457143
//	150      4      1   × 3/4 = 0.342857
//	400      2      1   × 1/2 = 0.171429
//
// At 91 days 1 − S = 0.428571; Greenwood's sum 2/(10·8) + 1/(7·6) + 1/(6·5) = 0.082143,
// se of log(−log S) = √0.082143 / |ln 0.571429| = 0.512147, so S lies in
// [S^exp(1.96·se), S^exp(−1.96·se)] = [0.217187, 0.814575]: at work 0.185425–0.782813.
func TestKaplanMeierByHand(t *testing.T) {
	db := dbtest.Gorm(t)
	db.Exec(
		`INSERT INTO municipalities (id, code, name) OVERRIDING SYSTEM VALUE VALUES (1, 'GM0363', 'Amsterdam'), (2, 'GM0772', 'Eindhoven')`,
	)
	for i, c := range [][2]int{
		{30, -1},
		{30, -1},
		{60, -1},
		{-1, 45},
		{100, -1},
		{-1, 200},
		{150, -1},
		{400, -1},
		{-1, -1},
		{50, -1},
	} {
		caseAt(t, db, 1, i, "2025-01-01", c[0], c[1])
	}
	caseAt(t, db, 2, 100, "2025-01-01", 10, -1)  // another municipality
	caseAt(t, db, 1, 101, "2024-12-31", 10, -1)  // outside the cohort
	caseAt(t, db, 1, 102, "2025-01-15", -1, 300) // in the cohort: censored on day 300 (2025-11-11)
	curves, err := outcomes.TimeToWork(t.Context(), db, outcomes.Population{Municipalities: []int32{1},
		From: date("2025-01-01"), To: date("2025-01-02")}, date("2026-06-01"))
	if err != nil {
		t.Fatal(err)
	}
	got := curves[outcomes.GroupKey{MunicipalityID: 1}]
	// municipality 1 and the total: the same cases
	if len(curves) != 2 || len(got) != 4 || curves[outcomes.GroupKey{}][0] != got[0] {
		t.Fatalf("curves %+v", curves)
	}
	want := []struct {
		share, lower, upper float64
		atRisk, events      int
	}{
		{0.428571, 0.185425, 0.782813, 5, 4},
		{0.657143, 0.367165, 0.918269, 3, 6},
		{0.657143, 0.367165, 0.918269, 2, 6},
		{0.828571, 0.497854, 0.989057, 0, 7},
	}
	for i, w := range want {
		g := got[i]
		if g.Cases != 10 || !near(g.Share, w.share) || !near(g.Lower, w.lower) ||
			!near(g.Upper, w.upper) ||
			g.AtRisk != w.atRisk || g.Events != w.events {
			t.Errorf("%d months: got %+v, want %+v of 10 cases", g.Months, g, w)
		}
	}
}

// TestKaplanMeierKnownShare: a generated cohort where every case is followed for
// two years and exactly 37 % start work at day 120, the rest never: no censoring, so
// the estimate must equal the true share exactly, and stay 0 before day 120.
func TestKaplanMeierKnownShare(t *testing.T) {
	db := dbtest.Gorm(t)
	db.Exec(
		`INSERT INTO municipalities (id, code, name) OVERRIDING SYSTEM VALUE VALUES (1, 'GM0363', 'Amsterdam')`,
	)
	for i := 0; i < 200; i++ {
		work := -1
		if i%100 < 37 {
			work = 120
		}
		caseAt(t, db, 1, i, "2023-03-01", work, -1)
	}
	curves, err := outcomes.TimeToWork(t.Context(), db, outcomes.Population{Municipalities: []int32{1},
		From: date("2023-01-01"), To: date("2024-01-01")}, date("2026-01-01"))
	if err != nil {
		t.Fatal(err)
	}
	got := curves[outcomes.GroupKey{}]
	if got[0].Share != 0 || !near(got[1].Share, 0.37) || !near(got[3].Share, 0.37) ||
		got[3].AtRisk != 126 {
		t.Errorf("known share 0.37 from day 120: %+v", got)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 5e-6 }

func date(s string) time.Time {
	d, _ := time.Parse(time.DateOnly, s)
	return d
}
