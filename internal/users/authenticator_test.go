package users_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/users"
)

// TestAuthenticatorRemembersUntilForget: a checked session is trusted for the
// lifetime unless Forget runs (as every access notification makes it), and never past
// the session's own end.
func TestAuthenticatorRemembersUntilForget(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	u := addKarin(t, s)
	auth := users.NewAuthenticator(s, 10*time.Second)
	now := time.Now()
	session, _ := s.StartSession(ctx, u.ID, "")
	if _, err := auth.Session(ctx, session, now); err != nil {
		t.Fatal(err)
	}
	if err := s.EndSession(ctx, session); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.Session(ctx, session, now.Add(time.Second)); err != nil {
		t.Errorf("the remembered answer was not used: %v", err)
	}
	if _, err := auth.Session(
		ctx,
		session,
		now.Add(11*time.Second),
	); !errors.Is(err, users.ErrNoSession) {
		t.Errorf("an ended session outlived the lifetime: %v", err)
	}
	live, _ := s.StartSession(ctx, u.ID, "")
	auth.Session(ctx, live, now)
	s.EndSession(ctx, live)
	auth.Forget()
	if _, err := auth.Session(ctx, live, now.Add(time.Second)); !errors.Is(err, users.ErrNoSession) {
		t.Errorf("an ended session survived Forget: %v", err)
	}
	if _, err := auth.Session(ctx, "forged", now); !errors.Is(err, users.ErrNoSession) {
		t.Errorf("forged session: %v", err)
	}
}

// TestAuthenticatorEndSession: a session ended through the authenticator is refused
// at once, although its answer was remembered.
func TestAuthenticatorEndSession(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	u := addKarin(t, s)
	auth := users.NewAuthenticator(s, 10*time.Second)
	now := time.Now()
	session, _ := s.StartSession(ctx, u.ID, "")
	if _, err := auth.Session(ctx, session, now); err != nil {
		t.Fatal(err)
	}
	if err := auth.EndSession(ctx, session); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.Session(ctx, session, now); !errors.Is(err, users.ErrNoSession) {
		t.Errorf("the ended session still passes: %v", err)
	}
}
