// Package metrics is the operator's view of one Startbaan process, in Prometheus'
// format: the requests it served by route template, its database pool, the audit
// rows it wrote, the failed logins and the Go runtime; and pprof beside it. Both are
// served on an internal listener of their own, never on the public one. The domain
// packages know nothing of it: the API reports requests and logins through a small
// interface, and the audit package keeps a plain counter that is read at scrape time.
package metrics

import (
	"net/http"
	"net/http/pprof"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/startbaan/startbaan/internal/audit"
)

// Unmatched is the route label of a request that matched no route: the raw path
// would let any client create series without end.
const Unmatched = "unmatched"

// Metrics holds the process's registry; it never uses Prometheus' global one.
type Metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.HistogramVec
	logins   *prometheus.CounterVec
}

// New registers every collector; pool may be nil (no pool statistics).
func New(pool *pgxpool.Pool) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "startbaan_http_request_duration_seconds",
			Help: "Time to answer a request, by route template, method and status; _count is the number of requests.",
			// From a cached case read (a few ms) to an export or a stalled database.
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method", "status"}),
		logins: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "startbaan_logins_failed_total",
			Help: "Failed logins: wrong e-mail address or password (credentials), or refused while throttled.",
		}, []string{"reason"}),
	}
	m.reg.MustRegister(m.requests, m.logins,
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "startbaan_audit_rows_written_total",
			Help: "Audit log rows this process inserted.",
		}, func() float64 { return float64(audit.Written()) }),
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if pool != nil {
		m.reg.MustRegister(poolCollector{pool})
	}
	// Both reasons exist from the start, so that a rate over them is defined at zero.
	m.logins.WithLabelValues(LoginCredentials)
	m.logins.WithLabelValues(LoginThrottled)
	return m
}

// Reasons of a failed login.
const (
	LoginCredentials = "credentials"
	LoginThrottled   = "throttled"
)

// Request records one answered request; route is the route template, never the URL.
func (m *Metrics) Request(method, route string, status int, elapsed time.Duration) {
	if route == "" {
		route = Unmatched
	}
	m.requests.WithLabelValues(route, method, statusLabel(status)).Observe(elapsed.Seconds())
}

// statusLabels spares every request the conversion of its status to text.
var statusLabels = func() (out [600]string) {
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}()

func statusLabel(status int) string {
	if status >= 0 && status < len(statusLabels) {
		return statusLabels[status]
	}
	return strconv.Itoa(status)
}

// LoginFailed records a refused login.
func (m *Metrics) LoginFailed(throttled bool) {
	reason := LoginCredentials
	if throttled {
		reason = LoginThrottled
	}
	m.logins.WithLabelValues(reason).Inc()
}

// Handler serves /metrics and pprof under /debug/pprof/, registered here and not on
// http.DefaultServeMux, so that nothing else can expose them by accident.
func (m *Metrics) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg}))
	mux.HandleFunc("/debug/pprof/", pprof.Index) // also serves the named profiles: heap, goroutine, …
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
