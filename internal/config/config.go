// Package config reads Startbaan's configuration from environment variables, with a
// *_FILE variant for secrets, validates it at start-up and prints it with secrets masked.
package config

import (
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/startbaan/startbaan/internal/bsn"
)

// Config is everything the binary can be told.
type Config struct {
	DatabaseURL     string
	BSNKey          []byte
	Addr            string
	MigrateOnStart  bool
	DBMaxConns      int32
	LogLevel        string
	LogFormat       string
	ShutdownTimeout time.Duration
	// SecureCookies marks the session cookie Secure; turn off only for local http.
	SecureCookies bool
	// Demo allows the demo accounts with their published password; the server
	// refuses to start with them otherwise.
	Demo bool
	// AccessReload is the backstop interval at which access rules are reloaded even
	// without a notification.
	AccessReload time.Duration

	// Least privilege (issue 10): migrations run as the owner role named here, while
	// DATABASE_URL names a role that owns nothing. Empty: migrate uses DATABASE_URL.
	MigrateDatabaseURL string

	// Security probe (issue 10): the proxies whose X-Forwarded-For is believed.
	// TrustedProxies are the addresses or networks of the reverse proxies in front
	// of the server; none (the default) means the peer address is the client's.
	TrustedProxies []*net.IPNet

	// Operations (metrics and profiling): MetricsAddr is the internal listener of
	// /metrics and /debug/pprof; empty: off.
	MetricsAddr string

	// Faults (issue 10): every wait on the database is bounded, every request has a
	// deadline, and a stopping server first drains.
	DBConnectTimeout   time.Duration // STARTBAAN_DB_CONNECT_TIMEOUT
	DBStatementTimeout time.Duration // STARTBAAN_DB_STATEMENT_TIMEOUT: statements of requests
	// STARTBAAN_DB_REPORT_STATEMENT_TIMEOUT: reports and exports
	DBReportStatementTimeout time.Duration
	DBLockTimeout            time.Duration // STARTBAAN_DB_LOCK_TIMEOUT
	RequestTimeout           time.Duration // STARTBAAN_REQUEST_TIMEOUT
	// STARTBAAN_REPORT_TIMEOUT: requests for reports and exports
	ReportTimeout time.Duration
	// STARTBAAN_DRAIN_PERIOD: /readyz answers 503 before the listener closes
	DrainPeriod time.Duration

	// Statistical releases (issue 11): how often the server checks whether a release
	// is due (built after the 1st, finalised a month later); 0 turns the job off.
	ReleaseInterval time.Duration // STARTBAAN_RELEASE_INTERVAL
}

// MigrationURL is the database URL migrations run with: the owner's when set.
func (c Config) MigrationURL() string {
	if c.MigrateDatabaseURL != "" {
		return c.MigrateDatabaseURL
	}
	return c.DatabaseURL
}

// Getenv is os.Getenv or a map lookup in tests.
type Getenv func(string) string

// Load reads and validates the configuration. needBSNKey is false for commands that
// never touch a BSN (migrate, pilots sync).
func Load(getenv Getenv, needBSNKey bool) (Config, error) {
	var problems []string
	c := Config{Addr: or(getenv("STARTBAAN_ADDR"), ":8080"),
		LogLevel:  or(getenv("STARTBAAN_LOG_LEVEL"), "info"),
		LogFormat: or(getenv("STARTBAAN_LOG_FORMAT"), "json")}
	var err error
	if c.DatabaseURL, err = secret(getenv, "DATABASE_URL"); err != nil || c.DatabaseURL == "" {
		problems = append(
			problems,
			"DATABASE_URL (or DATABASE_URL_FILE) must name the PostgreSQL database",
		)
	} else if u, err := url.Parse(c.DatabaseURL); err != nil ||
		(u.Scheme != "postgres" && u.Scheme != "postgresql") {
		problems = append(problems, "DATABASE_URL must be a postgres:// URL")
	}
	if needBSNKey {
		if c.BSNKey, err = bsnKey(getenv); err != nil {
			problems = append(problems, err.Error())
		}
	}
	if c.MigrateOnStart, err = boolean(getenv("STARTBAAN_MIGRATE_ON_START")); err != nil {
		problems = append(problems, "STARTBAAN_MIGRATE_ON_START must be true or false")
	}
	conns, err := strconv.Atoi(or(getenv("STARTBAAN_DB_MAX_CONNS"), strconv.Itoa(DefaultDBMaxConns())))
	if err != nil || conns < 2 || conns > 500 {
		problems = append(problems, "STARTBAAN_DB_MAX_CONNS must be a number from 2 to 500")
	}
	c.DBMaxConns = int32(conns)
	if c.ShutdownTimeout, err = time.ParseDuration(
		or(getenv("STARTBAAN_SHUTDOWN_TIMEOUT"), "15s"),
	); err != nil {
		problems = append(problems, "STARTBAAN_SHUTDOWN_TIMEOUT must be a duration such as 15s")
	}
	secure, err := boolean(or(getenv("STARTBAAN_SECURE_COOKIES"), "true"))
	if err != nil {
		problems = append(problems, "STARTBAAN_SECURE_COOKIES must be true or false")
	}
	c.SecureCookies = secure
	if c.Demo, err = boolean(getenv("STARTBAAN_DEMO")); err != nil {
		problems = append(problems, "STARTBAAN_DEMO must be true or false")
	}
	if c.AccessReload, err = time.ParseDuration(
		or(getenv("STARTBAAN_ACCESS_RELOAD"), "30s"),
	); err != nil ||
		c.AccessReload < time.Second {
		problems = append(
			problems,
			"STARTBAAN_ACCESS_RELOAD must be a duration of at least 1s, such as 30s",
		)
	}
	if c.MigrateDatabaseURL, err = secret(getenv, "STARTBAAN_MIGRATE_DATABASE_URL"); err != nil {
		problems = append(problems, err.Error())
	} else if u, err := url.Parse(c.MigrateDatabaseURL); c.MigrateDatabaseURL != "" &&
		(err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql")) {
		problems = append(problems, "STARTBAAN_MIGRATE_DATABASE_URL must be a postgres:// URL")
	}
	if c.TrustedProxies, err = ParseProxies(getenv("STARTBAAN_TRUSTED_PROXIES")); err != nil {
		problems = append(problems, err.Error())
	}
	problems = append(problems, c.loadFaults(getenv)...)
	if c.LogFormat != "text" && c.LogFormat != "json" {
		problems = append(problems, "STARTBAAN_LOG_FORMAT must be text or json")
	}
	problems = append(problems, c.loadOperations(getenv)...)
	// Statistical releases (issue 11).
	if c.ReleaseInterval, err = time.ParseDuration(
		or(getenv("STARTBAAN_RELEASE_INTERVAL"), "1h"),
	); err != nil ||
		c.ReleaseInterval < 0 {
		problems = append(
			problems,
			"STARTBAAN_RELEASE_INTERVAL must be a duration such as 1h, or 0 (off)",
		)
	}
	if len(problems) > 0 {
		return c, errors.New("configuration: " + strings.Join(problems, "; "))
	}
	return c, nil
}

