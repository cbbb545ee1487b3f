package users_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/users"
)

// A stored hash that is not an argon2id hash is a fault to report, not a wrong
// password: read as one, the account could never log in and nobody learnt why.
func TestMalformedStoredHashIsAnError(t *testing.T) {
	db := dbtest.Gorm(t)
	ctx := context.Background()
	if err := db.Exec(
		`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam')`,
	).Error; err != nil {
		t.Fatal(err)
	}
	s := users.NewService(db)
	u := addKarin(t, s)
	if err := db.Exec(
		`UPDATE users SET password_hash = 'md5$0123' WHERE id = ?`,
		u.ID,
	).Error; err != nil {
		t.Fatal(err)
	}
	_, err := s.Login(ctx, u.Email, "een lang wachtwoord", "192.0.2.1", time.Now())
	if err == nil || errors.Is(err, users.ErrLoginFailed) ||
		!strings.Contains(err.Error(), "stored password hash") {
		t.Errorf("login with a malformed stored hash: %v, want an error naming the hash", err)
	}
	if _, err := s.Login(
		ctx,
		"niemand@example.nl",
		"een lang wachtwoord",
		"192.0.2.1",
		time.Now(),
	); !errors.Is(err, users.ErrLoginFailed) {
		t.Errorf("unknown account: %v, want ErrLoginFailed", err)
	}
}
