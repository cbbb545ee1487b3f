// Package idempotency keeps the answers of requests sent with an Idempotency-Key, so
// that a client may safely retry a POST that creates something: the same key with the
// same request gets the first answer again, never a second record.
//
// The key is claimed before the request runs and marked used inside the transaction
// of the write itself (a database commit hook), not in a transaction of its own: the
// domain services own their transactions, and a mark written apart from the write
// would leave a window in which a crash either loses the mark (a retry writes twice)
// or keeps it without the write (a retry is refused although nothing was saved). With
// the mark in the write's transaction, a key whose request died before committing
// stays "pending" and is taken over by a retry once its lease runs out; a key whose
// write committed is never run again.
package idempotency

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/errs"
)

// TTL is how long a key and its answer are kept.
const TTL = 24 * time.Hour

// MaxBody is the largest answer kept; a larger one is not replayed.
const MaxBody = 1 << 20

// ErrMismatch means the key was used before for a different request.
var ErrMismatch = errors.New("idempotency: key used for another request")

// Request is what identifies a request under a key.
type Request struct {
	UserID       uuid.UUID
	Key          string
	Method, Path string
	IfMatch      string
	Body         []byte
}

// Response is a kept answer.
type Response struct {
	Status      int
	ContentType string
	Location    string
	ETag        string
	Body        []byte
}

// Store keeps keys and answers in PostgreSQL.
type Store struct {
	db    *gorm.DB
	key   []byte
	clock func() time.Time
	lease time.Duration
}

// NewStore keeps keys in db. key keys the fingerprints; lease is how long a claimed
// key is reserved for its request: longer than any request can run and commit.
func NewStore(db *gorm.DB, key []byte, clock func() time.Time, lease time.Duration) *Store {
	if clock == nil {
		clock = time.Now
	}
	return &Store{db: db, key: key, clock: clock, lease: lease}
}

// Claim is a key reserved for the request that runs now.
type Claim struct {
	s      *Store
	userID uuid.UUID
	key    string
	token  uuid.UUID
}

type row struct {
	Fingerprint []byte
	State       string
	Status      *int
	ContentType *string
	Location    *string
	ETag        *string `gorm:"column:etag"`
	Body        []byte
}

// Begin claims r's key for r, or returns the kept answer of an earlier request with
// the same key and the same request. A key used for another request is ErrMismatch;
// a key whose request still runs, or whose write was saved but whose answer was not
// kept, is a conflict.
func (s *Store) Begin(ctx context.Context, r Request) (*Claim, *Response, error) {
	fp := s.fingerprint(r)
	for range 3 {
		c, err := s.claim(ctx, r, fp)
		if err != nil || c != nil {
			return c, nil, err
		}
		var found []row
		err = s.db.WithContext(ctx).Raw(`SELECT fingerprint, state, status, content_type, location, etag, body
			FROM idempotency_keys WHERE user_id = ? AND key = ?`, r.UserID, r.Key).Scan(&found).Error
		if err != nil {
			return nil, nil, fmt.Errorf("idempotency: read key: %w", err)
		}
		if len(found) == 0 {
			continue // expired and purged in between: claim again
		}
		resp, err := found[0].answer(fp)
		return nil, resp, err
	}
	return nil, nil, errs.Conflict(inFlight)
}

const (
	inFlight   = "Een verzoek met deze Idempotency-Key wordt nog verwerkt. Probeer het over een paar seconden opnieuw."
	lostAnswer = "Een verzoek met deze Idempotency-Key is al uitgevoerd, maar het antwoord is niet bewaard. " +
		"Haal de actuele gegevens op in plaats van het verzoek opnieuw te sturen."
	lostClaim = "Dit verzoek duurde te lang en is niet opgeslagen. Stuur het opnieuw."
)

func (f row) answer(fp []byte) (*Response, error) {
	switch {
	case !hmac.Equal(f.Fingerprint, fp):
		return nil, ErrMismatch
	case f.State == "pending":
		return nil, errs.Conflict(inFlight)
	case f.State == "committed" || f.Status == nil:
		return nil, errs.Conflict(lostAnswer)
	}
	return &Response{
		Status:      *f.Status,
		ContentType: deref(f.ContentType),
		Location:    deref(f.Location),
		ETag:        deref(f.ETag),
		Body:        f.Body,
	}, nil
}

