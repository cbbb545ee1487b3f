package idempotency_test

import (
	"bytes"
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/idempotency"
)

func setup(t *testing.T) (*gorm.DB, *idempotency.Store, *atomic.Int64, idempotency.Request) {
	t.Helper()
	db := dbtest.Gorm(t)
	user := uuid.New()
	if err := db.Exec(
		`INSERT INTO users (id, email, name) VALUES (?, 'km@example.nl', 'K')`,
		user,
	).Error; err != nil {
		t.Fatal(err)
	}
	var offset atomic.Int64
	clock := func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	store := idempotency.NewStore(db, bytes.Repeat([]byte{1}, 32), clock, 30*time.Second)
	r := idempotency.Request{
		UserID: user,
		Key:    "k",
		Method: "POST",
		Path:   "/api/v1/employers",
		Body:   []byte(`{"a":1}`),
	}
	return db, store, &offset, r
}

// write inserts a municipality in a transaction under ctx, as a domain service would.
func write(ctx context.Context, db *gorm.DB, code string) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO municipalities (code, name) VALUES (?, 'x')`, code).Error
	})
}

func count(db *gorm.DB, code string) (n int) {
	db.Raw(`SELECT count(*) FROM municipalities WHERE code = ?`, code).Scan(&n)
	return n
}

// TestCrashAfterCommit: a request whose write committed but whose answer was never
// kept (the server died in between) is not run again: a retry gets 409.
func TestCrashAfterCommit(t *testing.T) {
	db, store, offset, r := setup(t)
	claim, _, err := store.Begin(t.Context(), r)
	if err != nil || claim == nil {
		t.Fatal(err)
	}
	if err := write(claim.Guard(t.Context()), db, "GM0001"); err != nil {
		t.Fatal(err)
	}
	// The server dies here: no Finish. Even after the lease a retry does not run.
	offset.Store(int64(time.Minute))
	if err := claim.Abandon(t.Context()); err != nil {
		t.Fatal(err)
	}
	_, kept, err := store.Begin(t.Context(), r)
	if kept != nil || !errs.Is(err, errs.KindConflict) {
		t.Errorf("retry after a commit without answer: %v %v", kept, err)
	}
}

// TestCrashBeforeCommit: a request that died before its write committed leaves its
// key pending; a retry after the lease takes the key over and runs, and should the
// first request still try to commit, its write is rolled back: one write, never two.
func TestCrashBeforeCommit(t *testing.T) {
	db, store, offset, r := setup(t)
	first, _, err := store.Begin(t.Context(), r)
	if err != nil || first == nil {
		t.Fatal(err)
	}
	if _, _, err := store.Begin(t.Context(), r); !errs.Is(err, errs.KindConflict) {
		t.Errorf("retry within the lease: %v", err)
	}
	offset.Store(int64(31 * time.Second))
	other := r
	other.Body = []byte(`{"a":2}`)
	if _, _, err := store.Begin(t.Context(), other); !errors.Is(err, idempotency.ErrMismatch) {
		t.Errorf("another body after the lease: %v", err)
	}
	second, _, err := store.Begin(t.Context(), r)
	if err != nil || second == nil {
		t.Fatalf("retry after the lease: %v", err)
	}
	if err := write(first.Guard(t.Context()), db, "GM0001"); !errs.Is(err, errs.KindConflict) {
		t.Errorf("the first request's late commit: %v", err)
	}
	if err := write(second.Guard(t.Context()), db, "GM0001"); err != nil {
		t.Fatal(err)
	}
	if err := second.Finish(
		t.Context(),
		idempotency.Response{Status: 201, Body: []byte(`{}`)},
	); err != nil {
		t.Fatal(err)
	}
	if n := count(db, "GM0001"); n != 1 {
		t.Errorf("%d writes, want 1", n)
	}
	_, kept, err := store.Begin(t.Context(), r)
	if err != nil || kept == nil || kept.Status != 201 {
		t.Errorf("kept answer: %+v %v", kept, err)
	}
}
