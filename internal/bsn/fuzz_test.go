package bsn_test

import (
	"bytes"
	"errors"
	"strconv"
	"testing"

	"github.com/startbaan/startbaan/internal/bsn"
)

var bsnSeeds = []string{"111222333", "123456782", "000000000", "999999990", "11122233",
	"1112223333", " 11122233",
	"11122233\x00", "１１１２２２３３３", "-11222333", "+11222333", "1e8000000", "\xff\xfe", ""}

// elfproef is the 11-proef written out another way, to check Valid against.
func elfproef(s string) bool {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || len(s) != 9 {
		return false
	}
	sum := -int(n % 10)
	for w := 2; w <= 9; w++ {
		n /= 10
		sum += w * int(n%10)
	}
	return sum != 0 && sum%11 == 0
}

// FuzzValid: Valid agrees with the 11-proef written out another way, and changing
// one digit of a valid BSN makes it invalid (the 11-proef catches every such typo).
func FuzzValid(f *testing.F) {
	for _, s := range bsnSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := bsn.Valid(s), elfproef(s); got != want {
			t.Fatalf("Valid(%q) = %v, the 11-proef says %v", s, got, want)
		}
		if !bsn.Valid(s) {
			return
		}
		for i := range 9 {
			for d := byte('0'); d <= '9'; d++ {
				typo := []byte(s)
				if typo[i] == d {
					continue
				}
				typo[i] = d
				if bsn.Valid(string(typo)) {
					t.Fatalf("%q and %q are both valid", s, typo)
				}
			}
		}
	})
}

// FuzzSealOpen: what Seal encrypts, Open returns; the hash is the same for the same
// BSN; a changed ciphertext or any other bytes are refused with ErrCorrupt.
func FuzzSealOpen(f *testing.F) {
	for _, s := range bsnSeeds {
		f.Add(s, []byte(s))
	}
	s, err := bsn.NewSealer(bytes.Repeat([]byte{7}, bsn.KeySize))
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, plain string, junk []byte) {
		sealed := s.Seal(plain)
		if got, err := s.Open(sealed); err != nil || got != plain {
			t.Fatalf("Open(Seal(%q)) = %q, %v", plain, got, err)
		}
		if !bytes.Equal(s.Hash(plain), s.Hash(plain)) {
			t.Fatal("hash differs for the same BSN")
		}
		sealed[len(sealed)-1] ^= 1
		if _, err := s.Open(sealed); !errors.Is(err, bsn.ErrCorrupt) {
			t.Fatalf("a changed ciphertext opened: %v", err)
		}
		if _, err := s.Open(junk); !errors.Is(err, bsn.ErrCorrupt) {
			t.Fatalf("junk %x opened: %v", junk, err)
		}
	})
}