// claim inserts the key, or takes over an expired one, or a pending one whose lease
// ran out (its request died before it committed). nil: somebody else holds the key.
func (s *Store) claim(ctx context.Context, r Request, fp []byte) (*Claim, error) {
	now, token := s.clock(), uuid.New()
	var got []uuid.UUID
	err := s.db.WithContext(ctx).Raw(`INSERT INTO idempotency_keys AS k (user_id, key, fingerprint, token, state, lease_until, expires_at)
		VALUES (?, ?, ?, ?, 'pending', ?, ?)
		ON CONFLICT (user_id, key) DO UPDATE SET fingerprint = EXCLUDED.fingerprint, token = EXCLUDED.token, state = 'pending',
			lease_until = EXCLUDED.lease_until, expires_at = EXCLUDED.expires_at,
			status = NULL, content_type = NULL, location = NULL, etag = NULL, body = NULL
		WHERE k.expires_at <= ? OR (k.state = 'pending' AND k.lease_until <= ? AND k.fingerprint = EXCLUDED.fingerprint)
		RETURNING token`, r.UserID, r.Key, fp, token, now.Add(s.lease), now.Add(TTL), now, now).Scan(&got).Error
	if err != nil {
		return nil, fmt.Errorf("idempotency: claim key: %w", err)
	}
	if len(got) == 1 && got[0] == token {
		return &Claim{s: s, userID: r.UserID, key: r.Key, token: token}, nil
	}
	return nil, nil
}

// Guard returns the context to run the request under: each of its transactions marks
// the key used before it commits, and rolls back if the claim was lost.
func (c *Claim) Guard(ctx context.Context) context.Context {
	return database.WithCommitHook(ctx, func(ctx context.Context, tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE idempotency_keys SET state = 'committed'
			WHERE user_id = $1 AND key = $2 AND token = $3`, c.userID, c.key, c.token)
		if err != nil {
			return fmt.Errorf("idempotency: mark key: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.Conflict(lostClaim)
		}
		return nil
	})
}

// Finish keeps the answer of a request that succeeded.
func (c *Claim) Finish(ctx context.Context, r Response) error {
	if len(r.Body) > MaxBody {
		return nil // stays "committed": a retry is told to look the result up
	}
	return c.s.db.WithContext(ctx).Exec(`UPDATE idempotency_keys SET state = 'done', status = ?, content_type = ?, location = ?,
			etag = ?, body = ? WHERE user_id = ? AND key = ? AND token = ?`,
		r.Status, r.ContentType, r.Location, r.ETag, r.Body, c.userID, c.key, c.token).Error
}

// Abandon frees the key of a request that failed, if it saved nothing, so that the
// client may retry with it. A key whose request saved something stays used.
func (c *Claim) Abandon(ctx context.Context) error {
	return c.s.db.WithContext(ctx).Exec(`DELETE FROM idempotency_keys WHERE user_id = ? AND key = ? AND token = ? AND state = 'pending'`,
		c.userID, c.key, c.token).Error
}

// Purge deletes the expired keys and their answers.
func (s *Store) Purge(ctx context.Context) (int64, error) {
	res := s.db.WithContext(ctx).Exec(`DELETE FROM idempotency_keys WHERE expires_at <= ?`, s.clock())
	return res.RowsAffected, res.Error
}

// PurgeEvery purges every interval until ctx ends.
func (s *Store) PurgeEvery(ctx context.Context, every time.Duration, log *slog.Logger) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.Purge(ctx); err != nil && !database.IsUnavailable(err) {
				log.Warn("idempotency: purge failed", "error", err)
			} else if n > 0 {
				log.Info("idempotency: expired keys purged", "keys", n)
			}
		}
	}
}

// fingerprint is a keyed hash of the request: the body may hold a BSN, which an
// unkeyed hash would give away to a search over all 10^9 numbers. JSON is compacted
// first, so that only a change in content counts as another request.
func (s *Store) fingerprint(r Request) []byte {
	m := hmac.New(sha256.New, s.key)
	fmt.Fprintf(m, "%s\x00%s\x00%s\x00", r.Method, r.Path, r.IfMatch)
	var compact bytes.Buffer
	if json.Compact(&compact, r.Body) == nil {
		m.Write(compact.Bytes())
	} else {
		m.Write(r.Body)
	}
	return m.Sum(nil)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
