package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"

	"github.com/startbaan/startbaan/internal/database"
)

func run(ctx context.Context, o options) error {
	db, err := prepare(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	ids, lists, err := samples(ctx, db)
	if err != nil {
		return err
	}
	apiURL, stopAPI, err := startAPI(db)
	if err != nil {
		return err
	}
	defer stopAPI()
	bareURL, stopBare, err := startBare(db)
	if err != nil {
		return err
	}
	defer stopBare()
	pick := func(list []string) func(*rand.Rand) string {
		return func(r *rand.Rand) string { return list[r.IntN(len(list))] }
	}
	scenarios := []struct {
		name string
		urls []string
	}{
		{"bare net/http+pgx GET case", prefix(bareURL+"/cases/", ids)},
		{"API GET /api/v1/cases/{caseId}", prefix(apiURL+"/api/v1/cases/", ids)},
		{"API GET /api/v1/cases?filters", prefix(apiURL+"/api/v1/cases?", lists)},
	}
	fmt.Printf("\n%d concurrent connections, %s warm-up and %s measured per scenario, GOMAXPROCS=%d\n\n",
		o.conns, o.warmup, o.duration, runtime.GOMAXPROCS(0))
	fmt.Println("| scenario                         | requests | errors |    req/s | p50 ms  | p95 ms  | p99 ms  |")
	fmt.Println("|----------------------------------|----------|--------|----------|---------|---------|---------|")
	var results []result
	for _, s := range scenarios {
		load(ctx, s.name, o.conns, o.warmup, pick(s.urls))
		r := load(ctx, s.name, o.conns, o.duration, pick(s.urls))
		results = append(results, r)
		fmt.Println(r)
	}
	fmt.Printf("\nAPI case read reaches %.0f%% of the bare handler's requests per second (target ≥ 60%%)\n",
		100*results[1].rps/results[0].rps)
	fmt.Printf("peak resident memory of this process (servers and load generator together): %s\n", peakRSS())
	return nil
}

func prefix(p string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = p + s
	}
	return out
}

// samples picks 20,000 random case ids and list queries over the largest
// municipalities (where lists are heaviest), with filters a client manager uses.
func samples(ctx context.Context, db *database.DB) (ids, lists []string, err error) {
	rows, err := db.Pool.Query(ctx, `SELECT id::text FROM cases TABLESAMPLE SYSTEM (20) LIMIT 20000`)
	if err != nil {
		return nil, nil, err
	}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, nil, err
		}
		ids = append(ids, id)
	}
	var big []string
	err = db.Gorm.Raw(`SELECT m.code FROM cases k JOIN municipalities m ON m.id = k.municipality_id
		GROUP BY m.code ORDER BY count(*) DESC LIMIT 20`).Scan(&big).Error
	if err != nil || len(ids) == 0 || len(big) == 0 {
		return nil, nil, fmt.Errorf("benchmark data missing: %d ids, %d municipalities, %v", len(ids), len(big), err)
	}
	stages := []string{"", "aangemeld", "gevestigd", "uitkering_aangevraagd", "baan_aangeboden", "aan_het_werk"}
	sorts := []string{"-createdAt", "name", "-benefitAppliedOn"}
	for i := 0; i < 2000; i++ {
		q := []string{"municipality=" + big[i%len(big)], "sort=" + sorts[i%len(sorts)], fmt.Sprintf("page=%d", 1+i%5), "pageSize=25"}
		if s := stages[i%len(stages)]; s != "" {
			q = append(q, "stage="+s)
		}
		if i%7 == 0 {
			q = append(q, "q=an")
		}
		lists = append(lists, strings.Join(q, "&"))
	}
	return ids, lists, nil
}

func peakRSS() string {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}
