package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/docs"
	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/api"
	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/hours"
	"github.com/startbaan/startbaan/internal/placements"
)

// startAPI serves the real API (Echo, GORM, domain services) on a free port.
func startAPI(db *database.DB) (string, func(), error) {
	sealer, _ := bsn.NewSealer(benchKey)
	spec, err := docs.OpenAPIJSON()
	if err != nil {
		return "", nil, err
	}
	actor := access.System("bench")
	e := api.New(api.Deps{DB: db.Gorm, Cases: cases.NewService(db, sealer, time.Now),
		Hours: hours.NewService(db.Gorm, time.Now), Placements: placements.NewService(db.Gorm, time.Now),
		Ready: db.Ping, Logger: slog.New(slog.DiscardHandler), OpenAPI: spec,
		Actor: func(echo.Context) access.Actor { return actor }})
	return serveOn(e)
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
