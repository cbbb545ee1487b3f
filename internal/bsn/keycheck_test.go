package bsn_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/startbaan/startbaan/internal/bsn"
	"github.com/startbaan/startbaan/internal/dbtest"
)

func sealer(t *testing.T, fill byte) *bsn.Sealer {
	t.Helper()
	s, err := bsn.NewSealer(bytes.Repeat([]byte{fill}, bsn.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFingerprint(t *testing.T) {
	x, y := sealer(t, 1), sealer(t, 2)
	if len(x.Fingerprint()) != 32 || bytes.Equal(x.Fingerprint(), y.Fingerprint()) {
		t.Fatal("two keys share a fingerprint")
	}
	if !bytes.Equal(x.Fingerprint(), sealer(t, 1).Fingerprint()) {
		t.Error("one key, two fingerprints")
	}
	if bytes.Contains(x.Fingerprint(), bytes.Repeat([]byte{1}, 8)) {
		t.Error("the fingerprint shows the key")
	}
}

// TestCheckKey: the first key is recorded; another key is refused; the first key
// passes again.
func TestCheckKey(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Open(t).Pool
	first, err := bsn.CheckKey(ctx, pool, sealer(t, 1))
	if err != nil || !first.New {
		t.Fatalf("first use: %+v %v", first, err)
	}
	if _, err := bsn.CheckKey(ctx, pool, sealer(t, 2)); !errors.Is(err, bsn.ErrWrongKey) {
		t.Fatalf("another key: %v", err)
	}
	again, err := bsn.CheckKey(ctx, pool, sealer(t, 1))
	if err != nil || again.New || again.RecordedAt.IsZero() {
		t.Fatalf("the first key again: %+v %v", again, err)
	}
}

// TestCheckKeyOnDataFromBefore: a database with BSNs but no fingerprint (sealed before
// the fingerprint existed) records only a key that opens them.
func TestCheckKeyOnDataFromBefore(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Open(t).Pool
	_, err := pool.Exec(ctx, `WITH m AS (INSERT INTO municipalities (code, name) VALUES ('GM9999', 'Proef') RETURNING id)
		INSERT INTO clients (municipality_id, bsn_ciphertext, bsn_hash, name, birth_date, gender, country_of_birth,
			residence_permit_date, household_type, language_level_intake)
		SELECT id, $1, $2, 'Test Persoon', '1990-01-01', 'x', 'SY', '2024-01-01', 'alleenstaand', 'A1' FROM m`,
		sealer(t, 1).Seal("111222333"), sealer(t, 1).Hash("111222333"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bsn.CheckKey(ctx, pool, sealer(t, 2)); !errors.Is(err, bsn.ErrWrongKey) {
		t.Fatalf("a key that does not open the stored BSNs: %v", err)
	}
	if rec, err := bsn.CheckKey(ctx, pool, sealer(t, 1)); err != nil || !rec.New {
		t.Fatalf("the key that sealed them: %+v %v", rec, err)
	}
}

// TestCheckKeyConcurrentFirstUse: instances starting at once with different keys on
// an empty database: one key wins, every process with another key is refused.
func TestCheckKeyConcurrentFirstUse(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Open(t).Pool
	errs := make([]error, 12)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { _, errs[i] = bsn.CheckKey(ctx, pool, sealer(t, byte(1+i%2))) })
	}
	wg.Wait()
	accepted := map[byte]int{}
	for i, err := range errs {
		switch {
		case err == nil:
			accepted[byte(1+i%2)]++
		case !errors.Is(err, bsn.ErrWrongKey):
			t.Fatalf("check %d: %v", i, err)
		}
	}
	if len(accepted) != 1 || (accepted[1] != 6 && accepted[2] != 6) {
		t.Errorf("accepted per key: %v, want all checks of one key", accepted)
	}
}
