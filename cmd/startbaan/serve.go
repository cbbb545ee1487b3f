package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/startbaan/startbaan/docs"
	"github.com/startbaan/startbaan/internal/api"
	"github.com/startbaan/startbaan/internal/app"
	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/config"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/demo"
	"github.com/startbaan/startbaan/internal/guard"
	"github.com/startbaan/startbaan/internal/releases"
	"github.com/startbaan/startbaan/internal/server"
	"github.com/startbaan/startbaan/internal/web"
)

// newLogger makes the process's logger, writing to w, and makes it slog's default:
// what libraries write through the log package (net/http's server errors) or through
// slog.Default (GORM's package-level messages) then comes out in the same format,
// never as plain text beside the JSON lines.
func newLogger(c config.Config, w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return nil, fmt.Errorf("log level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: level}
	log := slog.New(slog.NewTextHandler(w, opts))
	if c.LogFormat == "json" {
		log = slog.New(slog.NewJSONHandler(w, opts))
	}
	slog.SetDefault(log)
	return log, nil
}

// open loads the configuration and opens the database for a command: commands may run
// long statements (migrations, seeding), so only connecting is bounded.
func open(
	ctx context.Context,
	getenv func(string) string,
	needKey bool,
) (config.Config, *database.DB, *slog.Logger, error) {
	return openWith(ctx, getenv, needKey, func(cfg config.Config) database.Options {
		return database.Options{
			MaxConns: cfg.DBMaxConns,
			Timeouts: database.Timeouts{Connect: cfg.DBConnectTimeout},
		}
	})
}

// openWith loads the configuration, makes the logger and opens the database with the
// options the configuration gives.
func openWith(ctx context.Context, getenv func(string) string, needKey bool,
	options func(config.Config) database.Options) (config.Config, *database.DB, *slog.Logger, error) {
	cfg, err := config.Load(getenv, needKey)
	if err != nil {
		return cfg, nil, nil, err
	}
	log, err := newLogger(cfg, os.Stderr)
	if err != nil {
		return cfg, nil, nil, err
	}
	db, err := database.Open(ctx, cfg.DatabaseURL, options(cfg), log)
	if err != nil {
		return cfg, nil, nil, err
	}
	return cfg, db, log, nil
}

func serve(ctx context.Context, getenv func(string) string, out io.Writer) error {
	cfg, db, log, err := openServing(ctx, getenv)
	if err != nil {
		return err
	}
	defer closeWithin(db, database.CommitGrace+time.Second, log)
	log.Info("configuration", "config", cfg.String())
	if cfg.MigrateOnStart {
		// On a connection of its own: the server's statements are bounded by the
		// request timeouts, a migration is not.
		if err := database.MigrateURL(ctx, cfg.MigrationURL()); err != nil {
			return err
		}
	}
	// A server with another BSN key than the data's would find no one by BSN and
	// register people twice: refuse to start.
	if _, err := checkedSealer(ctx, db, cfg); err != nil {
		return err
	}
	warnPrivileged(ctx, db, log)
	if err := refuseDemoAccounts(ctx, db, cfg.Demo); err != nil {
		return err
	}
	svc, err := app.New(ctx, db, app.Options{BSNKey: cfg.BSNKey, Clock: time.Now,
		SessionMemory:  SessionMemory,
		RequestTimeout: cfg.RequestTimeout})
	if err != nil {
		return err
	}
	watchCtx, stopWatch := context.WithCancel(ctx)
	defer stopWatch()
	// Every instance follows the access notifications (and forgets the sessions and
	// tokens it remembers, app.New); expired idempotency keys are purged.
	go svc.Enforcer.Watch(watchCtx, db.Pool.Config().ConnConfig.Copy(), cfg.AccessReload, log)
	go svc.Idempotency.PurgeEvery(watchCtx, 10*time.Minute, log)
	// A placement accepted with a start still to come moves its case on the day.
	go svc.Placements.StartsEvery(watchCtx, 15*time.Minute, log)
	observer, stopMetrics, err := startMetrics(cfg, db, log, out)
	if err != nil {
		return err
	}
	defer stopMetrics()
	if cfg.ReleaseInterval > 0 {
		// The monthly statistical releases; one instance builds them under a lock.
		go releases.RunMonthly(
			watchCtx,
			db,
			cfg.ReleaseInterval,
			func() time.Time { return calendar.Today(time.Now()) },
			log,
		)
	}
	var stopping drain
	e, err := newServer(ctx, db, svc, cfg, log, observer, &stopping)
	if err != nil {
		return err
	}
	return listen(ctx, e, cfg, log, out, &stopping)
}

// refuseDemoAccounts stops a server outside demo mode that holds the demo logins,
// whose password is published in the README.
func refuseDemoAccounts(ctx context.Context, db *database.DB, demoMode bool) error {
	if demoMode {
		return nil
	}
	found, err := demo.HasAccounts(ctx, db.Pool)
	if err != nil {
		return fmt.Errorf("check for demo accounts: %w", err)
	}
	if found {
		return errors.New("this database holds demo accounts (@" + demo.AccountDomain +
			") with a published password; " +
			"start with STARTBAAN_DEMO=true only for a demo, never with real data")
	}
	return nil
}

// SessionMemory is how long an instance trusts a session or token it has checked.
const SessionMemory = 10 * time.Second

// newServer mounts the API and the pages on one server, with one guard over both.
func newServer(ctx context.Context, db *database.DB, svc *app.Services, cfg config.Config,
	log *slog.Logger,
	observer server.Metrics, stopping *drain) (http.Handler, error) {
	spec, err := docs.OpenAPIJSON()
	if err != nil {
		return nil, err
	}
	logins, err := demoLogins(ctx, db, cfg.Demo)
	if err != nil {
		return nil, err
	}
	s := server.New(server.Config{Logger: log, Ready: stopping.ready(db.Ready), Ping: db.Ping,
		Metrics:        observer,
		TrustedProxies: cfg.TrustedProxies, Timeouts: server.Timeouts{
			Request: cfg.RequestTimeout,
			Report:  cfg.ReportTimeout,
		},
		APIPath: api.BasePath, APIVersion: api.Version})
	g := guard.New(
		svc,
		guard.Options{Logger: log, SecureCookies: cfg.SecureCookies, Metrics: observer},
	)
	api.Mount(s, g, svc, api.Options{OpenAPI: spec, Logger: log})
	if err := web.Mount(s, g, svc, web.Options{DemoLogins: logins}); err != nil {
		return nil, err
	}
	return s, nil
}

// demoLogins are the demo accounts the login page lists in demo mode (none otherwise).
func demoLogins(ctx context.Context, db *database.DB, demoMode bool) ([]web.DemoLogin, error) {
	if !demoMode {
		return nil, nil
	}
	listed, err := demo.ListAccounts(ctx, db.Pool)
	if err != nil {
		return nil, err
	}
	var logins []web.DemoLogin
	for _, a := range listed {
		logins = append(logins, web.DemoLogin{Email: a.Email, Role: a.Role, Municipality: a.Municipality})
	}
	return logins, nil
}

func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if ok && (tcp.IP.IsUnspecified() || tcp.IP == nil) {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}
