package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/users"
)

// weekManager makes (once) a client manager of the largest municipality whose
// caseload is n cases at work, for the week screen ("Week afsluiten"): the page of
// the whole caseload, with a row per client at work.
func weekManager(ctx context.Context, db *database.DB, n int) (string, error) {
	var id string
	err := db.Gorm.Raw(`INSERT INTO users (email, name) VALUES ('weekmanager@bench.invalid', 'Bench weekmanager')
		ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email RETURNING id`).Scan(&id).Error
	if err == nil {
		err = db.Gorm.Exec(`INSERT INTO role_assignments (user_id, domain, role)
			SELECT ?, m.code, 'klantmanager' FROM municipalities m
			WHERE m.id = (SELECT municipality_id FROM cases GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) ON CONFLICT DO NOTHING`, id).Error
	}
	if err == nil {
		err = db.Gorm.Exec(`UPDATE cases SET client_manager_id = ? WHERE id IN (
			SELECT k.id FROM cases k WHERE k.municipality_id = (SELECT municipality_id FROM cases GROUP BY 1 ORDER BY count(*) DESC LIMIT 1)
				AND k.stage = 'aan_het_werk' AND k.client_manager_id IS DISTINCT FROM ?
				AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = k.client_manager_id AND u.email LIKE '%@bench.invalid')
				ORDER BY k.id
				LIMIT GREATEST(0, ? - (SELECT count(*) FROM cases WHERE client_manager_id = ? AND stage = 'aan_het_werk')))`,
			id, id, n, id).Error
	}
	if err != nil {
		return "", fmt.Errorf("bench week manager: %w", err)
	}
	return users.NewService(db.Gorm).StartSession(ctx, uuid.MustParse(id), "127.0.0.1")
}

var (
	weekRow  = regexp.MustCompile(`name="rows" value="([0-9a-f-]{36})"`)
	weekSeen = regexp.MustCompile(`name="([0-9a-f-]{36})\.seen" value="([^"]*)"`)
	weekCSRF = regexp.MustCompile(`name="csrf" value="([^"]+)"`)
)

// weekTimes times the week screen of last week for the week manager: the page (GET)
// and a save of every row at once (POST, each time with other hours, so that every
// row is written), one request at a time after 2 warm-up requests.
func weekTimes(ctx context.Context, session, baseURL string, n int) error {
	var get, post []time.Duration
	rows := 0
	for i := 0; i < n+2; i++ {
		start := time.Now()
		page, err := pageBody(ctx, baseURL+"/week-afsluiten", session)
		if err != nil {
			return fmt.Errorf("week screen: %w", err)
		}
		took := time.Since(start)
		form := url.Values{}
		if m := weekCSRF.FindStringSubmatch(page); m != nil {
			form.Set("csrf", m[1])
		}
		for _, m := range weekRow.FindAllStringSubmatch(page, -1) {
			form.Add("rows", m[1])
			form.Set(m[1]+".actualWorkHours", fmt.Sprint(20+i%2))
			form.Set(m[1]+".actualIntegrationHours", "8")
		}
		for _, m := range weekSeen.FindAllStringSubmatch(page, -1) {
			form.Set(m[1]+".seen", m[2])
		}
		rows = len(form["rows"])
		start = time.Now()
		if err := postForm(ctx, baseURL+"/week-afsluiten", session, form); err != nil {
			return fmt.Errorf("week save: %w", err)
		}
		if i >= 2 {
			get, post = append(get, took), append(post, time.Since(start))
		}
	}
	fmt.Printf("\nthe week screen of a client manager with %d clients at work, %d measured after 2 warm-up requests:\n\n",
		rows, n)
	fmt.Println("| request | p50 ms | p95 ms | max ms |")
	fmt.Println("|---|---:|---:|---:|")
	for _, r := range []struct {
		name string
		took []time.Duration
	}{{"GET `/week-afsluiten`", get}, {"POST `/week-afsluiten` (every row)", post}} {
		slices.Sort(r.took)
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
		fmt.Printf("| %s | %.1f | %.1f | %.1f |\n", r.name, ms(r.took[len(r.took)/2]),
			ms(r.took[len(r.took)*95/100]), ms(r.took[len(r.took)-1]))
	}
	return nil
}

func pageBody(ctx context.Context, target, session string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	req.AddCookie(&http.Cookie{Name: "startbaan_session", Value: session})
	res, err := pageClient.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err == nil && res.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d", res.StatusCode)
	}
	return string(b), err
}

// postForm sends the form; the save answers 303 back to the week when every row was
// stored, anything else fails.
func postForm(ctx context.Context, target, session string, form url.Values) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "startbaan_session", Value: session})
	res, err := pageClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	io.Copy(io.Discard, res.Body)
	if res.StatusCode != http.StatusSeeOther {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	return nil
}
