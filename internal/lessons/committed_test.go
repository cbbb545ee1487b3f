package lessons_test

import (
	"context"
	"testing"

	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/lessons"
)

// TestStoredWritesAnswerSuccess makes every query after a commit fail (the request's
// context ends at the commit) and expects a new and a changed lesson to be answered
// with what was stored, not with an error.
func TestStoredWritesAnswerSuccess(t *testing.T) {
	handle := dbtest.Open(t)
	f := &fixture{db: handle.Gorm}
	f.db.Exec(`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam')`)
	cancel := func() {}
	svc := lessons.NewService(dbtest.AfterWrite(t, handle, func() { cancel() }).Gorm)
	km := f.actor(t, "klantmanager", "GM0363", "lessons", "write")
	text := lessons.Text{MunicipalityCode: "GM0363", Theme: "werkgevers",
		Title: "Werkgevers vooraf bezoeken",
		Tried: "We bezochten werkgevers voordat de kandidaten kwamen.", Worked: "Vaker een contract van twintig uur."}
	ctx, end := context.WithCancel(context.Background())
	cancel = end
	l, err := svc.Create(ctx, km, text)
	if err != nil || l.Title != text.Title {
		t.Fatalf("create: stored, but answered %+v, %v", l, err)
	}
	ctx, end = context.WithCancel(context.Background())
	cancel = end
	text.Title = "Werkgevers eerst bezoeken"
	if l, err = svc.Update(ctx, km, l.ID, text); err != nil || l.Title != text.Title {
		t.Fatalf("update: stored, but answered %+v, %v", l, err)
	}
	end()
}
