package config_test

import (
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/config"
)

func env(m map[string]string) config.Getenv { return func(k string) string { return m[k] } }

func TestLoad(t *testing.T) {
	good := map[string]string{
		"DATABASE_URL":      "postgres://app:geheim@db:5432/startbaan",
		"STARTBAAN_BSN_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
	}
	c, err := config.Load(env(good), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || int(c.DBMaxConns) != config.DefaultDBMaxConns() || len(c.BSNKey) != 32 {
		t.Errorf("defaults: %+v", c)
	}
	if s := c.String(); strings.Contains(s, "geheim") ||
		strings.Contains(s, good["STARTBAAN_BSN_KEY"]) {
		t.Errorf("String() shows a secret: %s", s)
	}
	tests := map[string]map[string]string{
		"no database": {"STARTBAAN_BSN_KEY": good["STARTBAAN_BSN_KEY"]},
		"no key":      {"DATABASE_URL": good["DATABASE_URL"]},
		"short key":   {"DATABASE_URL": good["DATABASE_URL"], "STARTBAAN_BSN_KEY": "AAEC"},
		"bad bool": {
			"DATABASE_URL":               good["DATABASE_URL"],
			"STARTBAAN_BSN_KEY":          good["STARTBAAN_BSN_KEY"],
			"STARTBAAN_MIGRATE_ON_START": "ja",
		},
		"mysql url": {"DATABASE_URL": "mysql://x", "STARTBAAN_BSN_KEY": good["STARTBAAN_BSN_KEY"]},
		"bad log": {
			"DATABASE_URL":         good["DATABASE_URL"],
			"STARTBAAN_BSN_KEY":    good["STARTBAAN_BSN_KEY"],
			"STARTBAAN_LOG_FORMAT": "xml",
		},
		"missing file": {
			"DATABASE_URL_FILE": "/nonexistent",
			"STARTBAAN_BSN_KEY": good["STARTBAAN_BSN_KEY"],
		},
		"bad proxy": {
			"DATABASE_URL":              good["DATABASE_URL"],
			"STARTBAAN_BSN_KEY":         good["STARTBAAN_BSN_KEY"],
			"STARTBAAN_TRUSTED_PROXIES": "10.0.0.1, proxy.local",
		},
		"bad level": {
			"DATABASE_URL":        good["DATABASE_URL"],
			"STARTBAAN_BSN_KEY":   good["STARTBAAN_BSN_KEY"],
			"STARTBAAN_LOG_LEVEL": "verbose",
		},
		"bad metrics": {
			"DATABASE_URL":           good["DATABASE_URL"],
			"STARTBAAN_BSN_KEY":      good["STARTBAAN_BSN_KEY"],
			"STARTBAAN_METRICS_ADDR": "9090",
		},
	}
	for name, m := range tests {
		if _, err := config.Load(env(m), true); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if c.MetricsAddr != "" || !strings.Contains(c.String(), "metrics_addr=off") {
		t.Errorf("metrics should be off by default: %q", c.MetricsAddr)
	}
	on := map[string]string{
		"DATABASE_URL":           good["DATABASE_URL"],
		"STARTBAAN_METRICS_ADDR": "127.0.0.1:9090",
		"STARTBAAN_LOG_LEVEL":    "warn",
	}
	if c, err := config.Load(env(on), false); err != nil || c.MetricsAddr != "127.0.0.1:9090" {
		t.Errorf("metrics on: %q, %v", c.MetricsAddr, err)
	}
	if _, err := config.Load(
		env(map[string]string{"DATABASE_URL": good["DATABASE_URL"]}),
		false,
	); err != nil {
		t.Errorf("key not needed: %v", err)
	}
}

// TestMigrateDatabaseURL: migrations run as the owner named apart from the
// application's role; its password is masked like the other.
func TestMigrateDatabaseURL(t *testing.T) {
	app, owner := "postgres://app:appgeheim@db/startbaan", "postgres://owner:eigenaargeheim@db/startbaan"
	c, err := config.Load(env(map[string]string{"DATABASE_URL": app}), false)
	if err != nil || c.MigrationURL() != app {
		t.Fatalf("without an owner URL migrations use DATABASE_URL: %q %v", c.MigrationURL(), err)
	}
	c, err = config.Load(
		env(map[string]string{"DATABASE_URL": app, "STARTBAAN_MIGRATE_DATABASE_URL": owner}),
		false,
	)
	if err != nil || c.MigrationURL() != owner || c.DatabaseURL != app {
		t.Fatalf("with an owner URL: %q %v", c.MigrationURL(), err)
	}
	if s := c.String(); strings.Contains(s, "eigenaargeheim") ||
		!strings.Contains(s, "owner:xxxxx@db") {
		t.Errorf("String() of the owner URL: %s", s)
	}
	if _, err := config.Load(
		env(map[string]string{"DATABASE_URL": app, "STARTBAAN_MIGRATE_DATABASE_URL": "mysql://x"}),
		false,
	); err == nil {
		t.Error("a mysql owner URL is accepted")
	}
}

// TestTrustedProxies: none by default; addresses and networks, IPv4 and IPv6.
func TestTrustedProxies(t *testing.T) {
	base := map[string]string{"DATABASE_URL": "postgres://db/startbaan"}
	c, err := config.Load(env(base), false)
	if err != nil || len(c.TrustedProxies) != 0 {
		t.Fatalf("default: %v %v", c.TrustedProxies, err)
	}
	base["STARTBAAN_TRUSTED_PROXIES"] = " 10.0.0.5, 192.168.1.0/24,fd00::1 ,"
	if c, err = config.Load(env(base), false); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, n := range c.TrustedProxies {
		got = append(got, n.String())
	}
	if strings.Join(got, " ") != "10.0.0.5/32 192.168.1.0/24 fd00::1/128" {
		t.Errorf("proxies %v", got)
	}
	if !strings.Contains(c.String(), "trusted_proxies=10.0.0.5/32,192.168.1.0/24,fd00::1/128") {
		t.Errorf("String(): %s", c.String())
	}
}

// TestFaultSettings: the timeouts and the drain period have defaults, can be set, and
// refuse what would leave a wait unbounded or outlast the server's write timeout.
func TestFaultSettings(t *testing.T) {
	base := map[string]string{"DATABASE_URL": "postgres://db/startbaan"}
	c, err := config.Load(env(base), false)
	if err != nil {
		t.Fatal(err)
	}
	if c.DBConnectTimeout != 5*time.Second || c.DBStatementTimeout != 10*time.Second ||
		c.DBLockTimeout != 5*time.Second ||
		c.RequestTimeout != 15*time.Second || c.ReportTimeout != 50*time.Second ||
		c.DBReportStatementTimeout != 45*time.Second ||
		c.DrainPeriod != 5*time.Second {
		t.Errorf("defaults: %s", c)
	}
	set := func(k, v string) map[string]string {
		m := map[string]string{"DATABASE_URL": base["DATABASE_URL"], k: v}
		return m
	}
	if c, err := config.Load(env(set("STARTBAAN_DRAIN_PERIOD", "0s")), false); err != nil ||
		c.DrainPeriod != 0 {
		t.Errorf("no drain period: %v %s", err, c.DrainPeriod)
	}
	for k, v := range map[string]string{"STARTBAAN_REQUEST_TIMEOUT": "0s",
		"STARTBAAN_DB_STATEMENT_TIMEOUT": "2m",
		"STARTBAAN_DB_LOCK_TIMEOUT":      "soon", "STARTBAAN_DB_CONNECT_TIMEOUT": "0", "STARTBAAN_REPORT_TIMEOUT": "10m"} {
		if _, err := config.Load(env(set(k, v)), false); err == nil || !strings.Contains(err.Error(), k) {
			t.Errorf("%s=%s: %v", k, v, err)
		}
	}
}
