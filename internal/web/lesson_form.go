package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/lessons"
	"github.com/startbaan/startbaan/internal/pilots"
	"github.com/startbaan/startbaan/internal/web/dutch"
	"github.com/startbaan/startbaan/internal/web/outcomepage"
)

// themeOptions are the themes of internal/lessons in Dutch.
var themeOptions = []option{{"werkgevers", "Werkgevers"},
	{"combinatie_werk_inburgering", "Combinatie van werk en inburgering"},
	{"begeleiding", "Begeleiding"}, {"taal", "Taal"}, {"uitkering", "Uitkering"}, {
		"samenwerking",
		"Samenwerking",
	}, {"anders", "Anders"}}

// linkedFigureKeys are the outcome figures a lesson can point to, in the order of the
// outcomes page.
var linkedFigureKeys = []string{"flow", "offerWithin14Days", "atWork", "onBenefitAfter6Months",
	"onBenefitAfter12Months",
	"onBenefitAfter24Months", "hours", "returnWithin6Months", "returnWithin12Months", "fullBenefit", "firstPipWithin10Weeks",
	"mapCompleted", "pvtCompleted", "placementMeetsBar", "sowisRequested", "sowisGranted", "settlementToApplication",
	"applicationToOffer", "offerToWork"}

// lessonView is a lesson with names instead of codes.
type lessonView struct {
	lessons.Lesson
	MunicipalityName string
	PilotName        string
	ThemeLabel       string
	Figures          []outcomepage.LinkedFigure
}

func newLessonView(l lessons.Lesson, pl outcomepage.Places, reference time.Time) lessonView {
	v := lessonView{
		Lesson:           l,
		MunicipalityName: l.MunicipalityCode,
		ThemeLabel:       optionLabel(themeOptions, l.Theme),
	}
	if m, ok := pl.Municipality(l.MunicipalityCode); ok {
		v.MunicipalityName = m.Name
	}
	if l.PilotCode != nil {
		v.PilotName = *l.PilotCode
		if p, ok := pl.Pilot(*l.PilotCode); ok {
			v.PilotName = p.Name
		}
	}
	for _, f := range l.LinkedFigures {
		v.Figures = append(v.Figures, outcomepage.NewLinkedFigure(f, l.MunicipalityCode, reference))
	}
	return v
}

// TagLink is the list of lessons with a label.
func (v lessonView) TagLink(tag string) string {
	return "/lessen?" + url.Values{"tag": {tag}}.Encode()
}

func (v lessonView) Published() string {
	if v.PublishedAt == nil {
		return ""
	}
	return dutch.Date(v.PublishedAt.In(calendar.Zone()))
}

// lessonForm is the form of a new lesson or a changed draft, as typed.
type lessonForm struct {
	ID            string // "" for a new lesson
	Municipality  string
	Pilot         string
	Theme         string
	Title         string
	Tried         string
	Worked        string
	DidNotWork    string
	Evidence      string
	LinkedFigures []string

	Municipalities []pilots.Municipality // where the writer may write
	Pilots         []option
	Themes         []option
	FigureOptions  []option
}

func (f *lessonForm) read(c echo.Context) {
	trim := func(k string) string { return strings.TrimSpace(c.FormValue(k)) }
	f.Municipality, f.Pilot, f.Theme, f.Title = trim("municipality"), trim("pilot"), trim("theme"), trim("title")
	f.Tried, f.Worked, f.DidNotWork, f.Evidence = c.FormValue("tried"), c.FormValue("worked"), c.FormValue("didNotWork"), c.FormValue("evidence")
	form, _ := c.FormParams()
	f.LinkedFigures = form["linkedFigures"]
}

// check adds what the page knows beyond the domain's rules: linked figures are the
// outcomes page's figures.
func (f lessonForm) check() map[string]string {
	fields := map[string]string{}
	for _, k := range f.LinkedFigures {
		if !slices.Contains(linkedFigureKeys, k) {
			fields["linkedFigures"] = "Kies cijfers uit de lijst."
		}
	}
	if f.Title == "" {
		fields["title"] = "Geef de les een titel."
	}
	if f.Theme == "" {
		fields["theme"] = "Kies een thema."
	}
	return fields
}

