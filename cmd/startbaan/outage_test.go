package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/database"
)

// write is one request of the load and how it was answered.
type write struct {
	kind    string // "case" or "week"
	caseID  string
	week    int
	planned float64
	status  int
	at      time.Time
	problem bool // a 503 as problem+json with Retry-After
	err     error
}

// TestDatabaseCrashUnderLoad stops PostgreSQL the hard way (pg_ctl stop -m immediate)
// while eight clients write: new cases, and weeks of hours on cases of their own. While
// it is down every answer is 503 problem+json with Retry-After, nothing else; after it
// comes back, the same server (not restarted) writes again, and every write it had
// acknowledged is in the database whole.
func TestDatabaseCrashUnderLoad(t *testing.T) {
	pg := newCluster(t)
	env := map[string]string{"DATABASE_URL": pg.url(),
		"STARTBAAN_BSN_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		"STARTBAAN_ADDR":    "127.0.0.1:0", "STARTBAAN_LOG_LEVEL": "error", "STARTBAAN_SECURE_COOKIES": "false",
		"STARTBAAN_NEW_PASSWORD": "een-lang-wachtwoord", "STARTBAAN_DRAIN_PERIOD": "0s", "STARTBAAN_DB_MAX_CONNS": "8",
		"STARTBAAN_DB_CONNECT_TIMEOUT": "1s", "STARTBAAN_REQUEST_TIMEOUT": "3s"}
	getenv := func(k string) string { return env[k] }
	ctx := context.Background()
	token := migratedWithToken(t, getenv)
	c := &loadClient{
		token: token,
		http:  &http.Client{Timeout: 10 * time.Second},
	}
	serveCtx, stop := context.WithCancel(ctx)
	out := &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(serveCtx, []string{"serve"}, getenv, out) }()
	defer func() { stop(); <-done }()
	c.base = waitForURL(t, out)

	const writers = 8
	cases := make([]string, writers)
	for i := range cases {
		w := c.createCase(i)
		if w.status != http.StatusCreated {
			t.Fatalf("case for writer %d: %d %v", i, w.status, w.err)
		}
		cases[i] = w.caseID
		// hours are kept only while a case is at work (docs/domain.md, weekly hours)
		for _, move := range []string{`"gevestigd","date":"2026-01-06"`,
			`"uitkering_aangevraagd","date":"2026-01-07"`, `"baan_aangeboden","date":"2026-01-08"`,
			`"aan_het_werk","date":"2026-01-09"`} {
			m, _ := c.send(http.MethodPost, "/api/v1/cases/"+w.caseID+"/transitions", `{"toStage":`+move+`}`)
			if m.status/100 != 2 {
				t.Fatalf("move case of writer %d to %s: %d %v", i, move, m.status, m.err)
			}
		}
	}
	var (
		mu      sync.Mutex
		log     []write
		running atomic.Bool
		wg      sync.WaitGroup
	)
	running.Store(true)
	for i := range writers {
		wg.Go(func() {
			for n := 0; running.Load(); n++ {
				var w write
				if i%2 == 0 || n >= 90 { // each week is written once: its value names the write
					w = c.createCase(1000 + i*1000 + n)
				} else {
					w = c.putWeek(cases[i], n)
				}
				mu.Lock()
				log = append(log, w)
				mu.Unlock()
				time.Sleep(20 * time.Millisecond)
			}
		})
	}
	time.Sleep(1500 * time.Millisecond)
	crashed := time.Now()
	pg.crash()
	time.Sleep(2500 * time.Millisecond)
	restart := time.Now()
	pg.start()
	started := time.Now()
	var recovered time.Time
	for recovered.IsZero() && time.Since(started) < 20*time.Second {
		time.Sleep(50 * time.Millisecond)
		mu.Lock()
		for _, w := range log {
			if w.at.After(started) && w.status/100 == 2 {
				recovered = w.at
				break
			}
		}
		mu.Unlock()
	}
	time.Sleep(1500 * time.Millisecond)
	running.Store(false)
	wg.Wait()
	if recovered.IsZero() {
		t.Fatal("no write succeeded within 20 s after PostgreSQL was back")
	}

	byPhase := map[string]map[string]int{}
	for _, w := range log {
		phase := "before"
		switch {
		case w.at.After(started):
			phase = "after"
		case w.at.After(crashed):
			phase = "down"
		}
		if byPhase[phase] == nil {
			byPhase[phase] = map[string]int{}
		}
		key := fmt.Sprint(w.status)
		switch {
		case w.err != nil:
			key = "transport error"
			t.Errorf("%s write at %s: %v", w.kind, phase, w.err)
		case w.status == http.StatusServiceUnavailable && !w.problem:
			t.Errorf("a 503 without problem+json and Retry-After")
		case w.status/100 != 2 && w.status != http.StatusServiceUnavailable:
			t.Errorf("%s write %s: status %d", w.kind, phase, w.status)
		}
		byPhase[phase][key]++
	}
	t.Logf("answers: %v", byPhase)
	t.Logf("PostgreSQL down %s (stop to start), start took %s, first write acknowledged %s after PostgreSQL accepted connections",
		restart.Sub(crashed).Round(time.Millisecond), started.Sub(restart).Round(time.Millisecond), recovered.Sub(started).Round(time.Millisecond))
	if byPhase["down"]["503"] == 0 {
		t.Error("no 503 while PostgreSQL was down")
	}
	checkAcknowledged(t, pg.url(), log)
}

