package users_test

import (
	"context"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/users"
)

// TestSessionUseKeepsItAlive: a session used within the idle timeout stays alive
// from that use on, not from its start.
func TestSessionUseKeepsItAlive(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	u := addKarin(t, s)
	token, err := s.StartSession(ctx, u.ID, "192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	for _, minutes := range []time.Duration{29, 55, 80} {
		if _, err := s.Session(ctx, token, now.Add(minutes*time.Minute)); err != nil {
			t.Fatalf("used again after %d minutes: %v", minutes, err)
		}
	}
}

// TestAccountChangesStampUpdatedAt: every change of an account moves its
// updated_at, which the database stamps.
func TestAccountChangesStampUpdatedAt(t *testing.T) {
	db := dbtest.Gorm(t)
	if err := db.Exec(
		`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam')`,
	).Error; err != nil {
		t.Fatal(err)
	}
	s := users.NewService(db)
	ctx := context.Background()
	u := addKarin(t, s)
	stamp := func() time.Time {
		var at time.Time
		if err := db.Raw(`SELECT updated_at FROM users WHERE id = ?`, u.ID).Scan(&at).Error; err != nil {
			t.Fatal(err)
		}
		return at
	}
	changes := []struct {
		name   string
		change func() error
	}{
		{"disable", func() error { _, err := s.Disable(ctx, u.Email); return err }},
		{"enable", func() error {
			_, err := s.SetDisabled(ctx, access.System("test"), u.ID, false)
			return err
		}},
		{
			"password",
			func() error {
				return s.SetPassword(
					ctx,
					access.System("test"),
					u.ID,
					"een ander lang wachtwoord",
				)
			},
		},
	}
	for _, c := range changes {
		before := stamp()
		time.Sleep(2 * time.Millisecond)
		if err := c.change(); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if after := stamp(); !after.After(before) {
			t.Errorf("%s: updated_at stayed %v", c.name, after)
		}
	}
}