// ParseProxies reads a comma-separated list of IP addresses and CIDR networks, such
// as "10.0.0.5, 192.168.1.0/24"; an address stands for itself alone.
func ParseProxies(s string) ([]*net.IPNet, error) {
	var out []*net.IPNet
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			ip := net.ParseIP(part)
			if ip == nil {
				return nil, fmt.Errorf(
					"STARTBAAN_TRUSTED_PROXIES: %q is not an IP address or CIDR network",
					part,
				)
			}
			bits := 8 * len(ip)
			if ip4 := ip.To4(); ip4 != nil {
				ip, bits = ip4, 32
			}
			out = append(out, &net.IPNet{IP: ip, Mask: net.CIDRMask(bits, bits)})
			continue
		}
		_, n, err := net.ParseCIDR(part)
		if err != nil {
			return nil, fmt.Errorf(
				"STARTBAAN_TRUSTED_PROXIES: %q is not an IP address or CIDR network",
				part,
			)
		}
		out = append(out, n)
	}
	return out, nil
}

// loadOperations reads the log level and the metrics listener.
func (c *Config) loadOperations(getenv Getenv) []string {
	var problems []string
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		problems = append(problems, "STARTBAAN_LOG_LEVEL must be debug, info, warn or error")
	}
	c.MetricsAddr = getenv("STARTBAAN_METRICS_ADDR")
	if _, port, err := net.SplitHostPort(c.MetricsAddr); c.MetricsAddr != "" &&
		(err != nil || port == "") {
		problems = append(
			problems,
			"STARTBAAN_METRICS_ADDR must be host:port, such as 127.0.0.1:9090, or empty (off)",
		)
	}
	return problems
}

// DefaultDBMaxConns is three connections per core, at least four. PostgreSQL on the
// same small machine serves more requests, with a shorter tail, from a few busy
// connections than from many that take turns on the cores (measured in
// docs/performance.md: p99 of a case read 24 ms with 20 connections, 16 ms with 6).
func DefaultDBMaxConns() int { return max(4, 3*runtime.NumCPU()) }

// bsnKey reads the base64 master key of the BSN sealer.
func bsnKey(getenv Getenv) ([]byte, error) {
	s, err := secret(getenv, "STARTBAAN_BSN_KEY")
	if err != nil || s == "" {
		return nil, errors.New(
			"STARTBAAN_BSN_KEY (or STARTBAAN_BSN_KEY_FILE) must hold a base64 key of 32 bytes; make one with `openssl rand -base64 32`",
		)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(key) != bsn.KeySize {
		return nil, errors.New("STARTBAAN_BSN_KEY must be base64 of exactly 32 bytes")
	}
	return key, nil
}

// secret reads NAME, or the file named by NAME_FILE.
func secret(getenv Getenv, name string) (string, error) {
	if path := getenv(name + "_FILE"); path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return "", fmt.Errorf("%s_FILE: %w", name, err)
		}
		return strings.TrimSpace(string(b)), nil
	}
	return getenv(name), nil
}

func boolean(s string) (bool, error) {
	if s == "" {
		return false, nil
	}
	return strconv.ParseBool(s)
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// String prints the configuration with secrets masked.
func (c Config) String() string {
	key := "(not set)"
	if len(c.BSNKey) > 0 {
		key = "(set, masked)"
	}
	proxies := make([]string, len(c.TrustedProxies))
	for i, n := range c.TrustedProxies {
		proxies[i] = n.String()
	}
	s := fmt.Sprintf("addr=%s database=%s bsn_key=%s migrate_on_start=%t db_max_conns=%d log=%s/%s shutdown_timeout=%s secure_cookies=%t demo=%t access_reload=%s trusted_proxies=%s",
		c.Addr, maskURL(c.DatabaseURL), key, c.MigrateOnStart, c.DBMaxConns, c.LogLevel, c.LogFormat, c.ShutdownTimeout,
		c.SecureCookies, c.Demo, c.AccessReload, strings.Join(proxies, ",")) + " metrics_addr=" +
		or(c.MetricsAddr, "off") + " " + c.faultsString() +
		" release_interval=" + c.ReleaseInterval.String()
	if c.MigrateDatabaseURL != "" {
		s += " migrate_database=" + maskURL(c.MigrateDatabaseURL)
	}
	return s
}

func maskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
