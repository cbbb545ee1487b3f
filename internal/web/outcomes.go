package web

import (
	"context"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/calendar"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/outcomes"
	"github.com/startbaan/startbaan/internal/releaseview"
	"github.com/startbaan/startbaan/internal/web/outcomepage"
)

// outcomesPage shows the outcomes for the reader's choices: live for the reader's
// own municipalities, from a release for anything else (no live figure leaves a
// municipality). The layout is internal/web/outcomepage's.
func (h *handlers) outcomesPage(c echo.Context) error {
	ctx := c.Request().Context()
	actor := h.guard.Actor(c)
	pl, err := h.places(ctx)
	if err != nil {
		return err
	}
	pl = pl.OfReader(actor)
	reference := outcomes.ReferenceDate(calendar.Today(h.Clock()))
	choices := outcomepage.ReadChoices(c.QueryParams(), outcomepage.DefaultChoices(pl, reference))
	q, fields := choices.Query(pl)
	fromRelease := !outcomepage.OwnOnly(q, pl)
	if fromRelease {
		fields = choices.ReleaseWidth(&q, fields)
	}
	view := outcomepage.NewView(choices, pl, reference)
	if fromRelease {
		view.Choices.Cohort = q.Cohort
	}
	if len(fields) == 0 && fromRelease {
		rv, err := h.releaseTables(c, q)
		if fields, err = choices.DomainFields(err); err != nil {
			return err
		}
		if rv != nil {
			rv.LinkExports(choices, q)
		}
		view.Release = rv
	} else if len(fields) == 0 {
		r, err := h.Outcomes.Build(ctx, actor, q, reference)
		if fields, err = choices.DomainFields(err); err != nil {
			return err
		}
		if len(fields) == 0 {
			view.Report = outcomepage.NewReport(r, choices, q, pl, reference)
		}
	}
	if len(fields) > 0 {
		// An htmx request gets 200, or htmx would not swap the form with its errors in.
		status := http.StatusBadRequest
		if c.Request().Header.Get("HX-Request") == "true" {
			status = http.StatusOK
		}
		return h.render(
			c,
			status,
			"outcomes",
			"Uitkomsten",
			view,
			withFields(fields),
			inNav("uitkomsten"),
		)
	}
	return h.render(c, http.StatusOK, "outcomes", "Uitkomsten", view, inNav("uitkomsten"))
}

// releaseTables reads the answer to q from the release asked for (?release=), or
// the newest.
func (h *handlers) releaseTables(c echo.Context, q outcomes.Query) (
	*outcomepage.ReleaseTables,
	error,
) {
	ctx := c.Request().Context()
	id, _ := strconv.Atoi(c.QueryParam("release"))
	rel, err := h.ReleaseView.Pick(ctx, id)
	if err != nil {
		if errs.Is(err, errs.KindConflict) {
			return outcomepage.NoReleaseYet(), nil
		}
		return nil, err
	}
	a, err := h.ReleaseView.Read(ctx, rel, releaseview.Question{Municipalities: q.Municipalities,
		Pilot: q.Pilot,
		Key:   q.Key, Width: q.Cohort, Split: q.Split, From: q.From, To: q.To})
	if err != nil {
		return nil, err
	}
	return outcomepage.LayoutRelease(a), nil
}

// places are the municipalities and pilots, for the outcome and lesson pages.
func (h *handlers) places(ctx context.Context) (outcomepage.Places, error) {
	ms, err := h.Pilots.Municipalities(ctx)
	if err != nil {
		return outcomepage.Places{}, err
	}
	ps, err := h.Pilots.Pilots(ctx)
	if err != nil {
		return outcomepage.Places{}, err
	}
	return outcomepage.Places{Municipalities: ms, Pilots: ps}, nil
}
