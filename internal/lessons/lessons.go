// Package lessons keeps the lessons learned that municipalities write about their
// pilots: drafts within the municipality, published by a team lead for every
// municipality and the ministry to read, tagged and marked ready for scale-up by the
// ministry, and searched in Dutch full text.
package lessons

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"github.com/startbaan/startbaan/internal/access"
	"github.com/startbaan/startbaan/internal/errs"
)

// Themes a lesson is filed under.
var Themes = []string{
	"werkgevers",
	"combinatie_werk_inburgering",
	"begeleiding",
	"taal",
	"uitkering",
	"samenwerking",
	"anders",
}

// Statuses of a lesson.
const (
	Draft     = "concept"
	Published = "gepubliceerd"
)

// Lesson is a lesson as readers see it.
type Lesson struct {
	ID               uuid.UUID
	MunicipalityCode string
	PilotCode        *string
	Theme            string
	Title            string
	Tried            string
	Worked           string
	DidNotWork       string
	Evidence         string
	LinkedFigures    []string `gorm:"serializer:json"`
	Status           string
	PublishedAt      *time.Time
	Tags             []string `gorm:"serializer:json"`
	ReadyForScaleUp  bool
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Text is what a municipality writes; it is also the input of a change of a draft.
type Text struct {
	MunicipalityCode string
	PilotCode        *string
	Theme            string
	Title            string
	Tried            string
	Worked           string
	DidNotWork       string
	Evidence         string
	LinkedFigures    []string
}

// Service runs the lesson use cases.
type Service struct{ db *gorm.DB }

// NewService wires the service.
func NewService(db *gorm.DB) *Service { return &Service{db: db} }

func (t *Text) validate() errs.Problems {
	var p errs.Problems
	t.Title = strings.TrimSpace(t.Title)
	if t.Title == "" || utf8.RuneCountInString(t.Title) > 200 {
		p.Add("title", "Geef de les een titel van hoogstens 200 tekens.")
	}
	if !slices.Contains(Themes, t.Theme) {
		p.Add("theme", "Kies een thema: "+strings.Join(Themes, ", ")+".")
	}
	for name, v := range map[string]string{
		"tried":      t.Tried,
		"worked":     t.Worked,
		"didNotWork": t.DidNotWork,
		"evidence":   t.Evidence,
	} {
		if utf8.RuneCountInString(v) > 10000 {
			p.Add(name, "Hoogstens 10.000 tekens.")
		}
	}
	if len(t.LinkedFigures) > 20 {
		p.Add("linkedFigures", "Hoogstens 20 gekoppelde cijfers.")
	}
	if t.LinkedFigures == nil {
		t.LinkedFigures = []string{}
	}
	return p
}

// Create writes a draft in one of the actor's municipalities. The lesson returned is
// read in the transaction of the write: nothing may fail after the commit.
func (s *Service) Create(ctx context.Context, actor access.Actor, t Text) (Lesson, error) {
	actor = actor.For("lessons", "write")
	p := t.validate()
	var ref struct {
		MunicipalityID int32
		PilotID        *int32
	}
	err := s.db.WithContext(ctx).Raw(
		refSQL,
		t.PilotCode,
		t.PilotCode,
		t.MunicipalityCode,
	).Scan(&ref).Error
	if err != nil {
		return Lesson{}, fmt.Errorf("lesson municipality: %w", err)
	}
	if ref.MunicipalityID == 0 || !actor.Allows(ref.MunicipalityID) {
		p.Add("municipality", "Onbekende gemeente, of u schrijft geen lessen voor deze gemeente.")
	} else if t.PilotCode != nil && ref.PilotID == nil {
		p.Add("pilot", "Deze pilot bestaat niet in deze gemeente.")
	}
	if err := p.Err(); err != nil {
		return Lesson{}, err
	}
	id := uuid.New()
	// One transaction: what a request commits runs the commit hooks of its context
	// (the idempotency key is marked used with the write), and the answer is read
	// inside it, so nothing can fail after the commit.
	var out Lesson
	err = s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Create(&lessonRow{ID: id, MunicipalityID: ref.MunicipalityID, PilotID: ref.PilotID,
			Theme: t.Theme,
			Title: t.Title, Tried: t.Tried, Worked: t.Worked, DidNotWork: t.DidNotWork, Evidence: t.Evidence,
			LinkedFigures: textArray(t.LinkedFigures), AuthorID: actor.UserID}).Error
		if err != nil {
			return fmt.Errorf("insert lesson: %w", err)
		}
		out, err = get(tx, actor, id)
		return err
	})
	if err != nil {
		return Lesson{}, err
	}
	return out, nil
}

