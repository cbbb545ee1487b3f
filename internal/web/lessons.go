package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/lessons"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/web/outcomepage"
)

// lessonListView is what lessons.html shows.
type lessonListView struct {
	Filter   lessons.Filter
	Ready    bool
	Lessons  []lessonView
	More     bool
	Next     string // the next page's address, with the same filters
	Previous string
	Total    int // lessons found over all pages
	First    int // the number of the first lesson on this page
	Places   outcomepage.Places
	Themes   []option
	Tags     []string // the ministry's labels in use
	MayWrite bool
}

// Heading is the list's heading with the number found: "Alle lessen (47)".
func (v lessonListView) Heading() string {
	what := "Alle lessen"
	if v.Filter.Query != "" || v.Filter.Theme != "" || v.Filter.Pilot != "" ||
		v.Filter.Municipality != "" ||
		v.Filter.Status != "" || v.Filter.Tag != "" || v.Ready {
		what = "Gevonden lessen"
	}
	return fmt.Sprintf("%s (%d)", what, v.Total)
}

// Range says which lessons this page shows when there are several pages: "Lessen 21
// tot en met 40 van 47."
func (v lessonListView) Range() string {
	if len(v.Lessons) == 0 || (v.First == 1 && !v.More) {
		return ""
	}
	return fmt.Sprintf("Lessen %d tot en met %d van %d.", v.First, v.First+len(v.Lessons)-1, v.Total)
}

func (h *handlers) lessonList(c echo.Context) error {
	ctx := c.Request().Context()
	q := c.QueryParams()
	f := lessons.Filter{Query: q.Get("q"), Theme: q.Get("theme"), Pilot: q.Get("pilot"),
		Municipality: q.Get("municipality"),
		Status:       q.Get("status"), Tag: q.Get("tag"), ReadyOnly: q.Get("readyForScaleUp") == "true", PageSize: lessonPageSize}
	fields := map[string]string{}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 {
			n, fields["page"] = 1, "Onbekende pagina."
		}
		f.Page = n
	}
	pl, err := h.places(ctx)
	if err != nil {
		return err
	}
	tags, err := h.Lessons.Tags(ctx)
	if err != nil {
		return err
	}
	view := lessonListView{
		Filter:   f,
		Ready:    f.ReadyOnly,
		Places:   pl,
		Themes:   themeOptions,
		Tags:     tags,
		MayWrite: h.guard.May(c, "lessons", "write"),
	}
	actor := h.guard.Actor(c)
	list, more, err := h.Lessons.List(ctx, actor, f)
	if err == nil {
		view.Total, err = h.Lessons.Count(ctx, actor, f)
	}
	if e, ok := errs.As(err); ok && e.Kind == errs.KindInvalid {
		for _, p := range e.Fields {
			fields[p.Name] = p.Reason
		}
	} else if err != nil {
		return err
	}
	reference := outcomes.ReferenceDate(calendar.Today(h.Clock()))
	for _, l := range list {
		view.Lessons = append(view.Lessons, newLessonView(l, pl, reference))
	}
	page := max(f.Page, 1)
	view.More, view.First = more, (page-1)*lessonPageSize+1
	link := func(n int) string {
		v := c.Request().URL.Query()
		v.Set("page", strconv.Itoa(n))
		return "/lessen?" + v.Encode()
	}
	if more {
		view.Next = link(page + 1)
	}
	if page > 1 {
		view.Previous = link(page - 1)
	}
	status := http.StatusOK
	if len(fields) > 0 && c.Request().Header.Get("HX-Request") != "true" {
		status = http.StatusBadRequest
	}
	return h.render(c, status, "lessons", "Lessen", view, withFieldsIf(fields), inNav("lessen"))
}

const lessonPageSize = 20

func withFieldsIf(fields map[string]string) func(*page) {
	if len(fields) == 0 {
		return func(*page) {}
	}
	return withFields(fields)
}

