package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/docs"
	"github.com/startbaan/startbaan/internal/api"
	"github.com/startbaan/startbaan/internal/app"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/guard"
	"github.com/startbaan/startbaan/internal/server"
	"github.com/startbaan/startbaan/internal/users"
	"github.com/startbaan/startbaan/internal/web"
)

// startAPI serves the real API and the pages (Echo, GORM, the services of app.New,
// the guard's login and access checks, the audit log), wired as `startbaan serve`
// wires them, on a free port.
func startAPI(ctx context.Context, db *database.DB) (string, func(), error) {
	spec, err := docs.OpenAPIJSON()
	if err != nil {
		return "", nil, err
	}
	svc, err := app.New(
		ctx,
		db,
		app.Options{BSNKey: benchKey, SessionMemory: 10 * time.Second, RequestTimeout: requestTimeout},
	)
	if err != nil {
		return "", nil, err
	}
	log := slog.New(slog.DiscardHandler)
	s := server.New(server.Config{Logger: log, Ready: db.Ping,
		Timeouts: server.Timeouts{Request: requestTimeout, Report: reportTimeout},
		APIPath:  api.BasePath, APIVersion: api.Version})
	g := guard.New(svc, guard.Options{Logger: log})
	api.Mount(s, g, svc, api.Options{OpenAPI: spec, Logger: log})
	if err := web.Mount(s, g, svc, web.Options{}); err != nil {
		return "", nil, err
	}
	return serveOn(s)
}

// The request deadlines of serve's defaults (STARTBAAN_REQUEST_TIMEOUT,
// STARTBAAN_REPORT_TIMEOUT).
const requestTimeout, reportTimeout = 15 * time.Second, 50 * time.Second

// benchTokens gives every municipality a team lead with an API token, so that each
// request is checked and scoped like a real user's: one role in one municipality.
func benchTokens(ctx context.Context, db *database.DB) (map[string]string, error) {
	var codes []string
	if err := db.Gorm.Raw(
		`SELECT code FROM municipalities ORDER BY code`,
	).Scan(&codes).Error; err != nil {
		return nil, err
	}
	svc := users.NewService(db.Gorm)
	out := make(map[string]string, len(codes))
	for _, code := range codes {
		email := "teamleider." + strings.ToLower(code) + "@bench.invalid"
		var id string
		err := db.Gorm.Raw(`INSERT INTO users (email, name) VALUES (?, ?) ON CONFLICT (email) DO UPDATE SET email = EXCLUDED.email
			RETURNING id`, email, "Bench "+code).Scan(&id).Error
		if err == nil {
			err = db.Gorm.Exec(`INSERT INTO role_assignments (user_id, domain, role) VALUES (?, ?, 'teamleider') ON CONFLICT DO NOTHING`,
				id, code).Error
		}
		if err != nil {
			return nil, fmt.Errorf("bench user %s: %w", code, err)
		}
		token, _, err := svc.CreateToken(ctx, uuid.MustParse(id), "bench", 24*time.Hour)
		if err != nil {
			return nil, err
		}
		out[code] = token
	}
	ministry, err := ministryToken(ctx, db)
	out["NL"] = ministry
	return out, err
}

// startBare serves GET /cases/{id} from net/http and pgx alone, running the same SQL
// as the API and writing every column as JSON: the floor the API is compared with.
func startBare(db *database.DB) (string, func(), error) {
	query := cases.ReadSQL()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /cases/{id}", func(w http.ResponseWriter, r *http.Request) {
		rows, err := db.Pool.Query(r.Context(), query, r.PathValue("id"))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		defer rows.Close()
		if !rows.Next() {
			http.NotFound(w, r)
			return
		}
		vals, err := rows.Values()
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		out := make(map[string]any, len(vals))
		for i, f := range rows.FieldDescriptions() {
			out[f.Name] = vals[i]
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(out)
	})
	return serveOn(mux)
}

func serveOn(h http.Handler) (string, func(), error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	return "http://" + ln.Addr().String(), func() { srv.Shutdown(context.Background()) }, nil
}
