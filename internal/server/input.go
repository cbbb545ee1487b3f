package server

import (
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"
)

// MaxRequestBytes bounds the body of every request, pages and API alike, before any
// handler reads it: the largest form (a new case) is a few KiB, and no route takes
// an upload. The API's JSON decoder bounds its bodies tighter (MaxBodyBytes).
const MaxRequestBytes = 1 << 20

// limitBody refuses a body over MaxRequestBytes: at once when its length is declared,
// else when reading passes the limit (the connection is then closed rather than
// drained, so a client cannot make the server read 50 MB of form).
func limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.ContentLength > MaxRequestBytes {
			c.Response().Header().Set(echo.HeaderConnection, "close")
			return tooLarge()
		}
		if req.Body != nil && req.Body != http.NoBody {
			req.Body = http.MaxBytesReader(c.Response().Writer, req.Body, MaxRequestBytes)
		}
		return next(c)
	}
}

func tooLarge() *Problem {
	return NewProblem(
		http.StatusRequestEntityTooLarge,
		fmt.Sprintf("Het verzoek is te groot (hoogstens %d MiB).", MaxRequestBytes>>20),
	)
}

// validInput refuses, for every route, a path, query or form value that is not
// UTF-8 or holds a NUL character: no identifier, code, search term or form field can
// contain them, and PostgreSQL cannot store them in text. The answer is 400, as
// problem+json on the API and as a Dutch page elsewhere (the error handler decides).
func validInput(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if !cleanText(req.URL.Path) || !cleanText(req.URL.RawPath) ||
			strings.Contains(strings.ToLower(req.URL.RawQuery), "%00") ||
			strings.ContainsRune(req.URL.RawQuery, 0) {
			return badInput("")
		}
		if name, ok := cleanValues(req.URL.Query()); !ok {
			return badInput(name)
		}
		if isMultipart(req) {
			// No route takes uploads, and a multipart body would reach c.FormValue
			// unchecked: refuse it rather than check a second form encoding.
			return NewProblem(
				http.StatusUnsupportedMediaType,
				"Stuur een formulier als application/x-www-form-urlencoded of gegevens als JSON.",
			)
		}
		if !isForm(req) {
			return next(c)
		}
		if err := req.ParseForm(); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return tooLarge()
			}
			return NewProblem(http.StatusBadRequest, "Het formulier kon niet worden gelezen.")
		}
		if name, ok := cleanValues(req.PostForm); !ok {
			return badInput(name)
		}
		return next(c)
	}
}

func badInput(name string) *Problem {
	p := NewProblem(
		http.StatusBadRequest,
		"De invoer bevat een ongeldig teken (geen UTF-8, of het teken NUL).",
	)
	if name != "" {
		p.InvalidParams = []InvalidParam{{Name: name, Reason: "Bevat een ongeldig teken."}}
	}
	return p
}

func cleanText(s string) bool { return utf8.ValidString(s) && !strings.ContainsRune(s, 0) }

// cleanValues names the first bad key or value, in key order so the answer is stable.
func cleanValues(v url.Values) (string, bool) {
	keys := make([]string, 0, len(v))
	for k := range v {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !cleanText(k) {
			return "", false
		}
		for _, s := range v[k] {
			if !cleanText(s) {
				return k, false
			}
		}
	}
	return "", true
}

func isMultipart(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	return strings.HasPrefix(mt, "multipart/")
}

func isForm(r *http.Request) bool {
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return false
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	return mt == echo.MIMEApplicationForm
}
