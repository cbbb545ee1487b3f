package metrics

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
)

// poolCollector reads pgxpool's statistics at scrape time.
type poolCollector struct{ pool *pgxpool.Pool }

func poolDesc(name, help string) *prometheus.Desc {
	return prometheus.NewDesc("startbaan_db_pool_"+name, help, nil, nil)
}

var (
	poolAcquired     = poolDesc("acquired_connections", "Connections in use by a request or task.")
	poolIdle         = poolDesc("idle_connections", "Open connections waiting for work.")
	poolTotal        = poolDesc("total_connections", "Open connections, including those being opened.")
	poolConstructing = poolDesc("constructing_connections", "Connections being opened.")
	poolMax          = poolDesc("max_connections", "The pool's limit (STARTBAAN_DB_MAX_CONNS).")
	poolAcquires     = poolDesc("acquires_total", "Connections handed out.")
	poolAcquireTime  = poolDesc(
		"acquire_seconds_total",
		"Time spent getting connections, waits included.",
	)
	poolWaits = poolDesc(
		"empty_acquires_total",
		"Acquires that had to wait: no idle connection.",
	)
	poolWaitTime = poolDesc(
		"empty_acquire_wait_seconds_total",
		"Time spent waiting for a connection when none was idle.",
	)
	poolCanceled = poolDesc(
		"canceled_acquires_total",
		"Acquires given up (the request's context ended while waiting).",
	)
	poolNew = poolDesc("new_connections_total", "Connections opened.")
)

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolAcquired, poolIdle, poolTotal, poolConstructing, poolMax,
		poolAcquires,
		poolAcquireTime, poolWaits, poolWaitTime, poolCanceled, poolNew} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.pool.Stat()
	gauge := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.GaugeValue, v)
	}
	counter := func(d *prometheus.Desc, v float64) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v)
	}
	gauge(poolAcquired, float64(s.AcquiredConns()))
	gauge(poolIdle, float64(s.IdleConns()))
	gauge(poolTotal, float64(s.TotalConns()))
	gauge(poolConstructing, float64(s.ConstructingConns()))
	gauge(poolMax, float64(s.MaxConns()))
	counter(poolAcquires, float64(s.AcquireCount()))
	counter(poolAcquireTime, s.AcquireDuration().Seconds())
	counter(poolWaits, float64(s.EmptyAcquireCount()))
	counter(poolWaitTime, s.EmptyAcquireWaitTime().Seconds())
	counter(poolCanceled, float64(s.CanceledAcquireCount()))
	counter(poolNew, float64(s.NewConnsCount()))
}
