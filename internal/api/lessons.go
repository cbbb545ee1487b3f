package api

import (
	"net/http"
	"time"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/lessons"
)

type lessonTextJSON struct {
	Municipality  string   `json:"municipality"`
	Pilot         *string  `json:"pilot"`
	Theme         string   `json:"theme"`
	Title         string   `json:"title"`
	Tried         string   `json:"tried"`
	Worked        string   `json:"worked"`
	DidNotWork    string   `json:"didNotWork"`
	Evidence      string   `json:"evidence"`
	LinkedFigures []string `json:"linkedFigures"`
}

func (j lessonTextJSON) text() lessons.Text {
	return lessons.Text{MunicipalityCode: j.Municipality, PilotCode: j.Pilot, Theme: j.Theme,
		Title: j.Title, Tried: j.Tried,
		Worked: j.Worked, DidNotWork: j.DidNotWork, Evidence: j.Evidence, LinkedFigures: j.LinkedFigures}
}

type lessonJSON struct {
	ID uuid.UUID `json:"id"`
	lessonTextJSON
	Status          string     `json:"status"`
	PublishedAt     *time.Time `json:"publishedAt"`
	Tags            []string   `json:"tags"`
	ReadyForScaleUp bool       `json:"readyForScaleUp"`
	CreatedAt       time.Time  `json:"createdAt"`
	UpdatedAt       time.Time  `json:"updatedAt"`
}

type assessmentJSON struct {
	Tags            []string `json:"tags"`
	ReadyForScaleUp bool     `json:"readyForScaleUp"`
}

func toLessonJSON(l lessons.Lesson) lessonJSON {
	return lessonJSON{ID: l.ID, lessonTextJSON: lessonTextJSON{Municipality: l.MunicipalityCode,
		Pilot: l.PilotCode, Theme: l.Theme,
		Title: l.Title, Tried: l.Tried, Worked: l.Worked, DidNotWork: l.DidNotWork, Evidence: l.Evidence, LinkedFigures: l.LinkedFigures},
		Status: l.Status, PublishedAt: l.PublishedAt, Tags: l.Tags, ReadyForScaleUp: l.ReadyForScaleUp, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
}

func (h *handlers) listLessons(c echo.Context) error {
	q := c.QueryParams()
	var p errs.Problems
	f := lessons.Filter{Query: q.Get("q"), Theme: q.Get("theme"), Tag: q.Get("tag"),
		Pilot: q.Get("pilot"), Municipality: q.Get("municipality"),
		Status: q.Get("status"), ReadyOnly: q.Get("readyForScaleUp") == "true",
		Page: queryInt(&p, q.Get("page"), "page"), PageSize: queryInt(&p, q.Get("pageSize"), "pageSize")}
	if err := p.Err(); err != nil {
		return err
	}
	list, more, err := h.Lessons.List(c.Request().Context(), h.guard.Actor(c), f)
	if err != nil {
		return err
	}
	out := make([]lessonJSON, len(list))
	for i, l := range list {
		out[i] = toLessonJSON(l)
	}
	return h.json(c, http.StatusOK, map[string]any{"lessons": out, "hasMore": more})
}

func (h *handlers) createLesson(c echo.Context) error {
	var req lessonTextJSON
	if err := decode(c, &req); err != nil {
		return err
	}
	l, err := h.Lessons.Create(c.Request().Context(), h.guard.Actor(c), req.text())
	if err != nil {
		return err
	}
	c.Response().Header().Set(echo.HeaderLocation, BasePath+"/lessons/"+l.ID.String())
	return h.json(c, http.StatusCreated, toLessonJSON(l))
}

func (h *handlers) getLesson(c echo.Context) error {
	return h.lessonAction(c, http.StatusOK, func(id uuid.UUID) (lessons.Lesson, error) {
		return h.Lessons.Get(c.Request().Context(), h.guard.Actor(c), id)
	})
}

// putLesson rewrites a draft's text; the municipality stays what it was.
func (h *handlers) putLesson(c echo.Context) error {
	var req lessonTextJSON
	if err := decode(c, &req); err != nil {
		return err
	}
	return h.lessonAction(c, http.StatusOK, func(id uuid.UUID) (lessons.Lesson, error) {
		return h.Lessons.Update(c.Request().Context(), h.guard.Actor(c), id, req.text())
	})
}

func (h *handlers) publishLesson(c echo.Context) error {
	return h.lessonAction(c, http.StatusCreated, func(id uuid.UUID) (lessons.Lesson, error) {
		return h.Lessons.Publish(c.Request().Context(), h.guard.Actor(c), id)
	})
}

func (h *handlers) assessLesson(c echo.Context) error {
	var req assessmentJSON
	if err := decode(c, &req); err != nil {
		return err
	}
	return h.lessonAction(c, http.StatusOK, func(id uuid.UUID) (lessons.Lesson, error) {
		return h.Lessons.Assess(
			c.Request().Context(),
			h.guard.Actor(c),
			id,
			req.Tags,
			req.ReadyForScaleUp,
		)
	})
}

func (h *handlers) lessonAction(
	c echo.Context,
	status int,
	do func(uuid.UUID) (lessons.Lesson, error),
) error {
	id, err := pathUUID(c, "lessonId")
	if err != nil {
		return err
	}
	l, err := do(id)
	if err != nil {
		return err
	}
	return h.json(c, status, toLessonJSON(l))
}
