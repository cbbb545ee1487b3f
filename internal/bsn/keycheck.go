package bsn

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// DB is what the key check needs of the database (a *pgxpool.Pool).
type DB interface {
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// ErrWrongKey means the configured key is not the key the database's BSNs were
// sealed with. Running on would find no one by BSN and register people twice.
var ErrWrongKey = errors.New(
	"the BSN key (STARTBAAN_BSN_KEY) is not the key this database's BSNs are sealed with",
)

// KeyRecord tells when the key's fingerprint was recorded, and whether that was now.
type KeyRecord struct {
	RecordedAt time.Time
	New        bool
}

// CheckKey compares the sealer's key with the fingerprint stored in the database. On
// first use it records the fingerprint, after checking that the key opens a BSN
// already stored (a database from before the fingerprint existed). Concurrent first
// uses agree on one fingerprint: whichever is recorded first is compared.
func CheckKey(ctx context.Context, db DB, s *Sealer) (KeyRecord, error) {
	stored, at, err := storedFingerprint(ctx, db)
	if errors.Is(err, pgx.ErrNoRows) {
		return recordKey(ctx, db, s)
	}
	if err != nil {
		return KeyRecord{}, err
	}
	if subtle.ConstantTimeCompare(stored, s.fingerprint) != 1 {
		return KeyRecord{}, fmt.Errorf("%w (its fingerprint, recorded on %s, differs): refusing to continue; "+
			"start with the original key (docs/operations.md, The BSN key)", ErrWrongKey, at.Format(time.DateOnly))
	}
	return KeyRecord{RecordedAt: at}, nil
}

func storedFingerprint(ctx context.Context, db DB) ([]byte, time.Time, error) {
	var fp []byte
	var at time.Time
	err := db.QueryRow(ctx, `SELECT fingerprint, recorded_at FROM bsn_key_fingerprint`).Scan(&fp, &at)
	// undefined_table
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok && pgErr.Code == "42P01" {
		return nil, at, errors.New(
			"the database has no BSN key fingerprint yet (migration 00014): run startbaan migrate first",
		)
	}
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return nil, at, fmt.Errorf("bsn: read the key fingerprint: %w", err)
	}
	return fp, at, err
}

// recordKey stores the fingerprint at first use, unless BSNs are stored already that
// the key cannot open.
func recordKey(ctx context.Context, db DB, s *Sealer) (KeyRecord, error) {
	var sample []byte
	err := db.QueryRow(ctx, `SELECT bsn_ciphertext FROM clients LIMIT 1`).Scan(&sample)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return KeyRecord{}, fmt.Errorf("bsn: read a stored BSN: %w", err)
	}
	if err == nil {
		if _, err := s.Open(sample); err != nil {
			return KeyRecord{}, fmt.Errorf("%w: it does not open the BSNs stored already; refusing to continue "+
				"(docs/operations.md, The BSN key)", ErrWrongKey)
		}
	}
	tag, err := db.Exec(
		ctx,
		`INSERT INTO bsn_key_fingerprint (fingerprint) VALUES ($1) ON CONFLICT DO NOTHING`,
		s.fingerprint,
	)
	if err != nil {
		return KeyRecord{}, fmt.Errorf("bsn: record the key fingerprint: %w", err)
	}
	if tag.RowsAffected() == 0 { // another process recorded one meanwhile: compare with it
		return CheckKey(ctx, db, s)
	}
	return KeyRecord{RecordedAt: time.Now(), New: true}, nil
}
