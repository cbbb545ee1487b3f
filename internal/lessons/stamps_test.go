package lessons_test

import (
	"context"
	"testing"
	"time"

	"github.com/startbaan/startbaan/internal/lessons"
)

// TestChangesStampUpdatedAt: rewriting, publishing and assessing a lesson each move
// its updated_at (the order of the list), which the database stamps.
func TestChangesStampUpdatedAt(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	km := f.actor(t, "klantmanager", "GM0363", "lessons", "write")
	text := lessons.Text{MunicipalityCode: "GM0363", Theme: "taal", Title: "Taal op de werkvloer"}
	l, err := f.svc.Create(ctx, km, text)
	if err != nil {
		t.Fatal(err)
	}
	tl := f.actor(t, "teamleider", "GM0363", "lessons", "publish")
	szw := f.actor(t, "ministerie", "NL", "lessons", "tag")
	steps := []struct {
		name   string
		change func() (lessons.Lesson, error)
	}{
		{"rewrite", func() (lessons.Lesson, error) {
			text.Worked = "Een taalmaatje per ploeg."
			return f.svc.Update(ctx, km, l.ID, text)
		}},
		{"publish", func() (lessons.Lesson, error) { return f.svc.Publish(ctx, tl, l.ID) }},
		{
			"assess",
			func() (lessons.Lesson, error) { return f.svc.Assess(ctx, szw, l.ID, []string{"taal"}, true) },
		},
	}
	for _, s := range steps {
		before := l.UpdatedAt
		time.Sleep(2 * time.Millisecond)
		if l, err = s.change(); err != nil {
			t.Fatalf("%s: %v", s.name, err)
		}
		if !l.UpdatedAt.After(before) {
			t.Errorf("%s: updated_at stayed %v", s.name, l.UpdatedAt)
		}
	}
}
