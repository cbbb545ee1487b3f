package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/startbaan/startbaan/internal/bsn"
)

// GenerateOptions size the benchmark volume.
type GenerateOptions struct {
	Municipalities int // default 342, the number of Dutch municipalities
	Cases          int // default 200,000
	WeeklyRows     int // default 10,000,000
	Seed           uint64
	Now            time.Time
	Progress       func(string)
}

func (o *GenerateOptions) defaults() {
	if o.Municipalities == 0 {
		o.Municipalities = 342
	}
	if o.Cases == 0 {
		o.Cases = 200_000
	}
	if o.WeeklyRows == 0 {
		o.WeeklyRows = 10_000_000
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	if o.Progress == nil {
		o.Progress = func(string) {}
	}
}

// Generate fills a migrated database with the benchmark volume: synthetic
// municipalities (GM9001 and up; a few large ones), one pilot per ten municipalities,
// and cases whose weekly hours add up to about WeeklyRows. Each municipality is
// written with binary COPY in its own transaction, two at a time.
func Generate(
	ctx context.Context,
	pool *pgxpool.Pool,
	sealer *bsn.Sealer,
	o GenerateOptions,
) (Summary, error) {
	o.defaults()
	munis, err := benchMunicipalities(ctx, pool, o.Municipalities)
	if err != nil {
		return nil, err
	}
	sizes := caseSizes(o.Cases, len(munis))
	// generous cap; journeys run shorter on average
	maxWeeks := (o.WeeklyRows + o.Cases - 1) / o.Cases * 2
	counts, mu := Summary{}, sync.Mutex{}
	jobs := make(chan int)
	errc := make(chan error, len(munis))
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				local := Summary{}
				err := generateMunicipality(ctx, pool, sealer, o, i, munis[i], sizes[i], maxWeeks, local)
				mu.Lock()
				for k, v := range local {
					counts[k] += v
				}
				done := counts["cases"]
				mu.Unlock()
				if err != nil {
					errc <- fmt.Errorf("generate %s: %w", munis[i].code, err)
					return
				}
				o.Progress(fmt.Sprintf("%s: %d cases (%d of %d)", munis[i].code, sizes[i], done, o.Cases))
			}
		}()
	}
	for i := range munis {
		select {
		case jobs <- i:
		case err := <-errc:
			close(jobs)
			wg.Wait()
			return nil, err
		}
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errc:
		return nil, err
	default:
	}
	o.Progress("analyzing tables")
	_, err = pool.Exec(ctx, "ANALYZE")
	return counts, err
}

// caseSizes skews the cases: five large municipalities hold about a sixth of them.
func caseSizes(total, n int) []int {
	sizes := make([]int, n)
	big := min(5, n)
	bigShare := total / 6 / max(big, 1)
	rest := (total - bigShare*big) / max(n-big, 1)
	sum := 0
	for i := range sizes {
		sizes[i] = rest
		if i < big {
			sizes[i] = bigShare
		}
		sum += sizes[i]
	}
	sizes[n-1] += total - sum
	return sizes
}

func generateMunicipality(ctx context.Context, pool *pgxpool.Pool, sealer *bsn.Sealer,
	o GenerateOptions, index int,
	m demoMunicipality, size, maxWeeks int, counts Summary) error {
	r := rand.New(rand.NewPCG(o.Seed, uint64(index)))
	pilot := m.pilotID
	w := &world{
		municipalityID: m.id,
		pilotID:        &pilot,
		preSettlement:  m.preSettlement,
		today:          day(o.Now),
	}
	b := newBatch(sealer, maxWeeks)
	lower := fmt.Sprintf("bench%03d", index)
	w.managers = managers(r, b, lower, max(1, size/60))
	w.employers = employers(r, b, m, 10+size/200)
	src := newBSNSource(index)
	for i := 0; i < size; i++ {
		simulateCase(r, w, b, src, days(w.today, -7-r.IntN(1300)))
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return b.flush(ctx, tx, counts) })
}

// benchMunicipalities creates the synthetic municipalities and pilots when missing.
func benchMunicipalities(
	ctx context.Context,
	pool *pgxpool.Pool,
	n int,
) ([]demoMunicipality, error) {
	_, err := pool.Exec(ctx, `
		INSERT INTO municipalities (code, name, labour_market_region)
		SELECT 'GM' || (9000 + g), 'Benchmarkgemeente ' || lpad(g::text, 3, '0'), 'Regio ' || (g / 10)
		FROM generate_series(1, $1::int) g ON CONFLICT (code) DO NOTHING`, n)
	if err != nil {
		return nil, fmt.Errorf("bench municipalities: %w", err)
	}
	_, err = pool.Exec(ctx, `
		INSERT INTO pilots (code, name, variant, start_date, allows_pre_settlement_offer, target_combined_hours_per_week,
			target_min_work_hours_per_week, target_min_integration_hours_per_week, target_max_days_to_offer)
		SELECT 'bench-' || g, 'Benchmarkpilot ' || g, 'gemengd', date '2023-01-01', g % 3 = 0, 30, 20, 8, 14
		FROM generate_series(0, ($1::int - 1) / 10) g ON CONFLICT (code) DO NOTHING`, n)
	if err != nil {
		return nil, fmt.Errorf("bench pilots: %w", err)
	}
	_, err = pool.Exec(ctx, `
		INSERT INTO pilot_municipalities (municipality_id, pilot_id)
		SELECT m.id, p.id FROM municipalities m JOIN pilots p ON p.code = 'bench-' || ((substr(m.code, 3)::int - 9001) / 10)
		WHERE m.code >= 'GM9001' ON CONFLICT DO NOTHING`)
	if err != nil {
		return nil, fmt.Errorf("bench pilots: %w", err)
	}
	all, err := pilotMunicipalities(ctx, pool)
	if err != nil {
		return nil, err
	}
	var out []demoMunicipality
	for _, m := range all {
		if m.code >= "GM9001" && len(out) < n {
			out = append(out, m)
		}
	}
	return out, nil
}
