package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/startbaan/startbaan/internal/server"
)

// MaxBodyBytes bounds every request body: the largest legitimate one, a new case,
// is well under 4 KiB.
const MaxBodyBytes = 64 << 10

// decode reads a JSON body strictly into dst: the right content type, no unknown
// fields, no trailing data, nothing over MaxBodyBytes. Every failure is a 400 (or
// 415) problem that says what is wrong, never a 500.
func decode(c echo.Context, dst any) error {
	body, err := io.ReadAll(http.MaxBytesReader(c.Response(), c.Request().Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return server.NewProblem(
				http.StatusBadRequest,
				fmt.Sprintf("Het verzoek is te groot (hoogstens %d KiB).", MaxBodyBytes>>10),
			)
		}
		return server.NewProblem(http.StatusBadRequest, "Het verzoek kon niet worden gelezen.")
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return server.NewProblem(
			http.StatusBadRequest,
			"Het verzoek heeft geen inhoud; stuur een JSON-object.",
		)
	}
	if err := checkContentType(c.Request()); err != nil {
		return err
	}
	if body = bytes.TrimSpace(body); body[0] != '{' {
		return server.NewProblem(http.StatusBadRequest, "Stuur een JSON-object: {...}.")
	}
	if !utf8.Valid(body) {
		p := server.NewProblem(http.StatusBadRequest, "De invoer bevat tekst die geen geldige UTF-8 is.")
		p.InvalidParams = []server.InvalidParam{
			{Name: invalidUTF8(body), Reason: "Geen geldige UTF-8-tekst."},
		}
		return p
	}
	if escapedNUL.Match(body) {
		// PostgreSQL cannot store the NUL character in text.
		return server.NewProblem(http.StatusBadRequest, "Tekst mag het teken \\u0000 niet bevatten.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonProblem(err)
	}
	if dec.More() {
		return server.NewProblem(http.StatusBadRequest, "Na het JSON-object staat nog meer tekst.")
	}
	return nil
}

// escapedNUL finds \u0000 in JSON text, but not an escaped backslash followed by "u0000".
var escapedNUL = regexp.MustCompile(`(^|[^\\])(\\\\)*\\u0000`)

func checkContentType(r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get(echo.HeaderContentType))
	if err == nil && (mt == "application/json" || strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return server.NewProblem(
		http.StatusUnsupportedMediaType,
		"Stuur de gegevens als JSON (Content-Type: application/json).",
	)
}

func jsonProblem(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var field *fieldError
	p := server.NewProblem(http.StatusBadRequest, "De invoer bevat fouten.")
	switch {
	case errors.As(err, &syntax):
		p.Detail = fmt.Sprintf("Ongeldige JSON bij teken %d.", syntax.Offset)
	case errors.As(err, &field):
		p.InvalidParams = []server.InvalidParam{{Name: field.name, Reason: field.reason}}
	case errors.As(err, &typ):
		name := typ.Field
		if name == "" {
			name = "body"
		}
		p.InvalidParams = []server.InvalidParam{
			{Name: name, Reason: "Verwacht " + typeName(typ.Type.Kind().String()) + "."},
		}
	case errors.Is(err, io.EOF):
		p.Detail = "Het verzoek heeft geen inhoud; stuur een JSON-object."
	case errors.Is(err, io.ErrUnexpectedEOF):
		p.Detail = "De JSON is onvolledig."
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, reason := strings.Trim(
			strings.TrimPrefix(err.Error(), "json: unknown field "),
			`"`,
		), "Onbekend veld."
		if name == "" {
			name, reason = "body", `Onbekend veld zonder naam ("").`
		}
		p.InvalidParams = []server.InvalidParam{{Name: name, Reason: reason}}
	default:
		p.Detail = "De JSON kon niet worden gelezen."
	}
	return p
}

func typeName(kind string) string {
	switch kind {
	case "string":
		return "tekst"
	case "bool":
		return "true of false"
	case "slice", "array":
		return "een lijst"
	case "struct", "map":
		return "een object"
	default:
		return "een getal"
	}
}

// fieldError is returned by the UnmarshalJSON methods of this package's value types
// so that the problem can name the field.
type fieldError struct {
	name, reason string
}

func (e *fieldError) Error() string { return e.name + ": " + e.reason }