func (f lessonForm) text() lessons.Text {
	t := lessons.Text{MunicipalityCode: f.Municipality, Theme: f.Theme, Title: f.Title, Tried: f.Tried,
		Worked:     f.Worked,
		DidNotWork: f.DidNotWork, Evidence: f.Evidence, LinkedFigures: f.LinkedFigures}
	if f.Pilot != "" {
		p := f.Pilot
		t.PilotCode = &p
	}
	return t
}

// withChoices fills the form's lists: the municipalities the writer writes for, and
// the pilots of those municipalities.
func (h *handlers) withChoices(c echo.Context, f lessonForm) (lessonForm, error) {
	pl, err := h.places(c.Request().Context())
	if err != nil {
		return f, err
	}
	actor := h.guard.Actor(c)
	f.Municipalities, f.Pilots = nil, nil
	for _, m := range pl.Municipalities {
		if slices.Contains(actor.Municipalities, m.ID) {
			f.Municipalities = append(f.Municipalities, m)
		}
	}
	for _, p := range pl.Pilots {
		if slices.ContainsFunc(
			p.Municipalities,
			func(m pilots.Municipality) bool { return slices.Contains(actor.Municipalities, m.ID) },
		) {
			f.Pilots = append(f.Pilots, option{p.Code, p.Name})
		}
	}
	if f.Municipality == "" && len(f.Municipalities) > 0 {
		f.Municipality = f.Municipalities[0].Code
	}
	f.Themes = themeOptions
	for _, k := range linkedFigureKeys {
		f.FigureOptions = append(f.FigureOptions, option{k, outcomepage.FigureLabel(k)})
	}
	return f, nil
}

func (h *handlers) showLessonForm(
	c echo.Context,
	status int,
	f lessonForm,
	fields map[string]string,
) error {
	f, err := h.withChoices(c, f)
	if err != nil {
		return err
	}
	title := "Nieuwe les"
	if f.ID != "" {
		title = "Les bewerken"
	}
	return h.render(c, status, "lesson_form", title, f, withFieldsIf(fields), inNav("lessen"))
}

func (h *handlers) newLessonPage(c echo.Context) error {
	return h.showLessonForm(c, http.StatusOK, lessonForm{}, nil)
}

func (h *handlers) createLesson(c echo.Context) error {
	var f lessonForm
	f.read(c)
	if fields := f.check(); len(fields) > 0 {
		return h.showLessonForm(c, http.StatusBadRequest, f, fields)
	}
	l, err := h.Lessons.Create(c.Request().Context(), h.guard.Actor(c), f.text())
	if e, ok := errs.As(err); ok && e.Kind == errs.KindInvalid {
		return h.showLessonForm(c, http.StatusBadRequest, f, problemFields(e))
	}
	if err != nil {
		return err
	}
	return h.redirect(c, "/lessen/"+l.ID.String(), "lesson-saved")
}

func (h *handlers) editLessonPage(c echo.Context) error {
	l, _, err := h.readLesson(c)
	if err != nil {
		return err
	}
	if l.Status != lessons.Draft {
		return errs.Conflict("Een gepubliceerde les wordt niet meer gewijzigd.")
	}
	f := lessonForm{ID: l.ID.String(), Municipality: l.MunicipalityCode, Theme: l.Theme,
		Title: l.Title, Tried: l.Tried,
		Worked: l.Worked, DidNotWork: l.DidNotWork, Evidence: l.Evidence, LinkedFigures: l.LinkedFigures}
	if l.PilotCode != nil {
		f.Pilot = *l.PilotCode
	}
	return h.showLessonForm(c, http.StatusOK, f, nil)
}

func (h *handlers) updateLesson(c echo.Context) error {
	id, err := lessonID(c)
	if err != nil {
		return err
	}
	f := lessonForm{ID: id.String()}
	f.read(c)
	if fields := f.check(); len(fields) > 0 {
		return h.showLessonForm(c, http.StatusBadRequest, f, fields)
	}
	_, err = h.Lessons.Update(c.Request().Context(), h.guard.Actor(c), id, f.text())
	if e, ok := errs.As(err); ok && e.Kind == errs.KindInvalid {
		return h.showLessonForm(c, http.StatusBadRequest, f, problemFields(e))
	}
	if err != nil {
		return err
	}
	return h.redirect(c, "/lessen/"+id.String(), "lesson-saved")
}

// splitTags reads "a, b" as labels; joinTags writes them back.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func joinTags(tags []string) string { return strings.Join(tags, ", ") }
