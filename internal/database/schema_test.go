package database_test

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/migrations"
)

func openPlain(t *testing.T, url string) *database.DB {
	t.Helper()
	db, err := database.Open(
		context.Background(),
		url,
		database.Options{MaxConns: 4},
		slog.New(slog.DiscardHandler),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}

// TestConcurrentMigrations runs three migrations of one fresh database at once, as
// two `startbaan migrate` and a server with STARTBAAN_MIGRATE_ON_START do: each has
// its own connections, all succeed, and every migration is applied once.
func TestConcurrentMigrations(t *testing.T) {
	url := dbtest.Empty(t)
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for i := range errs {
		wg.Go(func() { errs[i] = database.MigrateURL(context.Background(), url) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("migration %d: %v", i, err)
		}
	}
	db := openPlain(t, url)
	list, err := database.Status(context.Background(), db.Pool)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if !m.Applied {
			t.Errorf("migration %s not applied", m.Name)
		}
	}
	var rows int
	if err := db.Pool.QueryRow(
		context.Background(),
		"SELECT count(*) FROM goose_db_version WHERE version_id > 0",
	).Scan(&rows); err != nil {
		t.Fatal(err)
	}
	if rows != len(list) {
		t.Errorf("goose_db_version holds %d rows for %d migrations", rows, len(list))
	}
}

// TestSchemaBehind: a database one migration behind the binary is not ready, with a
// reason that names the missing migration; after migrate it is.
func TestSchemaBehind(t *testing.T) {
	ctx := context.Background()
	url := dbtest.Empty(t)
	db := openPlain(t, url)
	pending, err := database.Status(ctx, db.Pool)
	if err != nil {
		t.Fatal(err)
	}
	newest, before := pending[len(pending)-1].Version, pending[len(pending)-2].Version
	sqlDB, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	defer sqlDB.Close()
	p, err := goose.NewProvider(goose.DialectPostgres, sqlDB, migrations.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, before); err != nil {
		t.Fatal(err)
	}
	err = db.Ready(ctx)
	var behind *database.SchemaError
	if !errors.As(err, &behind) || behind.Need != newest || behind.Have != before {
		t.Fatalf("ready one migration behind: %v", err)
	}
	list, err := database.Status(ctx, db.Pool)
	if err != nil {
		t.Fatal(err)
	}
	if last := list[len(list)-1]; last.Applied || list[len(list)-2].Applied != true {
		t.Errorf(
			"status one migration behind: newest applied=%t, the one before applied=%t",
			last.Applied,
			list[len(list)-2].Applied,
		)
	}
	if err := database.Migrate(ctx, sqlDB); err != nil {
		t.Fatal(err)
	}
	if err := db.Ready(ctx); err != nil {
		t.Errorf("ready after migrate: %v", err)
	}
}

// TestStatusOfEmptyDatabase: status reads only; on a database goose never touched it
// lists everything as pending and creates nothing.
func TestStatusOfEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	db := openPlain(t, dbtest.Empty(t))
	list, err := database.Status(ctx, db.Pool)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range list {
		if m.Applied {
			t.Errorf("%s applied on an empty database", m.Name)
		}
	}
	var table *string
	if err := db.Pool.QueryRow(
		ctx,
		"SELECT to_regclass('goose_db_version')::text",
	).Scan(&table); err != nil ||
		table != nil {
		t.Errorf("status created goose's table: %v %v", table, err)
	}
	if err := db.Ready(ctx); err == nil {
		t.Error("an empty database is ready")
	}
}
