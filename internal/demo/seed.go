package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/startbaan/startbaan/internal/bsn"
)

// demoMunicipality is a pilot municipality as the seeder needs it.
type demoMunicipality struct {
	id            int32
	code, name    string
	pilotID       int32
	preSettlement bool
}

// Seed creates the demo data set for every municipality that takes part in a pilot:
// client managers, employers and a few hundred cases over the last 24 months with
// their events, job offers, integration records and weekly hours. A municipality that
// already has demo data is skipped, so seeding twice changes nothing. Each
// municipality is written in one transaction.
func Seed(
	ctx context.Context,
	pool *pgxpool.Pool,
	sealer *bsn.Sealer,
	now time.Time,
) (Summary, error) {
	munis, err := pilotMunicipalities(ctx, pool)
	if err != nil {
		return nil, err
	}
	counts := Summary{}
	for i, m := range munis {
		if err := seedMunicipality(ctx, pool, sealer, now, i, m, counts); err != nil {
			return nil, fmt.Errorf("seed %s: %w", m.code, err)
		}
	}
	return counts, nil
}

func pilotMunicipalities(ctx context.Context, pool *pgxpool.Pool) ([]demoMunicipality, error) {
	rows, err := pool.Query(ctx, `SELECT DISTINCT ON (m.id) m.id, m.code, m.name, p.id, p.allows_pre_settlement_offer
		FROM municipalities m JOIN pilot_municipalities pm ON pm.municipality_id = m.id JOIN pilots p ON p.id = pm.pilot_id
		ORDER BY m.id, p.start_date`)
	if err != nil {
		return nil, fmt.Errorf("pilot municipalities: %w", err)
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (demoMunicipality, error) {
		var m demoMunicipality
		return m, r.Scan(&m.id, &m.code, &m.name, &m.pilotID, &m.preSettlement)
	})
}

// caseCount gives the big cities more cases than the small towns.
func caseCount(code string) int {
	switch code {
	case "GM0363", "GM0599":
		return 350
	case "GM0772", "GM0794":
		return 260
	}
	return 180
}

func seedMunicipality(
	ctx context.Context,
	pool *pgxpool.Pool,
	sealer *bsn.Sealer,
	now time.Time,
	index int,
	m demoMunicipality,
	counts Summary,
) error {
	lower := strings.ToLower(m.code)
	var exists bool
	if err := pool.QueryRow(
		ctx,
		`SELECT EXISTS (SELECT 1 FROM users WHERE email = $1)`,
		"km1."+lower+"@demo.startbaan.nl",
	).Scan(&exists); err != nil {
		return err
	}
	if exists {
		return nil
	}
	r := rand.New(rand.NewPCG(uint64(index)+1, 2024))
	pilot := m.pilotID
	w := &world{municipalityID: m.id, pilotID: &pilot, preSettlement: m.preSettlement, today: day(now)}
	b := newBatch(sealer, 0)
	w.managers = managers(r, b, lower, 3+r.IntN(3))
	w.employers = employers(r, b, m, 12+r.IntN(6))
	src := newBSNSource(index)
	for i := 0; i < caseCount(m.code); i++ {
		simulateCase(r, w, b, src, days(w.today, -7-r.IntN(723)))
	}
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error { return b.flush(ctx, tx, counts) })
}

func managers(r *rand.Rand, b *batch, lower string, n int) []actor {
	dutch := []string{
		"Sanne de Vries",
		"Mark Jansen",
		"Fatma Demir",
		"Joost Bakker",
		"Ilse Visser",
		"Rachid El Amrani",
		"Eva Smit",
		"Tom Mulder",
	}
	out := make([]actor, n)
	for i := range out {
		out[i] = actor{id: uuid.New(), name: dutch[(i+r.IntN(len(dutch)))%len(dutch)]}
		b.add("users", out[i].id, fmt.Sprintf("km%d.%s@demo.startbaan.nl", i+1, lower), out[i].name)
	}
	return out
}

func employers(r *rand.Rand, b *batch, m demoMunicipality, n int) []employer {
	out := make([]employer, n)
	for i := range out {
		word := pick(r, employerWords)
		out[i] = employer{id: uuid.New(), sector: sectors[i%len(sectors)]}
		name := fmt.Sprintf("%s %s %s", word, pick(r, places), m.name)
		b.add(
			"employers",
			out[i].id,
			m.id,
			name,
			fmt.Sprintf("%08d", 10_000_000+int(m.id)*1000+i),
			out[i].sector,
		)
	}
	return out
}

func day(t time.Time) time.Time {
	y, mo, d := t.Date()
	return time.Date(y, mo, d, 0, 0, 0, 0, time.UTC)
}