// checkAcknowledged: every acknowledged write is in the database, whole.
func checkAcknowledged(t *testing.T, url string, log []write) {
	t.Helper()
	db, err := database.Open(
		context.Background(),
		url,
		database.Options{MaxConns: 2},
		slog.New(slog.DiscardHandler),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	acked := 0
	for _, w := range log {
		if w.status/100 != 2 {
			continue
		}
		acked++
		switch w.kind {
		case "case":
			var n int
			db.Gorm.Raw(`SELECT count(*) FROM cases c JOIN clients cl ON cl.id = c.client_id
				JOIN case_events e ON e.case_id = c.id WHERE c.id = ? AND c.stage = 'aangemeld'`, w.caseID).Scan(&n)
			if n != 1 {
				t.Errorf("acknowledged case %s: %d rows with its client and event, want 1", w.caseID, n)
			}
		case "week":
			var got []struct{ PlannedWorkHours, PlannedIntegrationHours float64 }
			db.Gorm.Raw(`SELECT planned_work_hours, planned_integration_hours FROM weekly_hours
				WHERE case_id = ? AND week_start = ?`, w.caseID, weekMonday(w.week)).Scan(&got)
			if len(got) != 1 || got[0].PlannedWorkHours != w.planned || got[0].PlannedIntegrationHours != 8 {
				t.Errorf(
					"acknowledged week %d of case %s: %+v, want %.0f and 8 planned hours",
					w.week,
					w.caseID,
					got,
					w.planned,
				)
			}
		}
	}
	t.Logf("%d acknowledged writes checked", acked)
}

type loadClient struct {
	base, token string
	http        *http.Client
}

func (c *loadClient) send(method, path, body string) (w write, respBody []byte) {
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(body))
	req.Header.Set("Authorization", c.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	w.at = time.Now()
	if err != nil {
		w.err = err
		return w, nil
	}
	defer res.Body.Close()
	respBody, _ = io.ReadAll(res.Body)
	w.status = res.StatusCode
	w.problem = res.Header.Get("Content-Type") == "application/problem+json" &&
		res.Header.Get("Retry-After") != "" &&
		strings.Contains(string(respBody), `"status":503`)
	return w, respBody
}

func (c *loadClient) createCase(n int) write {
	body := fmt.Sprintf(`{"municipality":"GM0363","bsn":"%s","name":"Persoon %d","birthDate":"1990-01-01","gender":"vrouw",
		"countryOfBirth":"SY","residencePermitDate":"2025-11-01","householdType":"alleenstaand","languageLevelIntake":"A0",
		"registeredOn":"2026-01-05"}`, validBSN(n), n)
	w, b := c.send(http.MethodPost, "/api/v1/cases", body)
	w.kind = "case"
	var created struct{ ID string }
	if w.status == http.StatusCreated && json.Unmarshal(b, &created) == nil {
		w.caseID = created.ID
	}
	return w
}

// putWeek plans week n (counted from the case's first week) with hours that name it.
func (c *loadClient) putWeek(caseID string, n int) write {
	week := n
	planned := float64(10 + n%20)
	w, _ := c.send(http.MethodPut, fmt.Sprintf("/api/v1/cases/%s/weeks/%s", caseID, isoWeek(week)),
		fmt.Sprintf(`{"plannedWorkHours":%.0f,"plannedIntegrationHours":8}`, planned))
	w.kind, w.caseID, w.week, w.planned = "week", caseID, week, planned
	return w
}

// weekMonday is the Monday of the n-th week from 2026-W02 (5 January 2026).
func weekMonday(n int) string {
	return time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*n).Format(time.DateOnly)
}

func isoWeek(n int) string {
	y, w := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*n).ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

// validBSN is the n-th number from 100000000 up that passes the 11-proef.
func validBSN(n int) string {
	for v := 100000000 + n*100; ; v++ {
		if s := fmt.Sprint(v); bsn.Valid(s) {
			return s
		}
	}
}