// Update rewrites a draft of the actor's municipality; a published lesson stays as
// it was published.
func (s *Service) Update(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	t Text,
) (Lesson, error) {
	actor = actor.For("lessons", "write")
	if err := t.validate().Err(); err != nil {
		return Lesson{}, err
	}
	return s.change(ctx, actor, id, func(tx *gorm.DB, cur Lesson) error {
		if cur.Status != Draft {
			return errs.Conflict("Een gepubliceerde les wordt niet meer gewijzigd.")
		}
		return tx.Model(&lessonRow{}).Where("id = ?", id).Updates(map[string]any{"theme": t.Theme,
			"title": t.Title,
			"tried": t.Tried, "worked": t.Worked, "did_not_work": t.DidNotWork, "evidence": t.Evidence,
			"linked_figures": textArray(t.LinkedFigures), "updated_at": gorm.Expr("now()")}).Error
	})
}

// Publish makes a draft of the actor's municipality readable for everyone (team lead).
func (s *Service) Publish(ctx context.Context, actor access.Actor, id uuid.UUID) (Lesson, error) {
	actor = actor.For("lessons", "publish")
	return s.change(ctx, actor, id, func(tx *gorm.DB, cur Lesson) error {
		if cur.Status == Published {
			return errs.Conflict("Deze les is al gepubliceerd.")
		}
		return tx.Model(&lessonRow{}).Where("id = ?", id).Updates(map[string]any{"status": Published,
			"published_at": gorm.Expr("now()"), "published_by": actor.UserID, "updated_at": gorm.Expr("now()")}).Error
	})
}

// Assess records the ministry's tags and whether a published lesson is ready for
// scale-up.
func (s *Service) Assess(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	tags []string,
	ready bool,
) (Lesson, error) {
	actor = actor.For("lessons", "tag")
	var p errs.Problems
	clean := []string{}
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(t))
		if t == "" || utf8.RuneCountInString(t) > 50 {
			p.Add("tags", "Een label heeft 1 tot 50 tekens.")
		} else if !slices.Contains(clean, t) {
			clean = append(clean, t)
		}
	}
	if len(clean) > 20 {
		p.Add("tags", "Hoogstens 20 labels.")
	}
	if err := p.Err(); err != nil {
		return Lesson{}, err
	}
	return s.change(ctx, actor, id, func(tx *gorm.DB, cur Lesson) error {
		if cur.Status != Published {
			return errs.NotFound("Les")
		}
		return tx.Model(&lessonRow{}).Where("id = ?", id).Updates(map[string]any{"tags": textArray(clean),
			"ready_for_scale_up": ready, "updated_at": gorm.Expr("now()")}).Error
	})
}

// change locks a lesson the actor may change — of one of its municipalities, or any
// published one for a national actor — and applies fn in the same transaction, in
// which it also reads the lesson as changed: nothing may fail after the commit.
func (s *Service) change(
	ctx context.Context,
	actor access.Actor,
	id uuid.UUID,
	fn func(*gorm.DB, Lesson) error,
) (Lesson, error) {
	var out Lesson
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		scope := actor.Scope("l.municipality_id")
		list, err := query(
			tx,
			"l.id = ? AND "+scope.SQL+" FOR UPDATE OF l",
			append([]any{id}, scope.Args...)...,
		)
		if err != nil {
			return err
		}
		if len(list) == 0 {
			return errs.NotFound("Les")
		}
		if err := fn(tx, list[0]); err != nil {
			return err
		}
		out, err = get(tx, actor, id)
		return err
	})
	if err != nil {
		return Lesson{}, err
	}
	return out, nil
}

// visible is the WHERE fragment of the lessons the actor may read: published ones,
// and drafts of the municipalities it writes lessons for.
func visible(actor access.Actor) (string, []any) {
	writers := actor.For("lessons", "write")
	scope := writers.Scope("l.municipality_id")
	return "(l.status = 'gepubliceerd' OR " + scope.SQL + ")", scope.Args
}

// Get reads one lesson the actor may see.
func (s *Service) Get(ctx context.Context, actor access.Actor, id uuid.UUID) (Lesson, error) {
	return get(s.db.WithContext(ctx), actor, id)
}

// get reads a lesson the actor may see on db, which may be a transaction.
func get(db *gorm.DB, actor access.Actor, id uuid.UUID) (Lesson, error) {
	where, args := visible(actor)
	list, err := query(db, "l.id = ? AND "+where, append([]any{id}, args...)...)
	if err != nil {
		return Lesson{}, err
	}
	if len(list) == 0 {
		return Lesson{}, errs.NotFound("Les")
	}
	return list[0], nil
}

func query(db *gorm.DB, where string, args ...any) ([]Lesson, error) {
	var out []Lesson
	err := db.Raw(lessonsSelect+where, args...).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("lessons: %w", err)
	}
	return out, nil
}