// lessonPageView is what lesson.html shows.
type lessonPageView struct {
	Lesson     lessonView
	MayEdit    bool
	MayPublish bool
	MayAssess  bool
	Tags       string // the assessment form's value
}

func (h *handlers) lessonPage(c echo.Context) error {
	l, pl, err := h.readLesson(c)
	if err != nil {
		return err
	}
	return h.showLesson(c, http.StatusOK, l, pl, joinTags(l.Tags))
}

func (h *handlers) showLesson(
	c echo.Context,
	status int,
	l lessons.Lesson,
	pl outcomepage.Places,
	tags string,
	mods ...func(*page),
) error {
	draft := l.Status == lessons.Draft
	view := lessonPageView{Lesson: newLessonView(
		l,
		pl,
		outcomes.ReferenceDate(calendar.Today(h.Clock())),
	),
		Tags:       tags,
		MayEdit:    draft && h.guard.May(c, "lessons", "write"),
		MayPublish: draft && h.guard.May(c, "lessons", "publish"),
		MayAssess:  !draft && h.guard.May(c, "lessons", "tag")}
	return h.render(c, status, "lesson", l.Title, view, append(mods, inNav("lessen"))...)
}

// readLesson reads the lesson of the path for the actor: 404 when it does not exist
// or is a draft of another municipality.
func (h *handlers) readLesson(c echo.Context) (lessons.Lesson, outcomepage.Places, error) {
	id, err := lessonID(c)
	if err != nil {
		return lessons.Lesson{}, outcomepage.Places{}, err
	}
	l, err := h.Lessons.Get(c.Request().Context(), h.guard.Actor(c), id)
	if err != nil {
		return lessons.Lesson{}, outcomepage.Places{}, err
	}
	pl, err := h.places(c.Request().Context())
	return l, pl, err
}

func lessonID(c echo.Context) (uuid.UUID, error) { return pathID(c, "Les") }

// publishLesson publishes a draft once the team lead has ticked that publishing
// cannot be undone; without the tick the lesson shows again with the error beside it.
func (h *handlers) publishLesson(c echo.Context) error {
	id, err := lessonID(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "ja" {
		l, pl, err := h.readLesson(c)
		if err != nil {
			return err
		}
		if l.Status != lessons.Draft {
			return errs.Conflict("Deze les is al gepubliceerd.")
		}
		return h.showLesson(c, http.StatusBadRequest, l, pl, joinTags(l.Tags),
			withFields(map[string]string{
				"confirm": "Vink aan dat u begrijpt dat publiceren niet ongedaan kan worden gemaakt."}))
	}
	if _, err := h.Lessons.Publish(c.Request().Context(), h.guard.Actor(c), id); err != nil {
		return err
	}
	return h.redirect(c, "/lessen/"+id.String(), "lesson-published")
}

// assessLesson records the ministry's labels and "klaar voor opschaling"; a wrong
// label shows the lesson again with the error beside the field and the text kept.
func (h *handlers) assessLesson(c echo.Context) error {
	id, err := lessonID(c)
	if err != nil {
		return err
	}
	tags := c.FormValue("tags")
	_, err = h.Lessons.Assess(
		c.Request().Context(),
		h.guard.Actor(c),
		id,
		splitTags(tags),
		c.FormValue("readyForScaleUp") == "true",
	)
	if e, ok := errs.As(err); ok && e.Kind == errs.KindInvalid {
		l, pl, rerr := h.readLesson(c)
		if rerr != nil {
			return rerr
		}
		return h.showLesson(c, http.StatusBadRequest, l, pl, tags, withFields(problemFields(e)))
	}
	if err != nil {
		return err
	}
	return h.redirect(c, "/lessen/"+id.String(), "lesson-assessed")
}

func problemFields(e *errs.Error) map[string]string {
	out := map[string]string{}
	for _, f := range e.Fields {
		if _, ok := out[f.Name]; !ok {
			out[f.Name] = f.Reason
		}
	}
	return out
}
