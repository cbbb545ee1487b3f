package users_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/users"
)

// adminFixture is a database with Amsterdam and Eindhoven, and a beheerder of
// Eindhoven as the acting administrator.
type adminFixture struct {
	db    *gorm.DB
	s     *users.Service
	ams   int32
	ehv   int32
	admin access.Actor
}

func newAdminFixture(t *testing.T) *adminFixture {
	t.Helper()
	db := dbtest.Gorm(t)
	if err := db.Exec(
		`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam'), ('GM0772', 'Eindhoven')`,
	).Error; err != nil {
		t.Fatal(err)
	}
	f := &adminFixture{db: db, s: users.NewService(db)}
	db.Raw(`SELECT id FROM municipalities WHERE code = 'GM0363'`).Scan(&f.ams)
	db.Raw(`SELECT id FROM municipalities WHERE code = 'GM0772'`).Scan(&f.ehv)
	b := f.add(t, "beheerder@eindhoven.example", users.Grant{Role: "beheerder", Domain: "GM0772"})
	f.admin = access.Actor{UserID: &b.ID, Name: b.Name, Municipalities: []int32{f.ehv},
		Roles: map[int32]string{f.ehv: "beheerder"},
		Permits: func(m int32, object, action string) bool {
			return m == f.ehv && object == "users" && action == "manage"
		}}
	return f
}

