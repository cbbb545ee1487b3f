package config

import (
	"fmt"
	"time"
)

// MaxRequestTimeout keeps request deadlines under the server's write timeout (60 s),
// so that a request that runs out of time can still be answered.
const MaxRequestTimeout = 55 * time.Second

// loadFaults reads the timeouts and the drain period.
func (c *Config) loadFaults(getenv Getenv) []string {
	var problems []string
	for _, d := range []struct {
		name     string
		dst      *time.Duration
		def      string
		min, max time.Duration
	}{
		{"STARTBAAN_DB_CONNECT_TIMEOUT", &c.DBConnectTimeout, "5s", 100 * time.Millisecond, time.Minute},
		{
			"STARTBAAN_DB_STATEMENT_TIMEOUT",
			&c.DBStatementTimeout,
			"10s",
			100 * time.Millisecond,
			MaxRequestTimeout,
		},
		{
			"STARTBAAN_DB_REPORT_STATEMENT_TIMEOUT",
			&c.DBReportStatementTimeout,
			"45s",
			100 * time.Millisecond,
			MaxRequestTimeout,
		},
		{"STARTBAAN_DB_LOCK_TIMEOUT", &c.DBLockTimeout, "5s", 10 * time.Millisecond, MaxRequestTimeout},
		{
			"STARTBAAN_REQUEST_TIMEOUT",
			&c.RequestTimeout,
			"15s",
			100 * time.Millisecond,
			MaxRequestTimeout,
		},
		{"STARTBAAN_REPORT_TIMEOUT", &c.ReportTimeout, "50s", 100 * time.Millisecond, MaxRequestTimeout},
		{"STARTBAAN_DRAIN_PERIOD", &c.DrainPeriod, "5s", 0, 5 * time.Minute},
	} {
		v, err := time.ParseDuration(or(getenv(d.name), d.def))
		if err != nil || v < d.min || v > d.max {
			problems = append(
				problems,
				fmt.Sprintf("%s must be a duration from %s to %s, such as %s", d.name, d.min, d.max, d.def),
			)
		}
		*d.dst = v
	}
	return problems
}

func (c Config) faultsString() string {
	return fmt.Sprintf("db_connect_timeout=%s db_statement_timeout=%s db_report_statement_timeout=%s db_lock_timeout=%s request_timeout=%s report_timeout=%s drain_period=%s",
		c.DBConnectTimeout, c.DBStatementTimeout, c.DBReportStatementTimeout, c.DBLockTimeout, c.RequestTimeout, c.ReportTimeout, c.DrainPeriod)
}
