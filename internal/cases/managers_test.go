package cases_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/cases"
	"github.com/startbaan/startbaan/internal/errs"
)

func TestManagersOfACase(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	c := f.create(t, "GM0772", "111222333")
	other, gone, analyst := uuid.New(), uuid.New(), uuid.New()
	mustExec(t, f.db, `INSERT INTO users (id, email, name) VALUES (?, 'a@example.nl', 'Anna Eindhoven'),
		(?, 'b@example.nl', 'Bert Weg'), (?, 'c@example.nl', 'Cora Analist')`, other, gone, analyst)
	mustExec(t, f.db, `UPDATE users SET disabled_at = now() WHERE id = ?`, gone)
	mustExec(t, f.db, `INSERT INTO role_assignments (user_id, domain, role) VALUES (?, 'GM0772', 'klantmanager'),
		(?, 'GM0772', 'klantmanager'), (?, 'GM0772', 'analist')`, other, gone, analyst)

	got, err := f.svc.Managers(ctx, f.actor, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []cases.Manager{
		{ID: other, Name: "Anna Eindhoven"},
		{ID: f.manager, Name: "Karin Manager"},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("managers = %v, want the enabled client managers and team leads %v", got, want)
	}
	noAssign := f.actor
	noAssign.Permits = func(_ int32, _, action string) bool { return action != "assign" }
	if _, err := f.svc.Managers(ctx, noAssign, c.ID); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("actor who may not assign: err = %v, want not found", err)
	}
	elsewhere := access.Actor{UserID: &other, Name: "x", Municipalities: []int32{f.ams},
		Permits: func(int32, string, string) bool { return true }}
	if _, err := f.svc.Managers(ctx, elsewhere, c.ID); !errs.Is(err, errs.KindNotFound) {
		t.Errorf("another municipality: err = %v, want not found", err)
	}
}
