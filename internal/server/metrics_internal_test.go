package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/metrics"
)

// BenchmarkMetricsMiddleware is the cost per request of measuring it: run both and
// subtract (go test -run '^$' -bench MetricsMiddleware -benchmem ./internal/server).
func BenchmarkMetricsMiddleware(b *testing.B) {
	for _, tt := range []struct {
		name string
		m    Metrics
	}{{"without", nil}, {"with", metrics.New(nil)}} {
		b.Run(tt.name, func(b *testing.B) {
			e := echo.New()
			if tt.m != nil {
				e.Use(observe(tt.m))
			}
			e.GET(
				"/api/v1/cases/:caseId",
				func(c echo.Context) error { return c.NoContent(http.StatusNoContent) },
			)
			req := httptest.NewRequest(
				http.MethodGet,
				"/api/v1/cases/0b5c6f4e-8d7a-4f43-a8a4-1d2b9c0e7f11",
				nil,
			)
			w := httptest.NewRecorder()
			b.ReportAllocs()
			for b.Loop() {
				e.ServeHTTP(w, req)
			}
		})
	}
}

// recorded keeps what observe reported.
type recorded struct {
	method string
	route  string
	status int
}

func (r *recorded) Request(method, route string, status int, _ time.Duration) {
	r.method, r.route, r.status = method, route, status
}
func (r *recorded) LoginFailed(bool) {}

// observe sees the status the error handler wrote, a recovered panic's included.
func TestObserveSeesFinalStatus(t *testing.T) {
	tests := []struct {
		name    string
		handler echo.HandlerFunc
		want    int
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
			r := &recorded{}
			s := New(Config{Logger: slog.New(slog.DiscardHandler), Metrics: r})
			s.GET("/x/:id", tt.handler)
			s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/x/42", nil))
			if r.route != "/x/:id" || r.status != tt.want {
				t.Errorf("observed %q %d, want /x/:id %d", r.route, r.status, tt.want)
			}
		})
	}
}

// A made-up method is one label, OTHER: a client cannot add a series per method it
// invents (nor a megabyte-long label).
func TestObserveKnowsOnlyHTTPMethods(t *testing.T) {
	r := &recorded{}
	s := New(Config{Logger: slog.New(slog.DiscardHandler), Metrics: r})
	for _, m := range []string{"FOO1", strings.Repeat("X", 10000), http.MethodPatch} {
		s.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(m, "/healthz", nil))
		want := "OTHER"
		if m == http.MethodPatch {
			want = m
		}
		if r.method != want {
			t.Errorf("method %.10q observed as %.10q, want %s", m, r.method, want)
		}
	}
}
