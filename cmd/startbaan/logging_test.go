package main

import (
	"encoding/json"
	"log"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/config"
)

// Libraries that write through the log package or slog's default (net/http's server
// errors, GORM's package-level messages) come out as lines of the configured format.
func TestLibraryLogsComeOutAsJSON(t *testing.T) {
	old := slog.Default()
	t.Cleanup(func() {
		slog.SetDefault(old)
		log.SetOutput(os.Stderr)
		log.SetFlags(log.LstdFlags)
	})
	var out syncBuffer
	if _, err := newLogger(config.Config{LogLevel: "info", LogFormat: "json"}, &out); err != nil {
		t.Fatal(err)
	}
	log.Print("http: TLS handshake error from 192.0.2.1:1234: EOF")
	slog.Default().Warn("gorm", "message", "a message of a library")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want 2 lines, got %q", out.String())
	}
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil || m["level"] == nil {
			t.Errorf("not a JSON log record: %q", l)
		}
	}
	if _, err := newLogger(config.Config{LogLevel: "verbose", LogFormat: "json"}, &out); err == nil {
		t.Error("an unknown log level should be refused, not read as info")
	}
}
