package releaseview_test

import (
	"slices"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/releaseview"
)

// BenchmarkReadFromRelease times what the ministry and a peer comparison read from a
// release (target: p95 < 50 ms, issue 11) on a synthetic release the size of the
// benchmark volume's per-population tables: every municipality of the country, NL,
// three keys, 12 quarters and 3 years, no split and gender, 40 figures per block
// (about 2.5 million cells). Run: go test -run XXX -bench ReadFromRelease ./internal/releaseview
func BenchmarkReadFromRelease(b *testing.B) {
	db := dbtest.Open(b)
	ctx := b.Context()
	var id int
	if err := db.Gorm.Raw(`INSERT INTO releases (reference_date, status, definitions_version, method, parameters)
		VALUES ('2026-11-01', 'voorlopig', 'bench', 'cell-key', '{}') RETURNING id`).Scan(&id).Error; err != nil {
		b.Fatal(err)
	}
	if err := db.Gorm.Exec(`INSERT INTO municipalities (code, name) SELECT 'GM' || lpad(i::text, 4, '0'), 'Gemeente ' || i
		FROM generate_series(1, 342) i ON CONFLICT (code) DO NOTHING`).Error; err != nil {
		b.Fatal(err)
	}
	var codes []string
	if err := db.Gorm.Raw(
		`SELECT code FROM municipalities ORDER BY code`,
	).Scan(&codes).Error; err != nil ||
		len(codes) < 4 {
		b.Fatalf("municipalities: %d, %v", len(codes), err)
	}
	start := time.Now()
	if err := db.Gorm.Exec(`INSERT INTO release_cells (release_id, population, population_code, cohort_key, cohort_width, cohort,
		split, split_value, figure, value, status)
		SELECT ?, p.population, p.code, k.key, c.width, c.cohort, s.split, s.value, 'figure' || f, 10 + f, 'gepubliceerd'
		FROM (SELECT 'gemeente' AS population, code FROM municipalities UNION ALL SELECT 'nationaal', 'NL') p
		CROSS JOIN (VALUES ('benefitApplication'), ('settlement'), ('residencePermit')) k(key)
		CROSS JOIN (SELECT 'quarter' AS width, y || '-Q' || q AS cohort FROM generate_series(2024, 2026) y, generate_series(1, 4) q
			UNION ALL SELECT 'year', y::text FROM generate_series(2024, 2026) y) c
		CROSS JOIN (VALUES ('', ''), ('gender', 'man'), ('gender', 'vrouw'), ('gender', 'x')) s(split, value)
		CROSS JOIN generate_series(1, 40) f`, id).Error; err != nil {
		b.Fatal(err)
	}
	db.Gorm.Exec(`ANALYZE release_cells`)
	n, _ := releases.CountCells(ctx, db.Gorm, id, releases.CellFilter{})
	b.Logf("%d cells inserted in %v", n, time.Since(start))
	rel, err := releases.Get(ctx, db.Gorm, id)
	if err != nil {
		b.Fatal(err)
	}
	from, to := time.Date(
		2024,
		1,
		1,
		0,
		0,
		0,
		0,
		time.UTC,
	), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, q := range []struct {
		name string
		q    releaseview.Question
	}{
		{
			"national by year",
			releaseview.Question{Key: "residencePermit", Width: "year", From: from, To: to},
		},
		{
			"national by quarter and gender",
			releaseview.Question{
				Key:   "residencePermit",
				Width: "quarter",
				Split: "gender",
				From:  from,
				To:    to,
			},
		},
		{"four peers by quarter",
			releaseview.Question{Municipalities: codes[len(codes)/2 : len(codes)/2+4],
				Key:   "benefitApplication",
				Width: "quarter", From: from, To: to}},
	} {
		b.Run(q.name, func(b *testing.B) {
			var took []time.Duration
			for b.Loop() {
				t := time.Now()
				a, err := releaseview.Read(ctx, db.Gorm, rel, q.q)
				if err != nil || len(a.Groups) == 0 {
					b.Fatalf("read: %d groups, %v", len(a.Groups), err)
				}
				took = append(took, time.Since(t))
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}
