package bsn_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/bsn"
)

func TestValid(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"valid example", "111222333", true},
		{"valid with leading zero", "011222335", true},
		{"another valid", "123456782", true},
		{"fails 11-proef", "123456789", false},
		{"too short", "12345678", false},
		{"too long", "1234567820", false},
		{"letters", "12345678a", false},
		{"all zeros", "000000000", false},
		{"empty", "", false},
		{"spaces", "123 45678", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := bsn.Valid(tt.in); got != tt.want {
				t.Errorf("Valid(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}

func TestSealer(t *testing.T) {
	key := bytes.Repeat([]byte{7}, bsn.KeySize)
	s, err := bsn.NewSealer(key)
	if err != nil {
		t.Fatal(err)
	}
	ct1, ct2 := s.Seal("111222333"), s.Seal("111222333")
	if bytes.Equal(ct1, ct2) {
		t.Error("two encryptions of one BSN are equal: the nonce is not random")
	}
	if bytes.Contains(ct1, []byte("111222333")) {
		t.Error("ciphertext contains the plain BSN")
	}
	got, err := s.Open(ct1)
	if err != nil || got != "111222333" {
		t.Fatalf("Open = %q, %v", got, err)
	}
	ct1[len(ct1)-1] ^= 1
	if _, err := s.Open(ct1); err == nil {
		t.Error("tampered ciphertext opened without error")
	}
	if !bytes.Equal(s.Hash("111222333"), s.Hash("111222333")) {
		t.Error("hash is not deterministic")
	}
	if bytes.Equal(s.Hash("111222333"), s.Hash("123456782")) {
		t.Error("different BSNs hash equal")
	}
	other, _ := bsn.NewSealer(bytes.Repeat([]byte{8}, bsn.KeySize))
	if bytes.Equal(s.Hash("111222333"), other.Hash("111222333")) {
		t.Error("hash does not depend on the key")
	}
	if _, err := other.Open(s.Seal("111222333")); err == nil {
		t.Error("ciphertext opened with another key")
	}
	if _, err := bsn.NewSealer([]byte("short")); err == nil || strings.Contains(err.Error(), "short") {
		t.Errorf("short key: err = %v", err)
	}
}
