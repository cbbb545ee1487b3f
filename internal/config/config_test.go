package config_test

import (
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/config"
)

func env(m map[string]string) config.Getenv { return func(k string) string { return m[k] } }

func TestLoad(t *testing.T) {
	good := map[string]string{"DATABASE_URL": "postgres://app:geheim@db:5432/startbaan", "STARTBAAN_BSN_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}
	c, err := config.Load(env(good), true)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || int(c.DBMaxConns) != config.DefaultDBMaxConns() || len(c.BSNKey) != 32 {
		t.Errorf("defaults: %+v", c)
	}
	if s := c.String(); strings.Contains(s, "geheim") || strings.Contains(s, good["STARTBAAN_BSN_KEY"]) {
		t.Errorf("String() shows a secret: %s", s)
	}
	tests := map[string]map[string]string{
		"no database":  {"STARTBAAN_BSN_KEY": good["STARTBAAN_BSN_KEY"]},
		"no key":       {"DATABASE_URL": good["DATABASE_URL"]},
		"short key":    {"DATABASE_URL": good["DATABASE_URL"], "STARTBAAN_BSN_KEY": "AAEC"},
		"bad bool":     {"DATABASE_URL": good["DATABASE_URL"], "STARTBAAN_BSN_KEY": good["STARTBAAN_BSN_KEY"], "STARTBAAN_MIGRATE_ON_START": "ja"},
		"mysql url":    {"DATABASE_URL": "mysql://x", "STARTBAAN_BSN_KEY": good["STARTBAAN_BSN_KEY"]},
		"bad log":      {"DATABASE_URL": good["DATABASE_URL"], "STARTBAAN_BSN_KEY": good["STARTBAAN_BSN_KEY"], "STARTBAAN_LOG_FORMAT": "xml"},
		"missing file": {"DATABASE_URL_FILE": "/nonexistent", "STARTBAAN_BSN_KEY": good["STARTBAAN_BSN_KEY"]},
		"bad level":    {"DATABASE_URL": good["DATABASE_URL"], "STARTBAAN_BSN_KEY": good["STARTBAAN_BSN_KEY"], "STARTBAAN_LOG_LEVEL": "verbose"},
		"bad metrics":  {"DATABASE_URL": good["DATABASE_URL"], "STARTBAAN_BSN_KEY": good["STARTBAAN_BSN_KEY"], "STARTBAAN_METRICS_ADDR": "9090"},
	}
	for name, m := range tests {
		if _, err := config.Load(env(m), true); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if c.MetricsAddr != "" || !strings.Contains(c.String(), "metrics_addr=off") {
		t.Errorf("metrics should be off by default: %q", c.MetricsAddr)
	}
	on := map[string]string{"DATABASE_URL": good["DATABASE_URL"], "STARTBAAN_METRICS_ADDR": "127.0.0.1:9090", "STARTBAAN_LOG_LEVEL": "warn"}
	if c, err := config.Load(env(on), false); err != nil || c.MetricsAddr != "127.0.0.1:9090" {
		t.Errorf("metrics on: %q, %v", c.MetricsAddr, err)
	}
	if _, err := config.Load(env(map[string]string{"DATABASE_URL": good["DATABASE_URL"]}), false); err != nil {
		t.Errorf("key not needed: %v", err)
	}
}
