package server_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/server"
)

// Echo's own messages (here: a route added without a handler) become slog records of
// the server's logger, not lines of another format on stdout.
func TestEchoMessagesGoThroughSlog(t *testing.T) {
	var buf bytes.Buffer
	s := server.New(server.Config{Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
	s.Router().Add(http.MethodGet, "/no-handler", nil)
	found := false
	for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m map[string]any
		if l == "" {
			continue
		}
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("not a JSON record: %q", l)
		}
		msg, _ := m["message"].(string)
		if m["msg"] == "echo" && strings.Contains(msg, "without handler") && m["level"] == "ERROR" {
			found = true
		}
	}
	if !found {
		t.Errorf("Echo's message should be a slog record; log: %q", buf.String())
	}
}
