package web

import (
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/labstack/echo/v4"
)

type errorData struct {
	Status  int
	Heading string
	Detail  string
}

// renderError shows a refusal or failure as a page in Dutch. Not logged in: to the
// login page, coming back here afterwards (for a GET). When the error page itself
// fails, a plain text answer goes out and the failure back to be logged.
func (h *handlers) renderError(
	c echo.Context,
	status int,
	detail string,
	fields map[string]string,
	internal bool,
) error {
	if status == http.StatusUnauthorized {
		to := "/inloggen"
		if c.Request().Method == http.MethodGet {
			to += "?terug=" + url.QueryEscape(c.Request().URL.RequestURI())
		}
		return h.redirect(c, to, "")
	}
	heading := map[int]string{http.StatusForbidden: "Geen toegang",
		http.StatusNotFound:   "Niet gevonden",
		http.StatusBadRequest: "Dat ging niet", http.StatusConflict: "Dat kan nu niet",
		http.StatusPreconditionFailed: "Iemand anders was u voor", http.StatusRequestEntityTooLarge: "Te veel gegevens",
		http.StatusServiceUnavailable: "Tijdelijk niet beschikbaar"}[status]
	if heading == "" {
		heading = "Er ging iets mis"
	}
	if internal || detail == "" {
		detail = "Er ging iets mis aan onze kant. Probeer het later opnieuw."
	}
	if status == http.StatusForbidden && !strings.HasPrefix(detail, "U heeft geen rol") {
		detail = "U heeft geen rol die deze pagina of handeling toestaat. " + detail
	}
	err := h.render(
		c,
		status,
		"error",
		heading,
		errorData{Status: status, Heading: heading, Detail: detail},
	)
	if err != nil && !c.Response().Committed {
		return errors.Join(err, c.String(http.StatusInternalServerError, "Er ging iets mis."))
	}
	return err
}
