package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/database"
	"github.com/startbaan/startbaan/internal/errs"
	"github.com/startbaan/startbaan/internal/idempotency"
)

// RetryAfterSeconds is what a 503 asks the client to wait: an outage, a stall past a
// timeout or a server that stops is either over in a few seconds or the next instance
// takes the request.
const RetryAfterSeconds = "5"

// unavailableDetail is the detail of every 503.
const unavailableDetail = "De dienst is tijdelijk niet beschikbaar. Er is niets opgeslagen dat niet bevestigd is; probeer het over een paar seconden opnieuw."

// Problem is an RFC 9457 problem detail. Titles and details are Dutch, fit to show
// a user; internal error text never reaches it.
type Problem struct {
	Type          string         `json:"type,omitempty"`
	Title         string         `json:"title"`
	Status        int            `json:"status"`
	Detail        string         `json:"detail"`
	Instance      string         `json:"instance,omitempty"`
	InvalidParams []InvalidParam `json:"invalidParams,omitempty"`
}

// InvalidParam names one invalid input field and what is wrong with it.
type InvalidParam struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

var titles = map[int]string{
	http.StatusBadRequest:            "Ongeldig verzoek",
	http.StatusUnauthorized:          "Niet ingelogd",
	http.StatusForbidden:             "Geen toegang",
	http.StatusNotFound:              "Niet gevonden",
	http.StatusMethodNotAllowed:      "Methode niet toegestaan",
	http.StatusConflict:              "Conflict",
	http.StatusPreconditionFailed:    "Verouderde versie",
	http.StatusRequestEntityTooLarge: "Verzoek te groot",
	http.StatusUnprocessableEntity:   "Sleutel al gebruikt",
	http.StatusUnsupportedMediaType:  "Niet-ondersteund formaat",
	http.StatusPreconditionRequired:  "Versie vereist",
	http.StatusTooManyRequests:       "Te veel verzoeken",
	http.StatusInternalServerError:   "Interne fout",
	http.StatusServiceUnavailable:    "Niet beschikbaar",
}

func NewProblem(status int, detail string) *Problem {
	t := titles[status]
	if t == "" {
		t = http.StatusText(status)
	}
	return &Problem{Title: t, Status: status, Detail: detail}
}

func (p *Problem) Error() string { return p.Title + ": " + p.Detail }

// ProblemFor maps any error to a problem. This is the one place where domain error
// kinds become HTTP statuses.
func ProblemFor(err error) (p *Problem, internal bool) {
	if errors.As(err, &p) {
		return p, false
	}
	if e, ok := errs.As(err); ok {
		return domainProblem(e), false
	}
	if errors.Is(err, idempotency.ErrMismatch) {
		return NewProblem(http.StatusUnprocessableEntity,
			"Deze Idempotency-Key is al gebruikt voor een ander verzoek. "+
				"Gebruik voor elk nieuw verzoek een nieuwe sleutel."), false
	}
	if database.IsUnavailable(err) || database.IsRetryable(err) {
		// Not internal: the fault is outside this server, and the outage log
		// summarises it instead of one line per request.
		return NewProblem(http.StatusServiceUnavailable, unavailableDetail), false
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		return echoProblem(he), he.Code >= 500
	}
	return NewProblem(
		http.StatusInternalServerError,
		"Er ging iets mis aan onze kant. Probeer het later opnieuw.",
	), true
}

func domainProblem(e *errs.Error) *Problem {
	status := map[errs.Kind]int{
		errs.KindNotFound:     http.StatusNotFound,
		errs.KindInvalid:      http.StatusBadRequest,
		errs.KindConflict:     http.StatusConflict,
		errs.KindPrecondition: http.StatusPreconditionFailed,
		errs.KindForbidden:    http.StatusForbidden,
	}[e.Kind]
	if status == 0 {
		status = http.StatusInternalServerError
	}
	p := NewProblem(status, e.Detail)
	for _, f := range e.Fields {
		p.InvalidParams = append(p.InvalidParams, InvalidParam{Name: f.Name, Reason: f.Reason})
	}
	return p
}

func echoProblem(he *echo.HTTPError) *Problem {
	switch he.Code {
	case http.StatusNotFound:
		return NewProblem(he.Code, "Deze URL bestaat niet.")
	case http.StatusMethodNotAllowed:
		return NewProblem(he.Code, "Deze methode is op deze URL niet toegestaan.")
	case http.StatusRequestEntityTooLarge:
		return NewProblem(http.StatusBadRequest, "Het verzoek is te groot.")
	}
	if he.Code >= 500 {
		return NewProblem(
			http.StatusInternalServerError,
			"Er ging iets mis aan onze kant. Probeer het later opnieuw.",
		)
	}
	return NewProblem(he.Code, http.StatusText(he.Code))
}

// writeProblem writes the error as application/problem+json and logs only internal
// errors, once, with the request id.
func (s *Server) writeProblem(err error, c echo.Context) {
	p, internal := ProblemFor(err)
	p.Instance = c.Request().URL.Path
	if internal {
		s.log.ErrorContext(c.Request().Context(), "request failed", "error", err,
			"request_id", c.Response().Header().Get(
				echo.HeaderXRequestID,
			), "method", KnownMethod(c.Request().Method),
			"route", c.Path())
	}
	c.Response().Header().Set(echo.HeaderContentType, "application/problem+json")
	// Also on a refusal by the middleware in front of the API's own (bad input,
	// a body too large).
	if s.apiVersion != "" {
		c.Response().Header().Set("API-Version", s.apiVersion)
	}
	retryAfter(c, p.Status)
	c.Response().WriteHeader(p.Status)
	if c.Request().Method != http.MethodHead {
		_ = WriteJSON(c.Response(), p)
	}
}

// retryAfter tells the client of a 503 when to try again.
func retryAfter(c echo.Context, status int) {
	if status == http.StatusServiceUnavailable {
		c.Response().Header().Set(echo.HeaderRetryAfter, RetryAfterSeconds)
	}
}

// WriteJSON writes v as one line of JSON, with <, > and & as they are.
func WriteJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
