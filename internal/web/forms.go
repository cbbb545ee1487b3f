package web

import (
	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/errs"
)

// option is an entry of a select or a radio group: the value the domain takes and its
// Dutch label. Shared by every page with choices (the outcome pages have their own,
// outcomepage.Option, of the same shape, so the same partials take both).
type option struct{ Value, Label string }

// optionLabel is the label of the option with value v, or v itself.
func optionLabel(opts []option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// labelOr is the Dutch label of a code, or the code itself when it has none.
func labelOr(labels map[string]string, s string) string {
	if l, ok := labels[s]; ok {
		return l
	}
	return s
}

// pathID reads the record id of the path (":id"). A malformed id is not found, like
// a record outside the user's scope: the answer tells nothing either way.
func pathID(c echo.Context, what string) (uuid.UUID, error) {
	id, err := uuid.Parse(c.Param("id"))
	if err != nil {
		return uuid.Nil, errs.NotFound(what)
	}
	return id, nil
}
