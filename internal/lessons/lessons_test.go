package lessons_test

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/dbtest"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/lessons"
)

type fixture struct {
	db  *gorm.DB
	svc *lessons.Service
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := dbtest.Gorm(t)
	db.Exec(
		`INSERT INTO municipalities (code, name) VALUES ('GM0363', 'Amsterdam'), ('GM0772', 'Eindhoven')`,
	)
	db.Exec(`INSERT INTO pilots (code, name, variant, start_date, target_combined_hours_per_week, target_min_work_hours_per_week,
		target_min_integration_hours_per_week, target_max_days_to_offer) VALUES ('amsterdam', 'Startbaan Amsterdam', 'gemeente', '2024-01-29', 30, 20, 8, 14)`)
	db.Exec(
		`INSERT INTO pilot_municipalities SELECT m.id, p.id FROM municipalities m, pilots p WHERE m.code = 'GM0363'`,
	)
	f := &fixture{db: db, svc: lessons.NewService(db)}
	return f
}

// actor makes a user with one role and returns the actor of (object, action) for it,
// as the route guard would.
func (f *fixture) actor(t *testing.T, role, domain, object, action string) access.Actor {
	t.Helper()
	id := uuid.New()
	f.db.Exec(`INSERT INTO users (id, email, name) VALUES (?, ?, 'x')`, id, id.String()+"@example.nl")
	f.db.Exec(
		`INSERT INTO role_assignments (user_id, domain, role) VALUES (?, ?, ?)`,
		id,
		domain,
		role,
	)
	e, err := access.NewEnforcer(context.Background(), f.db)
	if err != nil {
		t.Fatal(err)
	}
	a, ok := e.Actor(access.Principal{UserID: id, Name: "x"}, object, action)
	if !ok {
		t.Fatalf("%s in %s may not %s %s", role, domain, action, object)
	}
	return a
}

func kind(err error) errs.Kind {
	if e, ok := errs.As(err); ok {
		return e.Kind
	}
	return 0
}

func TestDraftPublishReadAssess(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	km := f.actor(t, "klantmanager", "GM0363", "lessons", "write")
	l, err := f.svc.Create(ctx, km, lessons.Text{MunicipalityCode: "GM0363", Theme: "werkgevers",
		Title: "Werkgevers vooraf bezoeken", Tried: "We bezochten werkgevers in de zorg voordat de kandidaten kwamen.",
		Worked: "Werkgevers boden vaker een contract van twintig uur aan.", LinkedFigures: []string{"offerWithin14Days"}})
	if err != nil {
		t.Fatal(err)
	}
	if l.Status != lessons.Draft || l.PilotCode == nil || *l.PilotCode != "amsterdam" {
		t.Fatalf("draft %+v", l)
	}
	other := f.actor(t, "teamleider", "GM0772", "lessons", "read")
	szw := f.actor(t, "ministerie", "NL", "lessons", "read")
	for name, a := range map[string]access.Actor{"another municipality": other, "the ministry": szw} {
		if _, err := f.svc.Get(ctx, a, l.ID); kind(err) != errs.KindNotFound {
			t.Errorf("%s reads a draft: %v", name, err)
		}
	}
	if _, err := f.svc.Publish(
		ctx,
		f.actor(t, "klantmanager", "GM0363", "lessons", "write"),
		l.ID,
	); err == nil {
		t.Error("a client manager published (the actor had no publish right)")
	}
	tl := f.actor(t, "teamleider", "GM0363", "lessons", "publish")
	if _, err := f.svc.Publish(
		ctx,
		f.actor(t, "teamleider", "GM0772", "lessons", "publish"),
		l.ID,
	); kind(err) != errs.KindNotFound {
		t.Errorf("a team lead of another municipality published: %v", err)
	}
	pub, err := f.svc.Publish(ctx, tl, l.ID)
	if err != nil || pub.Status != lessons.Published || pub.PublishedAt == nil {
		t.Fatalf("publish: %+v %v", pub, err)
	}
	if _, err := f.svc.Update(
		ctx,
		km,
		l.ID,
		lessons.Text{Theme: "taal", Title: "Anders"},
	); kind(err) != errs.KindConflict {
		t.Errorf("a published lesson changed: %v", err)
	}
	for name, a := range map[string]access.Actor{"another municipality": other, "the ministry": szw} {
		if _, err := f.svc.Get(ctx, a, l.ID); err != nil {
			t.Errorf("%s cannot read a published lesson: %v", name, err)
		}
	}
	if _, err := f.svc.Assess(ctx, tl, l.ID, []string{"zorg"}, true); err == nil {
		t.Error("a team lead tagged a lesson")
	}
	tagged, err := f.svc.Assess(
		ctx,
		f.actor(t, "ministerie", "NL", "lessons", "tag"),
		l.ID,
		[]string{"Zorg", "zorg", "werkgevers"},
		true,
	)
	if err != nil || !tagged.ReadyForScaleUp || len(tagged.Tags) != 2 {
		t.Errorf("assess: %+v %v", tagged, err)
	}
}

