// Package bsn validates citizen service numbers (burgerservicenummers) and keeps them
// secret: encrypted with AES-GCM for storage, with a keyed HMAC hash for exact lookup.
// A plain BSN must never reach a URL, a log line or an error message.
package bsn

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
)

// Valid reports whether s is nine digits that pass the 11-proef:
// 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 must be a multiple of 11 (and not zero).
func Valid(s string) bool {
	if len(s) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return false
		}
		weight := 9 - i
		if i == 8 {
			weight = -1
		}
		sum += weight * int(c-'0')
	}
	return sum != 0 && sum%11 == 0
}

// KeySize is the length in bytes of the master key the Sealer derives its keys from.
const KeySize = 32

// Sealer encrypts BSNs and computes their lookup hashes. The encryption key and the
// hash key are derived from one master key with HKDF, so that one secret is configured
// but the two uses never share a key.
type Sealer struct {
	aead        cipher.AEAD
	hashKey     []byte
	fingerprint []byte
}

// NewSealer derives the encryption and hash keys from a 32-byte master key.
func NewSealer(master []byte) (*Sealer, error) {
	if len(master) != KeySize {
		return nil, fmt.Errorf("bsn: master key must be %d bytes, got %d", KeySize, len(master))
	}
	encKey, err := hkdf.Key(sha256.New, master, nil, "startbaan bsn encryption v1", 32)
	if err != nil {
		return nil, fmt.Errorf("bsn: derive encryption key: %w", err)
	}
	hashKey, err := hkdf.Key(sha256.New, master, nil, "startbaan bsn lookup hash v1", 32)
	if err != nil {
		return nil, fmt.Errorf("bsn: derive hash key: %w", err)
	}
	block, err := aes.NewCipher(encKey)
	if err != nil {
		return nil, fmt.Errorf("bsn: cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("bsn: gcm: %w", err)
	}
	return &Sealer{aead: aead, hashKey: hashKey, fingerprint: fingerprint(master)}, nil
}

// fingerprintLabel is what the key's fingerprint is an HMAC of.
const fingerprintLabel = "startbaan bsn key fingerprint v1"

// fingerprint identifies the master key without revealing it: an HMAC of a fixed
// label under the key. Equal keys give equal fingerprints; from a fingerprint no key
// can be found, and it opens nothing (the encryption and hash keys are HKDF outputs
// under other labels).
func fingerprint(master []byte) []byte {
	m := hmac.New(sha256.New, master)
	m.Write([]byte(fingerprintLabel))
	return m.Sum(nil)
}

// Fingerprint is the fingerprint of the master key, stored in the database so that
// a command with another key can be refused.
func (s *Sealer) Fingerprint() []byte { return bytes.Clone(s.fingerprint) }

// Seal encrypts a BSN; the random nonce is stored in front of the ciphertext.
func (s *Sealer) Seal(bsn string) []byte {
	nonce := make([]byte, s.aead.NonceSize())
	rand.Read(nonce) // crypto/rand.Read never fails on supported platforms
	return s.aead.Seal(nonce, nonce, []byte(bsn), nil)
}

// ErrCorrupt means a stored ciphertext could not be decrypted (wrong key or tampering).
var ErrCorrupt = errors.New("bsn: ciphertext cannot be opened")

// Open decrypts a ciphertext made by Seal.
func (s *Sealer) Open(ciphertext []byte) (string, error) {
	n := s.aead.NonceSize()
	if len(ciphertext) < n {
		return "", ErrCorrupt
	}
	plain, err := s.aead.Open(nil, ciphertext[:n], ciphertext[n:], nil)
	if err != nil {
		return "", ErrCorrupt
	}
	return string(plain), nil
}

// Hash is the keyed lookup hash of a BSN: equal BSNs give equal hashes, and without
// the key the hash cannot be reversed by trying all 10^9 numbers.
func (s *Sealer) Hash(bsn string) []byte {
	m := hmac.New(sha256.New, s.hashKey)
	m.Write([]byte(bsn))
	return m.Sum(nil)
}
