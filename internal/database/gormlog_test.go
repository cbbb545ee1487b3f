package database_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
)

// records collects slog records as JSON lines.
type records struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (r *records) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.Write(p)
}

// lines returns every record; a line that is not JSON fails the test.
func (r *records) lines(t *testing.T) []map[string]any {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(r.buf.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not a JSON log line: %q", l)
		}
		out = append(out, m)
	}
	return out
}

func jsonLogger(r *records) *slog.Logger {
	return slog.New(slog.NewJSONHandler(r, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// unmappable has a field GORM can neither scan nor treat as a relation: its schema
// parser reports that through its package-level logger.
type unmappable struct {
	Code   string
	Nested struct{ A, B float64 }
}

// GORM's own messages (here: a struct it cannot map) reach slog, not stdout, and the
// failure still comes back to the caller as an error.
func TestGORMMessagesGoThroughSlog(t *testing.T) {
	var r records
	old := slog.Default()
	slog.SetDefault(jsonLogger(&r))
	t.Cleanup(func() { slog.SetDefault(old) })
	db := dbtest.Open(t)

	var out []unmappable
	err := db.Gorm.WithContext(context.Background()).Raw(`SELECT 'a' AS code`).Scan(&out).Error
	if err == nil || !strings.Contains(err.Error(), "invalid field") {
		t.Fatalf("scan into an unmappable struct: %v, want the schema error returned", err)
	}
	found := false
	for _, l := range r.lines(t) {
		if msg, _ := l["message"].(string); l["msg"] == "gorm" &&
			strings.Contains(msg, "invalid field found") {
			found = l["level"] == "ERROR"
		}
	}
	if !found {
		t.Errorf("GORM's schema error should be an ERROR slog record; got %q", r.buf.String())
	}
}

// A slow statement is logged as one structured line, with placeholders instead of
// its values; a failed one is left to the caller, at debug level only.
func TestSlowAndFailedSQLLogging(t *testing.T) {
	var r records
	db, err := database.Open(
		context.Background(),
		dbtest.URL(t),
		database.Options{MaxConns: 2},
		jsonLogger(&r),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	const secret = "Fatima Geheim"
	var got string
	delay := database.SlowQuery.Seconds() + 0.1
	if err := db.Gorm.Raw(
		`SELECT ?::text FROM pg_sleep(?)`,
		secret,
		delay,
	).Scan(&got).Error; err != nil ||
		got != secret {
		t.Fatalf("slow query: %q, %v", got, err)
	}
	if err := db.Gorm.Exec(`SELECT 1/0 WHERE ? <> ''`, secret).Error; err == nil {
		t.Fatal("division by zero should fail")
	}
	levels := map[string]string{}
	for _, l := range r.lines(t) {
		if sql, _ := l["sql"].(string); sql != "" {
			levels[l["msg"].(string)] = l["level"].(string)
			if strings.Contains(sql, secret) || !strings.Contains(sql, "$1") {
				t.Errorf("logged SQL should hold placeholders, not values: %q", sql)
			}
			if _, ok := l["duration_ms"].(float64); !ok {
				t.Errorf("%s: no duration_ms", l["msg"])
			}
		}
	}
	if levels["slow sql"] != "WARN" || levels["sql failed"] != "DEBUG" {
		t.Errorf("levels %v, want slow sql WARN and sql failed DEBUG", levels)
	}
	if strings.Contains(r.buf.String(), secret) {
		t.Error("a value reached the log")
	}
}