// TestSearchInDutch: the Dutch stemmer finds "werkgevers" for "werkgever", and
// "Nederlands … hielpen … werkvloer" for "nederlandse hielp werkvloeren"; filters narrow;
// drafts stay out of other municipalities' results.
func TestSearchInDutch(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	km := f.actor(t, "teamleider", "GM0363", "lessons", "write")
	tl := f.actor(t, "teamleider", "GM0363", "lessons", "publish")
	mk := func(title, text, theme string, publish bool) {
		l, err := f.svc.Create(
			ctx,
			km,
			lessons.Text{MunicipalityCode: "GM0363", Theme: theme, Title: title, Worked: text},
		)
		if err != nil {
			t.Fatal(err)
		}
		if publish {
			if _, err := f.svc.Publish(ctx, tl, l.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk("Werkgevers vooraf bezoeken", "De werkgevers in de zorg waren enthousiast.", "werkgevers", true)
	mk("Taalles op de werkvloer", "Lessen Nederlands tijdens het werk hielpen.", "taal", true)
	mk("Nog niet af", "Werkgever gesprek loopt nog.", "werkgevers", false)
	reader := f.actor(t, "analist", "GM0772", "lessons", "read")
	got, _, err := f.svc.List(ctx, reader, lessons.Filter{Query: "werkgever"})
	if err != nil || len(got) != 1 || got[0].Title != "Werkgevers vooraf bezoeken" {
		t.Errorf("search werkgever: %d results %v", len(got), err)
	}
	if got, _, _ := f.svc.List(
		ctx,
		reader,
		lessons.Filter{Query: "nederlandse hielp werkvloeren"},
	); len(got) != 1 ||
		got[0].Theme != "taal" {
		t.Errorf("stemmed search: %+v", got)
	}
	if got, _, _ := f.svc.List(ctx, reader, lessons.Filter{Theme: "taal"}); len(got) != 1 {
		t.Errorf("theme filter: %d", len(got))
	}
	if got, _, _ := f.svc.List(ctx, km, lessons.Filter{Query: "werkgever"}); len(got) != 2 {
		t.Errorf("the own municipality finds its draft too: %d", len(got))
	}
	if _, _, err := f.svc.List(
		ctx,
		reader,
		lessons.Filter{Query: `"werkgevers in" -taal OR (`},
	); err != nil {
		t.Errorf("odd search text: %v", err)
	}
}

// TestSearchFindsTags: a word of a ministry label finds the lessons with that label,
// even when the word is nowhere in their text; the tag filter narrows to one label;
// Count counts over all pages; Tags lists the labels in use.
func TestSearchFindsTags(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	km := f.actor(t, "teamleider", "GM0363", "lessons", "write")
	tl := f.actor(t, "teamleider", "GM0363", "lessons", "publish")
	szw := f.actor(t, "ministerie", "NL", "lessons", "tag")
	mk := func(title string, tags ...string) {
		l, err := f.svc.Create(
			ctx,
			km,
			lessons.Text{
				MunicipalityCode: "GM0363",
				Theme:            "begeleiding",
				Title:            title,
				Worked:           "Het hielp.",
			},
		)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Publish(ctx, tl, l.ID); err != nil {
			t.Fatal(err)
		}
		if len(tags) > 0 {
			if _, err := f.svc.Assess(ctx, szw, l.ID, tags, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	mk("Eén vaste contactpersoon", "Jobcoaching", "zorg")
	mk("Maatje bij de start", "zorg")
	mk("Zonder label")
	reader := f.actor(t, "analist", "GM0772", "lessons", "read")
	titles := func(fl lessons.Filter) []string {
		got, _, err := f.svc.List(ctx, reader, fl)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range got {
			out = append(out, l.Title)
		}
		return out
	}
	tests := []struct {
		name   string
		filter lessons.Filter
		want   int
	}{
		{"a tag word", lessons.Filter{Query: "jobcoaching"}, 1},
		{"a tag word, stemmed", lessons.Filter{Query: "jobcoach"}, 1},
		{"a tag shared by two", lessons.Filter{Query: "zorg"}, 2},
		{"a tag word and a title word", lessons.Filter{Query: "zorg maatje"}, 1},
		{"tag filter", lessons.Filter{Tag: "zorg"}, 2},
		{"tag filter, any case", lessons.Filter{Tag: " Jobcoaching "}, 1},
		{"tag filter, unknown", lessons.Filter{Tag: "onbekend"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := titles(tt.filter); len(got) != tt.want {
				t.Errorf("%+v: %v, want %d lessons", tt.filter, got, tt.want)
			}
			if n, err := f.svc.Count(ctx, reader, tt.filter); err != nil || n != tt.want {
				t.Errorf("count %+v: %d %v, want %d", tt.filter, n, err, tt.want)
			}
		})
	}
	if got, more, _ := f.svc.List(ctx, reader, lessons.Filter{PageSize: 2}); len(got) != 2 || !more {
		t.Errorf("first page of 2: %d lessons, more %v", len(got), more)
	}
	if n, _ := f.svc.Count(ctx, reader, lessons.Filter{PageSize: 2}); n != 3 {
		t.Errorf("count over pages: %d, want 3", n)
	}
	if tags, err := f.svc.Tags(ctx); err != nil || strings.Join(tags, ",") != "jobcoaching,zorg" {
		t.Errorf("tags in use: %v %v", tags, err)
	}
}
