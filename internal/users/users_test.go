package users_test

import (
	"context"
	"testing"

	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/users"
)

func newService(t *testing.T) *users.Service {
	t.Helper()
	db := dbtest.Gorm(t)
	if err := db.Exec(
		`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam'), ('GM0772', 'Eindhoven')`,
	).Error; err != nil {
		t.Fatal(err)
	}
	return users.NewService(db)
}

func TestAddGrantRevokeDisable(t *testing.T) {
	s := newService(t)
	ctx := context.Background()
	u, err := s.Add(ctx, users.NewUser{Email: " Karin@Example.NL ", Name: "Karin",
		Password: "een lang wachtwoord",
		Grants:   []users.Grant{{Role: "klantmanager", Domain: "GM0363"}}})
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "karin@example.nl" || !u.HasLogin || len(u.Grants) != 1 || u.Disabled {
		t.Fatalf("added %+v", u)
	}
	u, err = s.Grant(ctx, "karin@example.nl", users.Grant{Role: "teamleider", Domain: "GM0772"}, nil)
	if err != nil || len(u.Grants) != 2 {
		t.Fatalf("grant: %+v, %v", u.Grants, err)
	}
	if u, _ = s.Grant(
		ctx,
		"karin@example.nl",
		users.Grant{Role: "teamleider", Domain: "GM0772"},
		nil,
	); len(u.Grants) != 2 {
		t.Errorf("granting twice doubled the grant: %+v", u.Grants)
	}
	u, err = s.Revoke(ctx, "karin@example.nl", users.Grant{Role: "klantmanager", Domain: "GM0363"})
	if err != nil || len(u.Grants) != 1 || u.Grants[0].Domain != "GM0772" {
		t.Fatalf("revoke: %+v, %v", u.Grants, err)
	}
	if u, err = s.Disable(ctx, "karin@example.nl"); err != nil || !u.Disabled {
		t.Fatalf("disable: %+v, %v", u, err)
	}
	if _, err := s.Add(
		ctx,
		users.NewUser{Email: "karin@example.nl", Name: "K", Password: "een lang wachtwoord"},
	); !errs.Is(err, errs.KindConflict) {
		t.Errorf("duplicate email: %v", err)
	}
	if _, err := s.Grant(
		ctx,
		"niemand@example.nl",
		users.Grant{Role: "analist", Domain: "GM0363"},
		nil,
	); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("unknown account: %v", err)
	}
}

func TestAddRejects(t *testing.T) {
	s := newService(t)
	tests := []struct {
		name  string
		in    users.NewUser
		field string
	}{
		{"bad email", users.NewUser{Email: "karin", Name: "K", Password: "een lang wachtwoord"}, "email"},
		{"short password", users.NewUser{Email: "k@example.nl", Name: "K", Password: "kort"}, "password"},
		{"no name", users.NewUser{Email: "k@example.nl", Password: "een lang wachtwoord"}, "name"},
		{
			"unknown role",
			users.NewUser{
				Email:    "k@example.nl",
				Name:     "K",
				Password: "een lang wachtwoord",
				Grants:   []users.Grant{{Role: "koning", Domain: "NL"}},
			},
			"roles",
		},
		{
			"ministry in a municipality",
			users.NewUser{
				Email:    "k@example.nl",
				Name:     "K",
				Password: "een lang wachtwoord",
				Grants:   []users.Grant{{Role: "ministerie", Domain: "GM0363"}},
			},
			"roles",
		},
		{
			"client manager nationally",
			users.NewUser{
				Email:    "k@example.nl",
				Name:     "K",
				Password: "een lang wachtwoord",
				Grants:   []users.Grant{{Role: "klantmanager", Domain: "NL"}},
			},
			"roles",
		},
		{
			"unknown municipality",
			users.NewUser{
				Email:    "k@example.nl",
				Name:     "K",
				Password: "een lang wachtwoord",
				Grants:   []users.Grant{{Role: "analist", Domain: "GM9999"}},
			},
			"municipality",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Add(context.Background(), tt.in)
			e, ok := errs.As(err)
			if !ok || e.Kind != errs.KindInvalid {
				t.Fatalf("err = %v, want invalid", err)
			}
			found := false
			for _, f := range e.Fields {
				found = found || f.Name == tt.field
			}
			if !found {
				t.Errorf("problems %+v do not name %s", e.Fields, tt.field)
			}
		})
	}
	if _, err := s.ByEmail(context.Background(), "k@example.nl"); !errs.Is(err, errs.KindNotFound) {
		t.Error("a rejected account was stored")
	}
}
