package server_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/server"
)

// Every request gets one access line with its final status, a panic's included, and
// the line holds the route template, never the path with its ids.
func TestOneAccessLinePerRequest(t *testing.T) {
	tests := []struct {
		name    string
		handler echo.HandlerFunc
		want    float64
	}{
		{
			"ok",
			func(c echo.Context) error { return c.NoContent(http.StatusNoContent) },
			http.StatusNoContent,
		},
		{
			"error",
			func(echo.Context) error { return echo.NewHTTPError(http.StatusConflict) },
			http.StatusConflict,
		},
		{"panic", func(echo.Context) error { panic("boom") }, http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			s := server.New(server.Config{Logger: slog.New(slog.NewJSONHandler(&buf, nil))})
			s.GET("/x/:id", tt.handler)
			s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/x/4242", nil))
			var lines []map[string]any
			for _, l := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
				var m map[string]any
				if err := json.Unmarshal([]byte(l), &m); err != nil {
					t.Fatalf("not JSON: %q", l)
				}
				if m["msg"] == "request" {
					lines = append(lines, m)
				}
			}
			if len(lines) != 1 || lines[0]["status"] != tt.want || lines[0]["route"] != "/x/:id" ||
				lines[0]["request_id"] == "" {
				t.Errorf("access lines %v, want one with status %v and route /x/:id", lines, tt.want)
			}
			if strings.Contains(buf.String(), "4242") {
				t.Error("the log holds the path's id")
			}
		})
	}
}
