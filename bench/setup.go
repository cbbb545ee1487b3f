package main

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/demo"
)

// benchKey seals the generated BSNs; the data is synthetic, the key need not be secret.
var benchKey = bytes.Repeat([]byte{42}, bsn.KeySize)

// prepare makes sure the database startbaan_bench holds the benchmark volume.
func prepare(ctx context.Context, o options) (*database.DB, error) {
	server, err := serverURL()
	if err != nil {
		return nil, err
	}
	url, err := ensureDatabase(ctx, server, "startbaan_bench")
	if err != nil {
		return nil, err
	}
	if err := database.MigrateURL(ctx, url); err != nil {
		return nil, err
	}
	db, err := database.Open(
		ctx,
		url,
		database.Options{MaxConns: int32(o.pool)},
		slog.New(slog.DiscardHandler),
	)
	if err != nil {
		return nil, err
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM cases`).Scan(&n); err != nil {
		return nil, err
	}
	if n >= o.cases {
		fmt.Printf("using the existing data set (%d cases)\n", n)
		return db, nil
	}
	sealer, _ := bsn.NewSealer(benchKey)
	start := time.Now()
	sum, err := demo.Generate(ctx, db.Pool, sealer,
		demo.GenerateOptions{Municipalities: o.municipalities,
			Cases: o.cases, WeeklyRows: o.weekRows, Seed: 1, Now: time.Now(), Progress: func(s string) { fmt.Println("  " + s) }})
	if err != nil {
		return nil, err
	}
	fmt.Printf("generated in %s: %+v\n", time.Since(start).Round(time.Second), sum)
	return db, nil
}

// ensureDatabase creates the named database on the server when it is missing.
func ensureDatabase(ctx context.Context, server, name string) (string, error) {
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return "", fmt.Errorf("connect %s: %w", server, err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(
		ctx,
		`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`,
		name,
	).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
			return "", err
		}
	}
	cfg := conn.Config()
	return replaceDB(server, cfg.Database, name), nil
}

func replaceDB(url, from, to string) string {
	i := strings.LastIndex(url, "/"+from)
	if i < 0 {
		return url
	}
	return url[:i] + "/" + to + url[i+len(from)+1:]
}
