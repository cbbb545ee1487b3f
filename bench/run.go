package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"time"

	"github.com/startbaan/startbaan/internal/database"
)

func run(ctx context.Context, o options) error {
	db, err := prepare(ctx, o)
	if err != nil {
		return err
	}
	defer db.Close()
	tokens, err := benchTokens(ctx, db)
	if err != nil {
		return err
	}
	ids, caseloads, stageLists, err := samples(ctx, db, tokens)
	if err != nil {
		return err
	}
	// Before the server starts: its access rules are read at start.
	manager, err := benchManager(ctx, db, 200)
	if err != nil {
		return err
	}
	weekSession, err := weekManager(ctx, db, 200)
	if err != nil {
		return err
	}
	apiURL, stopAPI, err := startAPI(ctx, db)
	if err != nil {
		return err
	}
	defer stopAPI()
	bareURL, stopBare, err := startBare(db)
	if err != nil {
		return err
	}
	defer stopBare()
	if o.skipLoad {
		if err := pageTimes(ctx, manager, apiURL, o.reports); err != nil {
			return err
		}
		if err := weekTimes(ctx, weekSession, apiURL, o.reports); err != nil {
			return err
		}
		if err := outcomeReports(ctx, db, apiURL, tokens, o.reports); err != nil {
			return err
		}
		return releaseBuild(ctx, db)
	}
	scenarios := []scenario{
		{"bare net/http+pgx GET case", bareURL, prefix("/cases/", ids)},
		{"API GET /api/v1/cases/{caseId}", apiURL, prefix("/api/v1/cases/", ids)},
		{"API list: a caseload", apiURL, prefix("/api/v1/cases?", caseloads)},
		{"API list: a municipality by stage", apiURL, prefix("/api/v1/cases?", stageLists)},
	}
	_, wrkErr := exec.LookPath("wrk")
	generator, pct := "wrk (separate process, 2 threads)", "p90"
	if wrkErr != nil || o.inProcess {
		generator, pct = "in-process Go client", "p95"
	}
	fmt.Printf("\n%d concurrent connections, %s warm-up and %s measured per scenario, GOMAXPROCS=%d, load from %s\n\n",
		o.conns, o.warmup, o.duration, runtime.GOMAXPROCS(0), generator)
	fmt.Printf(
		"| scenario                         | requests | errors |    req/s | p50 ms  | %s ms  | p99 ms  |\n",
		pct,
	)
	fmt.Println(
		"|----------------------------------|----------|--------|----------|---------|---------|---------|",
	)
	var results []result
	for _, s := range scenarios {
		if _, err := s.run(ctx, o, o.warmup, wrkErr == nil && !o.inProcess); err != nil {
			return err
		}
		stopProfile := profile(o.cpuProfile, s.name)
		r, err := s.run(ctx, o, o.duration, wrkErr == nil && !o.inProcess)
		stopProfile()
		if err != nil {
			return err
		}
		results = append(results, r)
		fmt.Println(r)
	}
	fmt.Printf("\nAPI case read reaches %.0f%% of the bare handler's requests per second (target ≥ 60%%)\n",
		100*results[1].rps/results[0].rps)
	fmt.Printf(
		"peak resident memory of this process (servers and load generator together): %s\n",
		peakRSS(),
	)
	if err := pageTimes(ctx, manager, apiURL, o.reports); err != nil {
		return err
	}
	if err := weekTimes(ctx, weekSession, apiURL, o.reports); err != nil {
		return err
	}
	if err := outcomeReports(ctx, db, apiURL, tokens, o.reports); err != nil {
		return err
	}
	return releaseBuild(ctx, db)
}

// profile writes a CPU profile of one scenario when asked (-cpuprofile DIR).
func profile(dir, name string) func() {
	if dir == "" {
		return func() {}
	}
	f, err := os.Create(
		filepath.Join(
			dir,
			strings.NewReplacer(" ", "_", "/", "_", "{", "", "}", "", ":", "").Replace(name)+".pprof",
		),
	)
	if err != nil {
		return func() {}
	}
	pprof.StartCPUProfile(f)
	return func() { pprof.StopCPUProfile(); f.Close() }
}

type scenario struct {
	name, base string
	paths      []string
}

func (s scenario) run(
	ctx context.Context,
	o options,
	d time.Duration,
	useWrk bool,
) (result, error) {
	if useWrk {
		return loadWithWrk(ctx, s.name, s.base, s.paths, o.conns, d)
	}
	return load(
		ctx,
		s.name,
		o.conns,
		d,
		func(r *rand.Rand) string { return s.base + s.paths[r.IntN(len(s.paths))] },
	), nil
}

func prefix(p string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = p + s
	}
	return out
}

// samples picks 20,000 random case ids, and list queries over the 20 largest
// municipalities (where lists are heaviest): a client manager's caseload (municipality
// and client manager, sometimes a stage or a name search, each sort key), and a team
// lead's view of a whole municipality by stage, newest first. Each request goes out
// with the API token of a team lead of the case's municipality, after a tab.
func samples(
	ctx context.Context,
	db *database.DB,
	tokens map[string]string,
) (ids, caseloads, stageLists []string, err error) {
	var picked []struct{ ID, Code string }
	err = db.Gorm.Raw(`SELECT k.id::text AS id, m.code FROM cases k TABLESAMPLE SYSTEM (20)
		JOIN municipalities m ON m.id = k.municipality_id LIMIT 20000`).Scan(&picked).Error
	if err != nil {
		return nil, nil, nil, err
	}
	for _, p := range picked {
		ids = append(ids, p.ID+"\t"+tokens[p.Code])
	}
	var managers []struct{ Code, Manager string }
	err = db.Gorm.Raw(`WITH big AS (SELECT municipality_id FROM cases GROUP BY 1 ORDER BY count(*) DESC LIMIT 20)
		SELECT DISTINCT m.code, k.client_manager_id::text AS manager FROM cases k JOIN big USING (municipality_id)
		JOIN municipalities m ON m.id = k.municipality_id WHERE k.client_manager_id IS NOT NULL`).Scan(&managers).Error
	if err != nil || len(ids) == 0 || len(managers) == 0 {
		return nil, nil, nil, fmt.Errorf(
			"benchmark data missing: %d ids, %d managers, %v",
			len(ids),
			len(managers),
			err,
		)
	}
	stages := []string{
		"",
		"aangemeld",
		"gevestigd",
		"uitkering_aangevraagd",
		"baan_aangeboden",
		"aan_het_werk",
	}
	sorts := []string{"-createdAt", "name", "-benefitAppliedOn", "stageEnteredOn"}
	for i := 0; i < 2000; i++ {
		m := managers[i%len(managers)]
		q := []string{"municipality=" + m.Code, "clientManager=" + m.Manager, "sort=" +
			sorts[i%len(sorts)],
			fmt.Sprintf("page=%d", 1+i%3), "pageSize=25"}
		if st := stages[i%len(stages)]; st != "" {
			q = append(q, "stage="+st)
		}
		if i%7 == 0 {
			q = append(q, "q=an")
		}
		caseloads = append(caseloads, strings.Join(q, "&")+"\t"+tokens[m.Code])
		stage := stages[1+i%(len(stages)-1)]
		stageLists = append(
			stageLists,
			fmt.Sprintf(
				"municipality=%s&stage=%s&page=%d&pageSize=25\t%s",
				m.Code,
				stage,
				1+i%5,
				tokens[m.Code],
			),
		)
	}
	return ids, caseloads, stageLists, nil
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
