package users_test

import (
	"strings"
	"testing"

	"github.com/startbaan/startbaan/internal/users"
)

func TestPasswordHash(t *testing.T) {
	h, err := users.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=32768,t=2,p=1$") ||
		strings.Contains(h, "correct horse") {
		t.Fatalf("hash %q", h)
	}
	h2, _ := users.HashPassword("correct horse battery")
	if h == h2 {
		t.Error("two hashes of one password are equal: no salt")
	}
	tests := []struct {
		name, password, hash string
		ok, err              bool
	}{
		{"right password", "correct horse battery", h, true, false},
		{"wrong password", "correct horse batterY", h, false, false},
		{"empty password", "", h, false, false},
		{"not a hash", "x", "plain", false, true},
		{"other algorithm", "x", "$2a$10$abcdefghijklmnopqrstuv", false, true},
		{"broken parameters", "x", "$argon2id$v=19$m=x$abc$def", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := users.VerifyPassword(tt.password, tt.hash)
			if ok != tt.ok || (err != nil) != tt.err {
				t.Errorf("VerifyPassword = %v, %v", ok, err)
			}
		})
	}
	if _, err := users.HashPassword("kort"); err != users.ErrWeakPassword {
		t.Errorf("short password: %v", err)
	}
}
