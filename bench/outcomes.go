package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/users"
)

// outcomeReports times the outcome reports one at a time, as a reader asks for them
// (warm: after two unmeasured runs): the full set for the largest municipality, read
// by its team lead, and the national set with every municipality side by side, read
// by the ministry. It reports p50 and p95 and the process's peak memory.
func outcomeReports(
	ctx context.Context,
	db *database.DB,
	apiURL string,
	tokens map[string]string,
	n int,
) error {
	var largest string
	err := db.Gorm.Raw(`SELECT m.code FROM cases k JOIN municipalities m ON m.id = k.municipality_id
		GROUP BY m.code ORDER BY count(*) DESC LIMIT 1`).Scan(&largest).Error
	if err != nil {
		return err
	}
	ministry := tokens["NL"]
	fmt.Printf("\noutcome reports, one at a time, %d measured after 2 warm-up requests:\n\n", n)
	fmt.Println("| report | p50 ms | p95 ms | max ms |")
	fmt.Println("|---|---:|---:|---:|")
	var pilot string
	if err := db.Gorm.Raw(`SELECT p.code FROM pilots p JOIN pilot_municipalities pm ON pm.pilot_id = p.id
		GROUP BY p.code ORDER BY count(*) DESC, p.code LIMIT 1`).Scan(&pilot).Error; err != nil {
		return err
	}
	if err := ensureRelease(ctx, db); err != nil {
		return err
	}
	var peers []string
	if err := db.Gorm.Raw(`SELECT m.code FROM cases k JOIN municipalities m ON m.id = k.municipality_id
		GROUP BY m.code ORDER BY count(*) DESC, m.code LIMIT 4`).Scan(&peers).Error; err != nil {
		return err
	}
	// Only the first row is live (the team lead's own municipality, whole); every other
	// row reads the newest release (docs/outcomes.md, "Who sees what"; target p95 < 50 ms).
	for _, r := range []struct{ name, path, token string }{
		{
			"one large municipality (" + largest + "), its team lead, live",
			"/api/v1/outcomes?municipalities=" + largest,
			tokens[largest],
		},
		{"national total by year, ministry, from the release", "/api/v1/outcomes", ministry},
		{"peer comparison of four municipalities by quarter, their team lead, from the release",
			"/api/v1/outcomes?cohort=quarter&municipalities=" + strings.Join(peers, ","), tokens[largest]},
		{
			"the large municipality by quarter and gender, ministry, from the release",
			"/api/v1/outcomes?municipalities=" + largest + "&cohort=quarter&split=gender",
			ministry,
		},
		{
			"a pilot (" + pilot + ") by year, ministry, from the release",
			"/api/v1/outcomes?pilot=" + pilot + "&cohort=year",
			ministry,
		},
	} {
		var took []time.Duration
		for i := 0; i < n+2; i++ {
			start := time.Now()
			if err := fetch(ctx, apiURL+r.path, r.token); err != nil {
				return fmt.Errorf("%s: %w", r.name, err)
			}
			if i >= 2 {
				took = append(took, time.Since(start))
			}
		}
		slices.Sort(took)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		fmt.Printf(
			"| %s | %.0f | %.0f | %.0f |\n",
			r.name,
			ms(took[len(took)/2]),
			ms(took[len(took)*95/100]),
			ms(took[len(took)-1]),
		)
	}
	fmt.Printf("\npeak resident memory of this process after the reports: %s\n", peakRSS())
	return nil
}

// ensureRelease builds this month's release when there is none yet: the ministry's
// and peer views read only releases.
func ensureRelease(ctx context.Context, db *database.DB) error {
	_, err := releases.Newest(ctx, db.Gorm)
	if !errs.Is(err, errs.KindNotFound) {
		return err
	}
	today := calendar.Today(time.Now())
	start := time.Now()
	if _, err := releases.Build(
		ctx,
		db,
		time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC),
		today,
	); err != nil {
		return fmt.Errorf("release for the outcome reports: %w", err)
	}
	fmt.Printf(
		"(no release yet: built this month's first, in %.1f s)\n\n",
		time.Since(start).Seconds(),
	)
	return nil
}

func fetch(ctx context.Context, url, token string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	return nil
}

func ministryToken(ctx context.Context, db *database.DB) (string, error) {
	var id string
	err := db.Gorm.Raw(`INSERT INTO users (email, name) VALUES ('ministerie@bench.invalid', 'Bench ministerie')
		ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`).Scan(&id).Error
	if err == nil {
		err = db.Gorm.Exec(
			`INSERT INTO role_assignments (user_id, domain, role) VALUES (?, 'NL', 'ministerie') ON CONFLICT DO NOTHING`,
			id,
		).Error
	}
	if err != nil {
		return "", err
	}
	token, _, err := users.NewService(db.Gorm).CreateToken(
		ctx,
		uuid.MustParse(id),
		"bench",
		24*time.Hour,
	)
	return token, err
}