func (f *adminFixture) add(t *testing.T, email string, grants ...users.Grant) users.User {
	t.Helper()
	u, err := f.s.Add(
		context.Background(),
		users.NewUser{Email: email, Name: email, Password: "een lang wachtwoord", Grants: grants},
	)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// audited counts the change rows of an account in a municipality's log, by role.
func (f *adminFixture) audited(
	t *testing.T,
	account uuid.UUID,
	municipality int32,
	role string,
) int {
	t.Helper()
	var n int
	if err := f.db.Raw(`SELECT count(*) FROM audit_events WHERE object_type = 'account' AND object_id = ? AND action = 'wijzigen'
		AND municipality_id = ? AND role = ?`, account.String(), municipality, role).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSetPassword: a beheerder sets a password for an account of their municipality
// (also one that had none), which ends its sessions and is in the log; a short one,
// their own account, an account with roles elsewhere and one outside their scope are
// refused.
func TestSetPassword(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	karin := f.add(t, "karin@eindhoven.example", users.Grant{Role: "klantmanager", Domain: "GM0772"})
	session, _ := f.s.StartSession(ctx, karin.ID, "")

	if err := f.s.SetPassword(ctx, f.admin, karin.ID, "kort"); !hasField(err, "password") {
		t.Errorf("short password: %v, want a problem of the field", err)
	}
	if err := f.s.SetPassword(ctx, f.admin, karin.ID, "een nieuw lang wachtwoord"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.Session(ctx, session, time.Now()); !errors.Is(err, users.ErrNoSession) {
		t.Error("the account's session survived a new password")
	}
	if _, err := f.s.Login(
		ctx,
		karin.Email,
		"een lang wachtwoord",
		"",
		time.Now(),
	); !errors.Is(err, users.ErrLoginFailed) {
		t.Errorf("old password: %v, want refused", err)
	}
	if id, err := f.s.Login(
		ctx,
		karin.Email,
		"een nieuw lang wachtwoord",
		"",
		time.Now(),
	); err != nil ||
		id != karin.ID {
		t.Errorf("new password: %v", err)
	}
	if n := f.audited(t, karin.ID, f.ehv, "beheerder"); n != 1 {
		t.Errorf("%d audit rows in Eindhoven by the beheerder, want 1", n)
	}

	var row struct{ ID uuid.UUID }
	if err := f.db.Raw(
		`INSERT INTO users (email, name) VALUES ('zonder@eindhoven.example', 'Zonder') RETURNING id`,
	).Scan(&row).Error; err != nil {
		t.Fatal(err)
	}
	nopass := row.ID
	if err := f.db.Exec(
		`INSERT INTO role_assignments (user_id, domain, role) VALUES (?, 'GM0772', 'analist')`,
		nopass,
	).Error; err != nil {
		t.Fatal(err)
	}
	if err := f.s.SetPassword(ctx, f.admin, nopass, "een nieuw lang wachtwoord"); err != nil {
		t.Fatalf("account without a password: %v", err)
	}
	if u, _ := f.s.ByID(ctx, nopass); !u.HasLogin {
		t.Error("the account still has no password")
	}

	both := f.add(
		t,
		"beide@example.nl",
		users.Grant{Role: "analist", Domain: "GM0772"},
		users.Grant{Role: "analist", Domain: "GM0363"},
	)
	amsterdam := f.add(t, "ams@example.nl", users.Grant{Role: "analist", Domain: "GM0363"})
	tests := []struct {
		name string
		id   uuid.UUID
		kind errs.Kind
	}{
		{"own account", *f.admin.UserID, errs.KindForbidden},
		{"roles outside the scope too", both.ID, errs.KindForbidden},
		{"account outside the scope", amsterdam.ID, errs.KindNotFound},
		{"unknown account", uuid.New(), errs.KindNotFound},
	}
	for _, tt := range tests {
		if err := f.s.SetPassword(
			ctx,
			f.admin,
			tt.id,
			"een nieuw lang wachtwoord",
		); !errs.Is(err, tt.kind) {
			t.Errorf("%s: %v, want kind %v", tt.name, err, tt.kind)
		}
	}
	if _, err := f.s.Login(ctx, both.Email, "een lang wachtwoord", "", time.Now()); err != nil {
		t.Errorf("a refused change changed the password: %v", err)
	}
}

// TestChangeOwnPassword: the current password is checked (and counted like a login
// attempt, throttled alike), a short or unchanged new one is refused without counting,
// and a change keeps the session it is made in while ending the others.
func TestChangeOwnPassword(t *testing.T) {
	f := newAdminFixture(t)
	ctx := context.Background()
	karin := f.add(t, "karin@eindhoven.example", users.Grant{Role: "klantmanager", Domain: "GM0772"})
	self := access.Actor{UserID: &karin.ID, Name: karin.Name, ClientAddress: "192.0.2.7"}
	here, _ := f.s.StartSession(ctx, karin.ID, "")
	elsewhere, _ := f.s.StartSession(ctx, karin.ID, "")
	now := time.Now()
	failures := func() int {
		var n int
		f.db.Raw(`SELECT count(*) FROM login_failures WHERE email = ?`, karin.Email).Scan(&n)
		return n
	}

	change := users.PasswordChange{
		Current:     "een lang wachtwoord",
		New:         "kort",
		KeepSession: here,
		Now:         now,
	}
	if err := f.s.ChangeOwnPassword(ctx, self, change); !hasField(err, "newPassword") ||
		failures() != 0 {
		t.Errorf(
			"short new password: %v (%d attempts counted), want a problem, none counted",
			err,
			failures(),
		)
	}
	change.New = change.Current
	if err := f.s.ChangeOwnPassword(ctx, self, change); !hasField(err, "newPassword") {
		t.Errorf("unchanged password: %v, want a problem", err)
	}
	change.Current, change.New = "niet het wachtwoord", "een nieuw lang wachtwoord"
	if err := f.s.ChangeOwnPassword(ctx, self, change); !hasField(err, "currentPassword") ||
		failures() != 1 {
		t.Errorf(
			"wrong current password: %v (%d attempts counted), want a problem, one counted",
			err,
			failures(),
		)
	}
	var failedRows int
	f.db.Raw(
		`SELECT count(*) FROM audit_events WHERE action = 'inloggen_mislukt' AND user_id = ?`,
		*self.UserID,
	).Scan(&failedRows)
	if failedRows != 1 {
		t.Errorf("wrong current password: %d failed-login rows in the audit log, want 1", failedRows)
	}

	change.Current = "een lang wachtwoord"
	if err := f.s.ChangeOwnPassword(ctx, self, change); err != nil {
		t.Fatal(err)
	}
	if failures() != 0 {
		t.Error("a successful change left the failed attempts counted")
	}
	if _, err := f.s.Session(ctx, here, time.Now()); err != nil {
		t.Errorf("the session of the change ended: %v", err)
	}
	if _, err := f.s.Session(ctx, elsewhere, time.Now()); !errors.Is(err, users.ErrNoSession) {
		t.Error("another session survived the change")
	}
	if _, err := f.s.Login(ctx, karin.Email, "een nieuw lang wachtwoord", "", time.Now()); err != nil {
		t.Errorf("login with the new password: %v", err)
	}
	if n := f.audited(t, karin.ID, f.ehv, "klantmanager"); n != 1 {
		t.Errorf("%d audit rows in Eindhoven by the klantmanager, want 1", n)
	}

	change.Current = "fout wachtwoord"
	for i := 0; i < users.FreeAttempts; i++ {
		f.s.ChangeOwnPassword(ctx, self, change)
	}
	var wait *users.TooManyAttempts
	if err := f.s.ChangeOwnPassword(ctx, self, change); !errors.As(err, &wait) {
		t.Errorf("attempt after %d wrong ones: %v, want to wait", users.FreeAttempts, err)
	}
}

func hasField(err error, name string) bool {
	e, ok := errs.As(err)
	if !ok || e.Kind != errs.KindInvalid {
		return false
	}
	for _, f := range e.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}
