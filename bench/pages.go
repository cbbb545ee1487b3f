package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/users"
)

// pageTimes times the pages a client manager with 200 active cases works in, one
// request at a time as a person clicks (n after 2 warm-up requests), and reports p50
// and p95 of the time to the whole page (server time plus loopback).
func pageTimes(ctx context.Context, m manager, baseURL string, n int) error {
	session, caseID := m.session, m.caseID
	fmt.Printf(
		"\npages of a client manager with 200 active cases, one at a time, %d measured after 2 warm-up requests:\n\n",
		n,
	)
	fmt.Println("| page | p50 ms | p95 ms | max ms |")
	fmt.Println("|---|---:|---:|---:|")
	for _, path := range []string{"/werklijst", "/dossiers", "/dossiers?stage=aan_het_werk",
		"/dossiers?q=Jansen", "/dossiers/" + caseID,
		"/dossiers/nieuw", "/werkgevers", "/uitkomsten", "/lessen", "/pilots", "/account"} {
		var took []time.Duration
		for i := 0; i < n+2; i++ {
			start := time.Now()
			if err := fetchPage(ctx, baseURL+path, session); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
			if i >= 2 {
				took = append(took, time.Since(start))
			}
		}
		slices.Sort(took)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		fmt.Printf(
			"| `%s` | %.1f | %.1f | %.1f |\n",
			path,
			ms(took[len(took)/2]),
			ms(took[len(took)*95/100]),
			ms(took[len(took)-1]),
		)
	}
	return nil
}

// manager is the benchmark's client manager: a session (its cookie value) and one of
// their cases.
type manager struct{ session, caseID string }

// benchManager makes (once) a client manager of the largest municipality with the
// given number of active cases.
func benchManager(ctx context.Context, db *database.DB, caseload int) (manager, error) {
	var id, caseID string
	err := db.Gorm.Raw(`INSERT INTO users (email, name) VALUES ('klantmanager@bench.invalid', 'Bench klantmanager')
		ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`).Scan(&id).Error
	if err == nil {
		err = db.Gorm.Exec(`INSERT INTO role_assignments (user_id, domain, role)
			SELECT ?, m.code, 'klantmanager' FROM municipalities m
			WHERE m.id = (SELECT municipality_id FROM cases GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) ON CONFLICT DO NOTHING`, id).Error
	}
	if err == nil {
		err = db.Gorm.Exec(`UPDATE cases SET client_manager_id = ? WHERE id IN (
			SELECT id FROM cases WHERE municipality_id = (SELECT municipality_id FROM cases GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
				AND stage <> 'afgesloten' AND client_manager_id IS DISTINCT FROM ? ORDER BY id
				LIMIT GREATEST(0, ? - (SELECT count(*) FROM cases WHERE client_manager_id = ? AND stage <> 'afgesloten')))`,
			id, id, caseload, id).Error
	}
	if err == nil {
		err = db.Gorm.Raw(
			`SELECT id::text FROM cases WHERE client_manager_id = ? AND stage = 'aan_het_werk' LIMIT 1`,
			id,
		).Scan(&caseID).Error
	}
	if err != nil {
		return manager{}, fmt.Errorf("bench client manager: %w", err)
	}
	// Pages take only a session cookie (an API token on a page is ignored): a session
	// as a login makes one.
	session, err := users.NewService(db.Gorm).StartSession(ctx, uuid.MustParse(id), "127.0.0.1")
	return manager{session, caseID}, err
}

// pageClient follows no redirect: a page that sends the visitor to the login page has
// failed, and its time must not stand in for the page's.
var pageClient = &http.Client{
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// fetchPage gets a page as the logged-in visitor of the session; anything but 200 fails.
func fetchPage(ctx context.Context, url, session string) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	req.AddCookie(&http.Cookie{Name: "startbaan_session", Value: session})
	res, err := pageClient.Do(req)
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
