package users_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/users"
)

func addKarin(t *testing.T, s *users.Service) users.User {
	t.Helper()
	u, err := s.Add(context.Background(), users.NewUser{Email: "karin@example.nl", Name: "Karin",
		Password: "een lang wachtwoord",
		Grants:   []users.Grant{{Role: "klantmanager", Domain: "GM0363"}}})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestLoginAndSessions(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	u := addKarin(t, s)
	now := time.Now()
	id, err := s.Login(ctx, "Karin@example.nl", "een lang wachtwoord", "192.0.2.1", now)
	if err != nil || id != u.ID {
		t.Fatalf("login: %v", err)
	}
	token, err := s.StartSession(ctx, id, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		at   time.Time
		ok   bool
	}{
		{"right away", now.Add(time.Second), true},
		{"29 minutes later", now.Add(29 * time.Minute), true},
		{"idle for 31 minutes", now.Add(61 * time.Minute), false},
	}
	for _, tt := range tests {
		_, err := s.Session(ctx, token, tt.at)
		if (err == nil) != tt.ok {
			t.Errorf("%s: err = %v", tt.name, err)
		}
	}
	if _, err := s.Session(ctx, "forged", now); !errors.Is(err, users.ErrNoSession) {
		t.Errorf("forged session: %v", err)
	}
	token2, _ := s.StartSession(ctx, id, "")
	if err := s.EndSession(ctx, token2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, token2, time.Now()); !errors.Is(err, users.ErrNoSession) {
		t.Error("a session survived logout")
	}
}

func TestAbsoluteTimeoutAndDisable(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	u := addKarin(t, s)
	token, _ := s.StartSession(ctx, u.ID, "")
	// Keep the session busy every 20 minutes: it still ends after 12 hours.
	at := time.Now()
	for i := 0; i < 35; i++ {
		at = at.Add(20 * time.Minute)
		s.Session(ctx, token, at)
	}
	if _, err := s.Session(ctx, token, at.Add(20*time.Minute)); err == nil {
		t.Error("a session lived past 12 hours")
	}
	live, _ := s.StartSession(ctx, u.ID, "")
	apiToken, _, err := s.CreateToken(ctx, u.ID, "rapportage", 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.TokenUser(ctx, apiToken, time.Now()); err != nil {
		t.Fatalf("fresh token: %v", err)
	}
	if _, err := s.TokenUser(ctx, apiToken, time.Now().Add(25*time.Hour)); err == nil {
		t.Error("an expired token works")
	}
	if _, err := s.Disable(ctx, "karin@example.nl"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Session(ctx, live, time.Now()); err == nil {
		t.Error("a session of a disabled account works")
	}
	if _, err := s.TokenUser(ctx, apiToken, time.Now()); err == nil {
		t.Error("a token of a disabled account works")
	}
}

func TestLoginFailuresLookAlikeAndSlowDown(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	addKarin(t, s)
	now := time.Now()
	for _, c := range []struct{ email, password string }{
		{"karin@example.nl", "verkeerd wachtwoord"},
		{"niemand@example.nl", "een lang wachtwoord"},
	} {
		if _, err := s.Login(
			ctx,
			c.email,
			c.password,
			"192.0.2.9",
			now,
		); !errors.Is(err, users.ErrLoginFailed) {
			t.Errorf("%s: err = %v, want the one failure answer", c.email, err)
		}
	}
	for i := 0; i < 5; i++ {
		s.Login(ctx, "karin@example.nl", "verkeerd wachtwoord", "198.51.100.7", now)
	}
	_, err := s.Login(ctx, "karin@example.nl", "een lang wachtwoord", "203.0.113.5", now)
	var wait *users.TooManyAttempts
	if !errors.As(err, &wait) || wait.RetryAfter <= 0 {
		t.Fatalf("after 6 failures: err = %v, want a delay", err)
	}
	if _, err := s.Login(
		ctx,
		"karin@example.nl",
		"een lang wachtwoord",
		"203.0.113.5",
		now.Add(16*time.Minute),
	); err != nil {
		t.Errorf("after the window: %v", err)
	}
	for i := 0; i < users.FreeAddressAttempts; i++ {
		s.Login(ctx, fmt.Sprintf("anders%d@example.nl", i), "x", "192.0.2.77", now)
	}
	// Karin's five typos from the shared office address lock no colleague out.
	if _, err := s.Add(ctx, users.NewUser{Email: "collega@example.nl", Name: "Collega",
		Password: "een ander wachtwoord",
		Grants:   []users.Grant{{Role: "klantmanager", Domain: "GM0363"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Login(
		ctx,
		"collega@example.nl",
		"een ander wachtwoord",
		"198.51.100.7",
		now,
	); err != nil {
		t.Errorf("an address with a few failures blocks a colleague: %v", err)
	}
	if _, err := s.Login(
		ctx,
		"karin@example.nl",
		"een lang wachtwoord",
		"192.0.2.77",
		now,
	); !errors.As(err, &wait) {
		t.Errorf("an address with many failures is not slowed down: %v", err)
	}
}

// TestParallelGuessesMeetTheLimit: twenty guesses at once still get only five tries
// at the password; the rest are told to wait.
func TestParallelGuessesMeetTheLimit(t *testing.T) {
	s := newService(t)
	addKarin(t, s)
	now := time.Now()
	results := make(chan error, 20)
	for i := 0; i < 20; i++ {
		go func() {
			_, err := s.Login(
				context.Background(),
				"karin@example.nl",
				"geraden wachtwoord",
				"192.0.2.44",
				now,
			)
			results <- err
		}()
	}
	tried := 0
	for i := 0; i < 20; i++ {
		err := <-results
		var wait *users.TooManyAttempts
		switch {
		case errors.Is(err, users.ErrLoginFailed):
			tried++
		case !errors.As(err, &wait):
			t.Errorf("unexpected answer %v", err)
		}
	}
	if tried != users.FreeAttempts {
		t.Errorf("%d guesses were checked, want %d", tried, users.FreeAttempts)
	}
}
