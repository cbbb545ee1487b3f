package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/metrics"
)

// A request that matched no route is labelled as such, never with its path; the
// handler serves the series and pprof, without a pool.
func TestSeriesAndPprof(t *testing.T) {
	m := metrics.New(nil)
	m.Request(http.MethodGet, "", http.StatusNotFound, time.Millisecond)
	m.Request(http.MethodGet, "/api/v1/cases/:caseId", 799, 2*time.Second)
	m.LoginFailed(true)
	srv := httptest.NewServer(m.Handler())
	defer srv.Close()
	body := fetch(t, srv.URL+"/metrics")
	for _, want := range []string{
		`startbaan_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1`,
		`startbaan_http_request_duration_seconds_bucket{method="GET",route="/api/v1/cases/:caseId",status="799",le="1"} 0`,
		`startbaan_http_request_duration_seconds_bucket{method="GET",route="/api/v1/cases/:caseId",status="799",le="2.5"} 1`,
		`startbaan_logins_failed_total{reason="throttled"} 1`,
		`startbaan_logins_failed_total{reason="credentials"} 0`,
		`startbaan_audit_rows_written_total `,
		`go_goroutines `,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if strings.Contains(body, "startbaan_db_pool_") {
		t.Error("pool series without a pool")
	}
	if !strings.Contains(fetch(t, srv.URL+"/debug/pprof/"), "heap") {
		t.Error("pprof index lists no heap profile")
	}
}

func fetch(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d", url, res.StatusCode)
	}
	return string(b)
}
